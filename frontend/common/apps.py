from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Design system and helpers shared by the storefront, seller central and the console."""

    name = "frontend.common"
    label = "frontend_common"
