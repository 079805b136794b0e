"""Messaging and claim settings, each overridable in Django settings (marketplace/settings.py)."""

from django.conf import settings

DEFAULTS = {
    # Attachments: PDF, PNG or JPEG recognised by content, at most this many bytes.
    "MESSAGING_ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024,
    # "Not received" may be claimed this many days after the ship-by date (transit time).
    "MESSAGING_CLAIM_NOT_RECEIVED_DAYS": 10,
    # Any claim may be opened until this many days after the ship-by date.
    "MESSAGING_CLAIM_WINDOW_DAYS": 90,
    # The seller answers (evidence or a refund) within this many days, else the platform refunds.
    "MESSAGING_CLAIM_RESPONSE_DAYS": 3,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
