from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from marketplace.security.api import TwoFactorVerifyApi
from marketplace.security.media import media_serve
from marketplace.views import CategoryListApi, HealthApi

api_patterns = [
    path("categories/", CategoryListApi.as_view(), name="category-list"),
    path("health/", HealthApi.as_view(), name="health"),
    path("", include("vendors.urls")),
    path("", include("vendors.urls_orders")),
    path("", include("buyers.urls")),
    path("", include("search.urls")),
    path("", include("payouts.urls")),
    path("", include("moderation.urls")),
    path("", include("buyers.reviews.urls")),
    # Customer services (issue 9): help centre, surveys, wishlists.
    path("", include("buyers.helpcentre.urls")),
    path("", include("buyers.surveys.urls")),
    path("", include("buyers.wishlists.urls")),
    path("", include("buyers.messaging.urls")),
    path("", include("buyers.loyalty.urls")),
    path("", include("buyers.addons.urls")),
    path("auth/2fa/verify/", TwoFactorVerifyApi.as_view(), name="two-factor-verify"),
    # Integrations (issue 22): carriers' tracking pushes.
    path("", include("integrations.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include(api_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    re_path(r"^media/(?P<path>.+)$", media_serve, name="media"),
    path("", include("frontend.urls")),
]
