from django.apps import AppConfig


class VendorsConfig(AppConfig):
    name = "vendors"

    def ready(self) -> None:
        from marketplace.outbox import outbox_register
        from vendors.emails import VENDOR_MAIL, handle_vendor_mail
        from vendors.services.stripe_connect import STRIPE_ACCOUNT_REQUESTED, handle_stripe_account_requested

        outbox_register(VENDOR_MAIL, handle_vendor_mail)
        outbox_register(STRIPE_ACCOUNT_REQUESTED, handle_stripe_account_requested)
        from vendors.notifications import NOTIFICATION_MAIL, handle_notification_mail

        outbox_register(NOTIFICATION_MAIL, handle_notification_mail)
        from vendors.services.seller_terms import TERMS_MAIL, handle_terms_mail

        outbox_register(TERMS_MAIL, handle_terms_mail)
        from marketplace.events import ORDER_REACHED_SELLERS
        from vendors.notifications import handle_order_reached_sellers

        outbox_register(ORDER_REACHED_SELLERS, handle_order_reached_sellers)
