from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self) -> None:
        from marketplace.api import exception_translator_register
        from marketplace.outbox import outbox_register
        from search.engine import unavailable_error
        from search.indexing import SYNONYMS_CHANGED, handle_product_changed, handle_synonyms_changed
        from vendors.services import PRODUCT_CHANGED

        outbox_register(PRODUCT_CHANGED, handle_product_changed, batch=True)  # bulk indexing
        outbox_register(SYNONYMS_CHANGED, handle_synonyms_changed, batch=True)
        exception_translator_register(unavailable_error)  # 503 with Retry-After, not a 500
