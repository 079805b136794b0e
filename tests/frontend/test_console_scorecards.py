"""Console scorecards and enforcement: standings with their numbers, one vendor's scorecard
against its thresholds, and reversing enforcement with a reason through moderation's service."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import AuditLogEntry
from moderation.models import VendorStanding
from moderation.services import standing_evaluate
from tests.conftest import row_counts
from tests.factories import UserFactory, login_operator, make_offer, make_vendor
from tests.frontend.test_pages import browser
from tests.moderation.history import History
from vendors.models import Offer

pytestmark = pytest.mark.django_db
L = VendorStanding.Level


@pytest.fixture
def suppressed(category, settings):
    """A vendor with two orders unshipped long past their ship-by date, two steps into enforcement."""
    settings.MODERATION_SCORECARD_MIN_ORDERS = 2
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm", price=3000, stock=50)
    history = History(vendor=vendor, owner=owner, offer=offer, today=timezone.localdate())
    history.place(days_ago=20)
    history.place(days_ago=21)
    standing_evaluate(vendor_id=vendor.id)
    VendorStanding.objects.filter(vendor=vendor).update(changed_at=timezone.now() - timedelta(days=8))
    assert standing_evaluate(vendor_id=vendor.id).level == L.OFFERS_SUPPRESSED
    return vendor, owner, offer


def _level(vendor) -> int:
    return VendorStanding.objects.get(vendor=vendor).level


def test_standings_list_the_numbers_behind_each_step(suppressed, operator):
    vendor, _owner, _offer = suppressed
    good, _ = make_vendor(name="Beta")
    standing_evaluate(vendor_id=good.id)
    client = browser(operator)
    page = client.get("/console/scorecards/")
    assert page.status_code == 200
    assert [standing.vendor_id for standing in page.context["page"].object_list] == [vendor.id, good.id]  # worst first
    html = page.content.decode()
    assert "Offers suppressed" in html and "Good standing" in html
    assert "Late shipment rate (30 days): 100.00 % (2 of 2 orders)" in html and "allowed: at most 4 %" in html
    only = client.get("/console/scorecards/", {"level": L.OFFERS_SUPPRESSED})
    assert [standing.vendor_id for standing in only.context["page"].object_list] == [vendor.id]
    bad = client.get("/console/scorecards/", {"level": "9"})
    assert bad.status_code == 400 and "level" in bad.context["form"].errors


def test_scorecard_page_marks_the_broken_threshold(suppressed, operator):
    vendor, _owner, _offer = suppressed
    page = browser(operator).get(f"/console/scorecards/{vendor.id}/")
    assert page.status_code == 200
    late = next(row for row in page.context["rows"] if row.metric == "late_shipment_rate")
    assert [(cell.days, cell.rate.numerator, cell.rate.denominator, cell.breached) for cell in late.cells] == [
        (30, 2, 2, True),
        (90, 2, 2, False),
    ]
    assert late.threshold.limit_bps == 400
    html = page.content.decode()
    assert "at most 4 % over 30 days" in html and "broken" in html
    assert browser(operator).get("/console/scorecards/999999/").status_code == 404


def test_reverse_enforcement_with_a_reason(suppressed, operator):
    vendor, _owner, offer = suppressed
    assert Offer.objects.get(id=offer.id).status == Offer.Status.SUPPRESSED
    client = browser(operator)
    url = f"/console/scorecards/{vendor.id}/reverse/"
    assert client.post(url, {"to_level": L.GOOD, "reason": "Streik beim Versanddienstleister."}).status_code == 302
    standing = VendorStanding.objects.get(vendor=vendor)
    assert standing.level == L.GOOD and standing.override_until > timezone.now()
    assert Offer.objects.get(id=offer.id).status == Offer.Status.LIVE
    entry = AuditLogEntry.objects.get(action="vendor_standing.reversed")
    assert (entry.actor, entry.reason, entry.data["from"], entry.data["to"]) == (
        operator,
        "Streik beim Versanddienstleister.",
        2,
        0,
    )
    # In good standing there is no step left to reverse.
    page = client.get(f"/console/scorecards/{vendor.id}/")
    assert "nothing to reverse" in page.content.decode()
    assert client.post(url, {"to_level": 0, "reason": "x"}).status_code == 400


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"to_level": 1, "reason": "  "}, "reason", "Give a reason"),
        ({"to_level": 1, "reason": "x" * 2001}, "reason", "at most 2000 characters"),
        ({"to_level": 2, "reason": "x"}, "to_level", "2 is not one of the available choices"),
        ({"to_level": "a", "reason": "x"}, "to_level", "a is not one of the available choices"),
    ],
)
def test_bad_reversals_show_the_field_error_and_change_nothing(suppressed, operator, body, field, fragment):
    vendor, _owner, offer = suppressed
    before = row_counts()
    response = browser(operator).post(f"/console/scorecards/{vendor.id}/reverse/", body)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and fragment in " ".join(errors[field]), errors
    assert row_counts() == before and _level(vendor) == L.OFFERS_SUPPRESSED
    assert Offer.objects.get(id=offer.id).status == Offer.Status.SUPPRESSED


def test_scorecard_pages_refuse_everybody_but_staff(suppressed):
    vendor, owner, _offer = suppressed
    before = row_counts()
    for user in (owner, UserFactory()):
        client = browser(user)
        assert client.get("/console/scorecards/").status_code == 404
        assert client.get(f"/console/scorecards/{vendor.id}/").status_code == 404
        assert (
            client.post(f"/console/scorecards/{vendor.id}/reverse/", {"to_level": 0, "reason": "x"}).status_code == 404
        )
    assert browser().get("/console/scorecards/").status_code == 302
    assert (
        browser().post(f"/console/scorecards/{vendor.id}/reverse/", {"to_level": 0, "reason": "x"}).status_code == 302
    )
    assert row_counts() == before and _level(vendor) == L.OFFERS_SUPPRESSED


def test_scorecards_in_german(suppressed, operator):
    vendor, _owner, _offer = suppressed
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(client, operator)
    html = client.get("/console/scorecards/").content.decode()
    assert "Leistungskennzahlen und Maßnahmen" in html and "Angebote ausgeblendet" in html
    assert "Verspätungsquote (30 Tage): 100,00 % (2 von 2 Bestellungen)" in html
    detail = client.get(f"/console/scorecards/{vendor.id}/").content.decode()
    assert "Maßnahmen zurücknehmen" in detail and "höchstens 4 % über 30 Tage" in detail
