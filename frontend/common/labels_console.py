"""Translated labels for the operator console's stored choice values (merged into labels.LABELS)."""

from django.utils.translation import pgettext_lazy

CONSOLE_LABELS = {
    "review_status": {
        "open": pgettext_lazy("review status", "Open"),
        "claimed": pgettext_lazy("review status", "Claimed"),
        "approved": pgettext_lazy("review status", "Approved"),
        "rejected": pgettext_lazy("review status", "Rejected"),
        "changes_requested": pgettext_lazy("review status", "Changes requested"),
    },
    "review_kind": {
        "new_product": pgettext_lazy("review kind", "New product"),
        "flagged_offer": pgettext_lazy("review kind", "Flagged offer"),
        "report": pgettext_lazy("review kind", "Report"),
    },
    "report_reason": {
        "counterfeit": pgettext_lazy("report reason", "Counterfeit"),
        "prohibited": pgettext_lazy("report reason", "Prohibited item"),
        "misleading": pgettext_lazy("report reason", "Misleading listing"),
        "offensive": pgettext_lazy("report reason", "Offensive content"),
        "fraud": pgettext_lazy("report reason", "Suspected fraud"),
        "other": pgettext_lazy("report reason", "Other"),
    },
    "dispute_status": {
        "open": pgettext_lazy("dispute status", "Open"),
        "won": pgettext_lazy("dispute status", "Won"),
        "lost": pgettext_lazy("dispute status", "Lost"),
    },
    "reconciliation_status": {
        "matched": pgettext_lazy("reconciliation", "Matched"),
        "amount_mismatch": pgettext_lazy("reconciliation", "Amounts differ"),
        "fee_mismatch": pgettext_lazy("reconciliation", "Fees differ"),
        "missing_in_ledger": pgettext_lazy("reconciliation", "Missing in our ledger"),
        "missing_in_stripe": pgettext_lazy("reconciliation", "Missing at Stripe"),
    },
    # VendorStanding.Level (stored as numbers).
    "standing_level": {
        0: pgettext_lazy("standing", "Good standing"),
        1: pgettext_lazy("standing", "Warning"),
        2: pgettext_lazy("standing", "Offers suppressed"),
        3: pgettext_lazy("standing", "Payouts held"),
        4: pgettext_lazy("standing", "Suspended"),
    },
    "scorecard_metric": {
        "order_defect_rate": pgettext_lazy("scorecard", "Order defect rate"),
        "late_shipment_rate": pgettext_lazy("scorecard", "Late shipment rate"),
        "cancellation_rate": pgettext_lazy("scorecard", "Cancellation rate"),
        "valid_tracking_rate": pgettext_lazy("scorecard", "Valid tracking rate"),
        "return_rate": pgettext_lazy("scorecard", "Return rate"),
        "on_time_delivery_rate": pgettext_lazy("scorecard", "On-time delivery rate"),
    },
}
