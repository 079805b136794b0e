"""Wishlists, alerts, recently viewed and the for-you stream."""

from django.apps import AppConfig


class WishlistsConfig(AppConfig):
    name = "buyers.wishlists"
    label = "wishlists"

    def ready(self):
        from buyers.wishlists.emails import handle_alert_mail, handle_product_changed
        from buyers.wishlists.services import (
            ALERT_MAIL,
            PRODUCT_CHANGED,
            wishlist_listing_changed,
            wishlist_listings_created,
        )
        from marketplace.outbox import outbox_register
        from vendors.services.events import listing_listener_register

        outbox_register(PRODUCT_CHANGED, handle_product_changed)
        outbox_register(ALERT_MAIL, handle_alert_mail)
        # Offer price/status/stock edits check wishlists right after they commit; restocks that
        # do not go through the listing services (cancellations, imports) wait for the periodic check.
        listing_listener_register(wishlist_listing_changed, created_batch=wishlist_listings_created)

        from buyers import gdpr
        from buyers.wishlists import gdpr as wishlists_gdpr

        # The person's data export and erasure (buyers.gdpr) include this app's rows.
        gdpr.exporter_register("wishlists", wishlists_gdpr.wishlists_export)
        gdpr.eraser_register("wishlists", wishlists_gdpr.wishlists_erase)
