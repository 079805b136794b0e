"""Transparency figures on a seeded year (exact counts, exact median with odd and even numbers
of notices), repeat offenders and abusive notifiers with the suspension of their notices."""

from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from moderation.models import Appeal, Notice, NotifierSuspension, StatementOfReasons
from moderation.selectors_notices import abusive_notifiers, median, repeat_offenders, transparency_report
from moderation.services.notices import notice_create, notice_decide
from moderation.services.statements import statement_issue
from tests.conftest import client_for, row_counts
from tests.factories import make_offer, make_operator, make_vendor

pytestmark = pytest.mark.django_db
YEAR = 2025


def at(month, day, hour=0, minute=0, second=0):
    return timezone.make_aware(datetime(YEAR, month, day, hour, minute, second))


@pytest.fixture
def offer(category):
    vendor, owner = make_vendor(name="Alpha")
    return make_offer(vendor=vendor, owner=owner, category=category, title="Helm")


def notice(offer, *, email="nora@example.test", category="scams_fraud"):
    return notice_create(
        notifier=None,
        url=f"https://testserver/p/{offer.product_id}/?offer={offer.id}",
        category=category,
        explanation="This is a scam, the helmet never arrives.",
        name="Nora",
        email=email,
        good_faith=True,
    )


def seed(offer, *, created, decided=None, category="scams_fraud", status="no_action", unfounded=False):
    n = notice(offer, category=category)
    Notice.objects.filter(id=n.id).update(
        created_at=created, decided_at=decided, status=status if decided else "received", manifestly_unfounded=unfounded
    )
    return n


def statement(offer, *, created, automated=False, restriction="visibility", source="queue"):
    with transaction.atomic():
        s = statement_issue(
            target_kind="offer",
            target_id=offer.id,
            target_label="Helm",
            vendor_id=offer.vendor_id,
            restriction=restriction,
            scope="-",
            facts="-",
            ground="terms",
            ground_detail="-",
            source=source,
            automated_detection=automated,
            automated_decision=automated,
        )
    StatementOfReasons.objects.filter(id=s.id).update(created_at=created)
    return s


def test_median_is_exact_for_odd_and_even_counts():
    assert median([]) is None
    assert median([7]) == 7
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 10]) == 3.5  # mean of the middle two


def test_yearly_figures_on_a_seeded_set(offer):
    # Handling times 60 s, 90 s, 3600 s: median 90 s (odd count).
    seed(offer, created=at(1, 1), decided=at(1, 1, 0, 1), category="scams_fraud", status="action_taken")
    seed(offer, created=at(2, 1), decided=at(2, 1, 0, 1, 30), category="scams_fraud", unfounded=True)
    seed(offer, created=at(3, 1), decided=at(3, 1, 1), category="intellectual_property")
    seed(offer, created=at(4, 1), category="illegal_products")  # still open: received, not in the median
    seed(offer, created=at(12, 31, 23, 59), decided=None)  # last minute of the year counts
    seed(offer, created=timezone.make_aware(datetime(YEAR + 1, 1, 1)))  # next year's: not counted
    statement(offer, created=at(5, 1), automated=True, source="rules")
    statement(offer, created=at(5, 2), automated=True, source="rules")
    statement(offer, created=at(5, 3), restriction="service", source="notice")
    s = statement(offer, created=at(5, 4), restriction="monetary", source="enforcement")
    appeal = Appeal.objects.create(statement=s, text="Not fair", status="reversed", decided_at=at(5, 6))
    Appeal.objects.filter(id=appeal.id).update(created_at=at(5, 5))

    report = transparency_report(year=YEAR)
    assert report["notices"]["received"] == 5
    assert report["notices"]["by_category"] == {
        "illegal_products": 1,
        "intellectual_property": 1,
        "consumer_protection": 0,
        "scams_fraud": 3,
        "illegal_speech": 0,
        "data_protection": 0,
        "child_sexual_abuse": 0,
        "other": 0,
    }
    assert report["notices"]["by_status"] == {"received": 2, "action_taken": 1, "no_action": 2}
    assert report["notices"]["manifestly_unfounded"] == 1 and report["notices"]["decided"] == 3
    assert report["notices"]["median_handling_seconds"] == "90"
    assert report["actions"]["total"] == 4
    assert report["actions"]["by_restriction"] == {"visibility": 2, "monetary": 1, "service": 1}
    assert report["actions"]["by_source"] == {"notice": 1, "queue": 0, "rules": 2, "enforcement": 1, "operator": 0}
    assert report["actions"]["automated_decisions"] == 2 and report["actions"]["automated_decision_percent"] == "50.00"
    assert report["appeals"] == {
        "received": 1,
        "by_status": {"open": 0, "confirmed": 0, "reversed": 1},
        "median_handling_seconds": "86400",
    }

    # A fourth decided notice (even count): 60, 90, 91, 3600 -> (90 + 91) / 2 = 90.5 s.
    seed(offer, created=at(6, 1), decided=at(6, 1, 0, 1, 31))
    assert transparency_report(year=YEAR)["notices"]["median_handling_seconds"] == "90.5"


