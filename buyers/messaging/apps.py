from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "buyers.messaging"
    label = "messaging"

    def ready(self) -> None:
        from buyers.messaging import emails, selectors
        from marketplace.outbox import outbox_register
        from moderation import scorecards

        outbox_register(emails.MESSAGE_CREATED, emails.message_notification_send)
        outbox_register(emails.CLAIM_CHANGED, emails.claim_notification_send)
        # Claims count towards the order defect rate; answer times are shown on the scorecard.
        scorecards.defect_source_register("claim", selectors.claim_defective_vendor_order_ids)
        scorecards.measure_register("response_time", selectors.vendor_response_time)

        from buyers import gdpr
        from buyers.messaging import gdpr as messaging_gdpr

        # The person's data export and erasure (buyers.gdpr) include this app's rows.
        gdpr.exporter_register("messaging", messaging_gdpr.messages_export)
        gdpr.eraser_register("messaging", messaging_gdpr.messages_erase)
