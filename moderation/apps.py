from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self) -> None:
        from marketplace.outbox import outbox_register
        from moderation.emails import MODERATION_MAIL, handle_moderation_mail
        from moderation.services.rules import listing_changed, listings_created
        from moderation.targets import register_builtin_targets
        from vendors.services.events import listing_listener_register

        outbox_register(MODERATION_MAIL, handle_moderation_mail)
        from moderation.dsa_emails import DSA_MAIL, handle_dsa_mail

        outbox_register(DSA_MAIL, handle_dsa_mail)
        from moderation.services.recall import RECALL_MAIL, handle_recall_mail

        outbox_register(RECALL_MAIL, handle_recall_mail)
        listing_listener_register(listing_changed, created_batch=listings_created)
        register_builtin_targets()
        from moderation.services.statements import statement_for_vendor_suspension
        from vendors.services.events import vendor_status_listener_register

        vendor_status_listener_register(statement_for_vendor_suspension)
