from django.urls import path

from integrations import views

urlpatterns = [
    path("carriers/<slug:carrier>/events/", views.carrier_events, name="carrier-events"),
]

# The headless product API (integrations/api_products.py); CORS for CORS_ALLOWED_ORIGINS.
from integrations import api_products  # noqa: E402

urlpatterns += [
    path("catalog/products/<int:product_id>/", api_products.ProductDetailApi.as_view(), name="catalog-product"),
]
