"""All server-rendered pages under one namespace ("frontend:home", "frontend:seller_orders", ...).

Each audience keeps its own routes: frontend/storefront/urls.py (buyers), frontend/seller/urls.py
(/seller/), frontend/console/urls.py (/console/); frontend/common holds what they share.
"""

from frontend.common import urls as common
from frontend.console import urls as console
from frontend.seller import urls as seller
from frontend.storefront import urls as storefront

app_name = "frontend"
urlpatterns = common.urlpatterns + storefront.urlpatterns + seller.urlpatterns + console.urlpatterns
