"""Scoped reads of payouts, runs, refunds and an order's payment; the owner is in every query."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from marketplace.errors import NotFound
from marketplace.models import Order
from payouts.models import CommissionRule, Payout, PayoutRun, Refund


def payout_list(*, vendor) -> QuerySet[Payout]:
    return Payout.objects.filter(vendor_id=vendor.id).order_by("-id")


def payout_get(*, vendor, payout_id: int) -> Payout:
    payout = payout_list(vendor=vendor).filter(id=payout_id).first()
    if payout is None:
        raise NotFound(_("No such payout."), field="payout")
    return payout


def payout_run_list() -> QuerySet[PayoutRun]:
    return PayoutRun.objects.prefetch_related("payouts").order_by("-id")


def payout_run_get(*, run_id: int) -> PayoutRun:
    run = payout_run_list().filter(id=run_id).first()
    if run is None:
        raise NotFound(_("No such payout run."), field="run")
    return run


def refund_list(*, vendor) -> QuerySet[Refund]:
    return Refund.objects.filter(vendor_order__vendor_id=vendor.id).select_related("order").order_by("-id")


def commission_rule_list() -> QuerySet[CommissionRule]:
    return CommissionRule.objects.order_by("-id")


def buyer_order_get(*, buyer, number: str) -> Order:
    order = Order.objects.filter(buyer_id=buyer.pk, number=number).first()
    if order is None:
        raise NotFound(_("No such order."))
    return order
