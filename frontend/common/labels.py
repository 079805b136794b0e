"""Translated labels for stored choice values (the models' own labels are not translated)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {
    "condition": {
        "new": pgettext_lazy("offer condition", "New"),
        "refurbished": pgettext_lazy("offer condition", "Refurbished"),
        "used": pgettext_lazy("offer condition", "Used"),
    },
    "vendor_status": {
        "applied": pgettext_lazy("vendor status", "Applied"),
        "under_review": pgettext_lazy("vendor status", "Under review"),
        "info_requested": pgettext_lazy("vendor status", "Information requested"),
        "approved": pgettext_lazy("vendor status", "Approved"),
        "rejected": pgettext_lazy("vendor status", "Rejected"),
        "suspended": pgettext_lazy("vendor status", "Suspended"),
    },
    "order_status": {
        "pending_payment": pgettext_lazy("order status", "Pending payment"),
        "placed": pgettext_lazy("order status", "Placed"),
        "cancelled": pgettext_lazy("order status", "Cancelled"),
    },
    "vendor_order_status": {
        "open": pgettext_lazy("vendor order status", "Placed"),
        "accepted": pgettext_lazy("vendor order status", "Accepted"),
        "partially_shipped": pgettext_lazy("vendor order status", "Partially shipped"),
        "shipped": pgettext_lazy("vendor order status", "Shipped"),
        "delivered": pgettext_lazy("vendor order status", "Delivered"),
        "cancelled": pgettext_lazy("vendor order status", "Cancelled"),
    },
    "seller_notification": {
        "new_order": pgettext_lazy("seller notification", "New orders"),
        "message": pgettext_lazy("seller notification", "Messages from buyers"),
        "claim": pgettext_lazy("seller notification", "Guarantee claims"),
        "return": pgettext_lazy("seller notification", "Return requests"),
        "moderation": pgettext_lazy("seller notification", "Moderation decisions"),
        "enforcement": pgettext_lazy("seller notification", "Account health steps"),
        "payout": pgettext_lazy("seller notification", "Payouts"),
        "legal": pgettext_lazy("seller notification", "Legal notices (tax reports, terms changes)"),
    },
    "tax_field": {
        "tin": _("Tax identification number"),
        "tin_country": _("Country of the tax number"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "date_of_birth": _("Date of birth"),
        "street": _("Street and number"),
        "postal_code": _("Postal code"),
        "city": _("City"),
        "country": _("Country"),
        "register_number": _("Trade register number"),
    },
    "return_status": {
        "requested": pgettext_lazy("return status", "Requested"),
        "approved": pgettext_lazy("return status", "Approved"),
        "rejected": pgettext_lazy("return status", "Rejected"),
        "received": pgettext_lazy("return status", "Received"),
        "refunded": pgettext_lazy("return status", "Refunded"),
    },
    "return_reason": {
        "damaged": pgettext_lazy("return reason", "Arrived damaged"),
        "not_as_described": pgettext_lazy("return reason", "Not as described"),
        "wrong_item": pgettext_lazy("return reason", "Wrong item"),
        "no_longer_needed": pgettext_lazy("return reason", "No longer needed"),
        "other": pgettext_lazy("return reason", "Other"),
    },
    "payout_status": {
        "pending": pgettext_lazy("payout status", "Pending"),
        "paid": pgettext_lazy("payout status", "Paid"),
        "failed": pgettext_lazy("payout status", "Failed"),
    },
    "payout_run_status": {
        "running": pgettext_lazy("payout run status", "Running"),
        "finished": pgettext_lazy("payout run status", "Finished"),
    },
    "payout_trigger": {
        "schedule": pgettext_lazy("payout run trigger", "Schedule"),
        "operator": pgettext_lazy("payout run trigger", "Operator"),
    },
    "payment_method": {
        "invoice": _("Invoice"),
        "card": _("Card"),
    },
    "role": {
        "owner": pgettext_lazy("vendor role", "Owner"),
        "manager": pgettext_lazy("vendor role", "Manager"),
        "fulfilment": pgettext_lazy("vendor role", "Fulfilment"),
        "finance": pgettext_lazy("vendor role", "Finance"),
    },
    "import_status": {
        "uploaded": pgettext_lazy("import status", "Uploaded"),
        "mapping": pgettext_lazy("import status", "Columns to map"),
        "checking": pgettext_lazy("import status", "Checking"),
        "checked": pgettext_lazy("import status", "Checked"),
        "queued": pgettext_lazy("import status", "Queued"),
        "importing": pgettext_lazy("import status", "Importing"),
        "done": pgettext_lazy("import status", "Done"),
        "failed": pgettext_lazy("import status", "Failed"),
    },
}


def label(kind: str, value: str) -> str:
    return LABELS.get(kind, {}).get(value, value)


# The operator console's labels live in their own module; one lookup serves both.
from frontend.common.labels_console import CONSOLE_LABELS  # noqa: E402

LABELS.update(CONSOLE_LABELS)
