from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marketplace kernel"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from marketplace.models import Category
        from marketplace.page_versions import categories_changed
        from marketplace.security.two_factor import connect_signals

        connect_signals()
        # Cached navigation and listings (marketplace.page_versions) follow the category tree.
        post_save.connect(categories_changed, sender=Category, dispatch_uid="page_versions_category_saved")
        post_delete.connect(categories_changed, sender=Category, dispatch_uid="page_versions_category_deleted")
