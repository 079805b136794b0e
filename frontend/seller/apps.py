from django.apps import AppConfig


class SellerConfig(AppConfig):
    """Seller central: the pages under /seller/ where vendors and their staff run their shop."""

    name = "frontend.seller"
    label = "frontend_seller"
