from django.apps import AppConfig


class PayoutsConfig(AppConfig):
    name = "payouts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from marketplace.models import Category
        from marketplace.outbox import outbox_register
        from payouts import checks  # noqa: F401  (registers the money settings check)
        from payouts.models import CommissionRule
        from payouts.selectors.commissions import commission_rules_forget
        from payouts.services import dac7, dunning, fees, refunds

        # Stripe calls that follow a committed change (refund, transfer reversal, fee lookup).
        outbox_register(refunds.REFUND_SEND, refunds.handle_refund_send)
        outbox_register(refunds.REVERSAL_SEND, refunds.handle_reversal_send)
        outbox_register(fees.PROCESSING_FEE_SYNC, fees.handle_processing_fee_sync)
        # Dunning mails to buyers of overdue invoices.
        outbox_register(dunning.DUNNING_MAIL, dunning.handle_dunning_mail)
        # DAC7: the notice of what will be reported, before the file.
        outbox_register(dac7.NOTICE_MAIL, dac7.handle_notice_mail)
        # The checkout reads commission rules from the cache; a changed rule or category path empties it.
        for model in (CommissionRule, Category):
            post_save.connect(commission_rules_forget, sender=model, dispatch_uid=f"commission_rules_{model.__name__}")
            post_delete.connect(
                commission_rules_forget, sender=model, dispatch_uid=f"commission_rules_{model.__name__}_del"
            )
