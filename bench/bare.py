"""Baselines for the load benchmark: the cheapest Django view and the cheapest DRF view, served by
the same gunicorn, settings and middleware as the product (bench/settings_load.py mounts them in
front of the product's URLs). What the product's pages and API cost is compared with these."""

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


def bare_django(request):
    return HttpResponse("ok", content_type="text/plain")


class BareApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("bench/bare/", bare_django, name="bench-bare"),
    path("bench/bare-api/", BareApi.as_view(), name="bench-bare-api"),
    path("", include("marketplace.urls")),
]
