"""Moderation writes, one module per sub-domain; re-exported so ``from moderation.services import x`` works.

- rules: listing rules (operators' CRUD), evaluation of offers, suppression
- queue: the review queue and its decisions, reason templates
- reports: buyers' reports about listings and vendors
- shipping: ship-by dates and late shipments
- enforcement: scorecard-driven steps and their reversal
- thresholds: the operators' scorecard thresholds
"""

from moderation.services.enforcement import standing_evaluate, standing_reverse, standings_evaluate_all
from moderation.services.queue import (
    reason_template_create,
    review_item_approve,
    review_item_bulk_decide,
    review_item_claim,
    review_item_open,
    review_item_reject,
    review_item_request_changes,
)
from moderation.services.reports import report_create
from moderation.services.rules import (
    listing_evaluate,
    listing_rule_create,
    listing_rule_update,
    offer_restore,
    offer_suppress,
)
from moderation.services.thresholds import scorecard_threshold_set

__all__ = [
    "listing_evaluate",
    "listing_rule_create",
    "listing_rule_update",
    "offer_restore",
    "offer_suppress",
    "reason_template_create",
    "report_create",
    "review_item_approve",
    "review_item_bulk_decide",
    "review_item_claim",
    "review_item_open",
    "review_item_reject",
    "review_item_request_changes",
    "scorecard_threshold_set",
    "standing_evaluate",
    "standing_reverse",
    "standings_evaluate_all",
]
