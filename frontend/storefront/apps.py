from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """The storefront: the buyers' pages (catalogue, cart, checkout, orders, account, help, legal)."""

    name = "frontend.storefront"
    label = "frontend_storefront"
