from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        from marketplace.outbox import outbox_register
        from search.indexing import handle_product_changed
        from vendors.services import PRODUCT_CHANGED

        outbox_register(PRODUCT_CHANGED, handle_product_changed)