def test_export_as_json_and_csv_for_operators_only(offer):
    seed(offer, created=at(1, 1), decided=at(1, 1, 0, 1))
    api = client_for(make_operator())
    body = api.get(f"/api/operator/transparency/{YEAR}/").json()
    assert body["notices"]["received"] == 1 and body["notices"]["median_handling_seconds"] == "60"
    response = api.get(f"/api/operator/transparency/{YEAR}/", {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert (
        lines[0] == "measure,value" and "notices.received,1" in lines and "notices.median_handling_seconds,60" in lines
    )
    assert api.get("/api/operator/transparency/1999/").status_code == 400
    owner = offer.vendor.members.get().user
    assert client_for(owner).get(f"/api/operator/transparency/{YEAR}/").status_code == 403


def test_repeat_offenders_count_notices_acted_upon_in_the_window(offer, settings, category):
    settings.MODERATION_REPEAT_OFFENDER_NOTICES = 2
    beta, beta_owner = make_vendor(name="Beta")
    beta_offer = make_offer(vendor=beta, owner=beta_owner, category=category, title="Zelt")
    now = timezone.now()
    seed(offer, created=now - timedelta(days=3), decided=now - timedelta(days=2), status="action_taken")
    seed(offer, created=now - timedelta(days=2), decided=now - timedelta(days=1), status="action_taken")
    seed(offer, created=now - timedelta(days=400), decided=now - timedelta(days=399), status="action_taken")  # outside
    seed(offer, created=now - timedelta(days=2), decided=now - timedelta(days=1), status="no_action")  # not upheld
    seed(beta_offer, created=now - timedelta(days=2), decided=now - timedelta(days=1), status="action_taken")
    found = {(r.vendor_name, r.upheld, r.repeat) for r in repeat_offenders()}
    assert found == {("Alpha", 2, True), ("Beta", 1, False)}
    listed = client_for(make_operator()).get("/api/operator/notices/repeat-offenders/").json()
    assert [(r["vendor_name"], r["upheld"], r["repeat"]) for r in listed] == [("Alpha", 2, True), ("Beta", 1, False)]


def test_abusive_notifier_is_counted_and_suspended(offer, settings, api):
    settings.MODERATION_ABUSIVE_NOTIFIER_UNFOUNDED = 2
    operator = make_operator()
    ops = client_for(operator)
    first = notice(offer, email="Troll@example.test")
    notice_decide(actor=operator, notice_id=first.id, action=False, reason="Nothing wrong.", manifestly_unfounded=True)
    early = ops.post(
        "/api/operator/notices/notifiers/suspend/", {"email": "troll@example.test", "reason": "Spam"}, format="json"
    )
    assert early.status_code == 409 and early.json()["error_code"] == "not_abusive"
    second = notice(offer, email="troll@example.test")
    notice_decide(actor=operator, notice_id=second.id, action=False, reason="Nothing wrong.", manifestly_unfounded=True)
    third = notice(offer, email="troll@example.test")
    notice_decide(actor=operator, notice_id=third.id, action=False, reason="Not clear, but possible.")  # not unfounded
    [row] = abusive_notifiers()
    assert (row.email, row.unfounded, row.abusive, row.suspended_until) == ("troll@example.test", 2, True, None)

    response = ops.post(
        "/api/operator/notices/notifiers/suspend/",
        {"email": "troll@example.test", "reason": "Spam", "days": 30},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert NotifierSuspension.objects.get().unfounded_count == 2
    before = row_counts()
    refused = api.post(
        "/api/notices/",
        {
            "url": f"https://testserver/p/{offer.product_id}/?offer={offer.id}",
            "category": "other",
            "explanation": "Yet another claim about this helmet.",
            "name": "T",
            "email": "TROLL@example.test",
            "good_faith": True,
        },
        format="json",
    )
    assert (
        refused.status_code == 409
        and refused.json()["error_code"] == "notifier_suspended"
        and "email" in refused.json()
    )
    assert row_counts() == before
    assert abusive_notifiers()[0].suspended_until is not None
