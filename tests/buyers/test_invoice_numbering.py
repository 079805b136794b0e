"""Invoice and credit-note numbers per vendor have no gaps and no duplicates, also when many
documents are issued at once on separate database connections."""

import threading

import pytest
from django.db import connection

from buyers import credit_notes, invoices
from buyers.models import CreditNote, Invoice
from payouts.models import Refund
from payouts.services.refunds import RefundLineRequest, refund_create
from tests.factories import UserFactory, make_offer, make_vendor
from tests.payouts.conftest import deliver, place

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(fn, args: list) -> list[Exception]:
    errors: list[Exception] = []
    barrier = threading.Barrier(len(args))

    def run(arg):
        try:
            barrier.wait()
            fn(arg)
        except Exception as exc:  # collected, asserted below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_invoices_and_credit_notes_are_numbered_without_gaps(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, beta_owner = make_vendor(name="Beta")
    a_offer = make_offer(vendor=alpha, owner=alpha_owner, category=category, title="Helm", price=2000, stock=100)
    b_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Lampe", price=3000, stock=100)
    orders = [place(UserFactory(), [(a_offer, 1), (b_offer, 1)]) for _ in range(4)]
    for order in orders:
        deliver(order)
    parts = [vo for order in orders for vo in order.vendor_orders.all()]

    # Every part twice: first downloads racing each other must still give one number per part.
    errors = _in_threads(lambda vo: invoices.invoice_ensure(vendor_order=vo), parts + parts)
    assert errors == []
    for vendor in (alpha, beta):
        issued = list(Invoice.objects.filter(vendor=vendor).order_by("sequence"))
        assert [i.sequence for i in issued] == [1, 2, 3, 4]
        assert [i.number for i in issued] == [f"RE-00000{n}" for n in range(1, 5)]
    assert Invoice.objects.count() == len(parts)

    refunds = [
        refund_create(
            actor=None, vendor_order_id=vo.id, lines=[RefundLineRequest(vo.lines.get().id, 500)], reason="Kulanz"
        )
        for vo in parts
    ]
    errors = _in_threads(lambda refund: credit_notes.credit_note_ensure(refund=refund), refunds + refunds)
    assert errors == []
    for vendor in (alpha, beta):
        notes = list(CreditNote.objects.filter(vendor=vendor).order_by("sequence"))
        assert [n.number for n in notes] == [f"GS-00000{n}" for n in range(1, 5)]
    assert CreditNote.objects.count() == Refund.objects.count() == len(parts)
