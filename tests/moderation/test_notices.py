"""Notices (DSA Art. 16) through the public API: every field is checked (a 400 naming it, nothing
stored), the target is found from its URL, the notifier gets an acknowledgement, and each outcome
(action / no action) reaches the notifier and, on action, issues a statement of reasons."""

import pytest
from django.core import mail

from marketplace.outbox import outbox_deliver
from moderation.models import Notice, StatementOfReasons
from moderation.services.notices import notice_create, notice_decide
from moderation.targets import target_load, target_locate
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_offer, make_operator, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(category):
    vendor, owner = make_vendor(name="Alpha")
    return make_offer(vendor=vendor, owner=owner, category=category, title="Helm Orkan")


def offer_url(offer):
    return f"https://testserver/p/{offer.product_id}/?offer={offer.id}"


def good(offer, **changes):
    body = {
        "url": offer_url(offer),
        "category": "intellectual_property",
        "name": "Nora Notifier",
        "email": "nora@example.test",
        "explanation": "This helmet is a counterfeit of the Orkan brand.",
        "good_faith": True,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_targets_resolve_from_their_urls(offer):
    assert target_locate(offer_url(offer)).id == offer.id
    assert target_locate(f"/sellers/{offer.vendor_id}/").kind == "vendor"
    target = target_load("offer", offer.id)
    assert (target.vendor_id, target.author_user_id) == (offer.vendor_id, None)
    assert target_locate(target.url) == target
    assert target_locate(f"/p/{offer.product_id + 999}/?offer={offer.id}") is None  # the offer is not on that page
    assert target_locate("/sellers/999999/") is None


def test_a_notice_is_acknowledged_with_a_reference(offer, api):
    mail.outbox.clear()
    response = api.post("/api/notices/", good(offer), format="json")
    assert response.status_code == 201, response.json()
    outbox_deliver()
    body = response.json()
    notice = Notice.objects.get(reference=body["reference"])
    assert (notice.target_kind, notice.target_id, notice.vendor_id, notice.status) == (
        "offer",
        offer.id,
        offer.vendor_id,
        "received",
    )
    assert body["target_label"] == notice.target_label and "Helm Orkan" in notice.target_label
    assert notice.notifier_name == "Nora Notifier" and notice.good_faith is True
    [ack] = [m for m in mail.outbox if m.to == ["nora@example.test"]]
    assert notice.reference in ack.subject and notice.reference in ack.body


def test_signed_in_notifier_defaults_to_the_account(offer):
    user = UserFactory(email="kim@example.test", first_name="Kim", last_name="Berg")
    response = client_for(user).post("/api/notices/", good(offer, name="", email=""), format="json")
    assert response.status_code == 201, response.json()
    notice = Notice.objects.get()
    assert (notice.notifier_id, notice.notifier_email, notice.notifier_name) == (
        user.id,
        "kim@example.test",
        "Kim Berg",
    )


BAD = [
    ({"url": None}, "url"),
    ({"url": "not a url"}, "url"),
    ({"url": "https://testserver/p/999999/?offer=1"}, "url"),
    ({"url": "https://testserver/search/?q=helm"}, "url"),
    ({"category": None}, "category"),
    ({"category": "annoying"}, "category"),
    ({"explanation": None}, "explanation"),
    ({"explanation": "fake"}, "explanation"),
    ({"explanation": "x" * 5001}, "explanation"),
    ({"name": ""}, "name"),
    ({"email": ""}, "email"),
    ({"email": "nora-at-example"}, "email"),
    ({"good_faith": None}, "good_faith"),
    ({"good_faith": False}, "good_faith"),
    ({"target_kind": "review", "target_id": 999999}, "url"),
    ({"target_kind": "offer", "target_id": 999999}, "url"),
]


@pytest.mark.parametrize("change,field", BAD, ids=[f"{f}-{i}" for i, (_, f) in enumerate(BAD)])
def test_every_field_is_checked_and_nothing_is_stored(offer, api, change, field):
    before = row_counts()
    response = api.post("/api/notices/", good(offer, **change), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json(), response.json()
    assert row_counts() == before


def test_kind_and_id_must_agree_with_the_url(offer, category):
    other = make_offer(vendor=offer.vendor, owner=offer.vendor.members.get().user, category=category, title="Zelt")
    response = client_for(UserFactory()).post(
        "/api/notices/", good(offer, target_kind="offer", target_id=other.id), format="json"
    )
    assert response.status_code == 400 and "url" in response.json()
    assert (
        client_for(UserFactory())
        .post("/api/notices/", good(offer, target_kind="offer", target_id=offer.id), format="json")
        .status_code
        == 201
    )


def test_child_sexual_abuse_material_may_be_reported_anonymously(offer, api):
    response = api.post("/api/notices/", good(offer, category="child_sexual_abuse", name="", email=""), format="json")
    assert response.status_code == 201, response.json()
    notice = Notice.objects.get()
    assert (notice.notifier_name, notice.notifier_email, notice.notifier_id) == ("", "", None)


def test_a_vendor_can_be_noticed(offer, api):
    response = api.post(
        "/api/notices/",
        good(offer, url=f"https://testserver/sellers/{offer.vendor_id}/", category="scams_fraud"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Notice.objects.get().target_kind == "vendor"


def decide(notice, **kwargs):
    return notice_decide(actor=kwargs.pop("actor", None) or make_operator(), notice_id=notice.id, **kwargs)


def test_action_taken_restricts_and_issues_a_statement_of_reasons(offer):
    type(offer.vendor).objects.filter(id=offer.vendor_id).update(language="en")  # mails in the addressee's language
    notice = notice_create(notifier=None, language="en", **good(offer))
    outbox_deliver()
    mail.outbox.clear()
    operator = make_operator()
    decided = decide(
        notice,
        actor=operator,
        action=True,
        reason="The brand owner confirmed the counterfeit.",
        ground="illegal",
        ground_detail="§ 14 MarkenG (trade mark infringement)",
    )
    assert decided.status == Notice.Status.ACTION_TAKEN and decided.decided_by == operator
    outbox_deliver()
    offer.refresh_from_db()
    assert offer.status == "suppressed"
    statement = StatementOfReasons.objects.get(notice=notice)
    assert (statement.vendor_id, statement.target_kind, statement.target_id) == (offer.vendor_id, "offer", offer.id)
    assert statement.restriction == "visibility" and "no longer shown" in statement.scope
    assert statement.ends_at is None  # until lifted
    assert notice.reference in statement.facts and "brand owner confirmed" in statement.facts
    assert (statement.ground, statement.ground_detail) == ("illegal", "§ 14 MarkenG (trade mark infringement)")
    assert (statement.automated_detection, statement.automated_decision, statement.source) == (False, False, "notice")
    assert statement.decided_by == operator and statement.outcome == "in_force"
    to_vendor = [m for m in mail.outbox if m.to == [offer.vendor.email]]
    assert len(to_vendor) == 1 and statement.reference in to_vendor[0].subject
    body = to_vendor[0].body
    assert "§ 14 MarkenG" in body and "out-of-court" in body and "courts" in body and "internal complaint" in body
    to_notifier = [m for m in mail.outbox if m.to == ["nora@example.test"]]
    assert len(to_notifier) == 1 and "action taken" in to_notifier[0].subject


def test_no_action_tells_the_notifier_and_restricts_nothing(offer):
    notice = notice_create(notifier=None, language="en", **good(offer))
    outbox_deliver()
    mail.outbox.clear()
    decide(notice, action=False, reason="The offer is the original product.", manifestly_unfounded=True)
    outbox_deliver()
    notice.refresh_from_db()
    offer.refresh_from_db()
    assert notice.status == Notice.Status.NO_ACTION and notice.manifestly_unfounded
    assert offer.status == "live" and not StatementOfReasons.objects.exists()
    [to_notifier] = mail.outbox
    assert to_notifier.to == ["nora@example.test"] and "no action" in to_notifier.subject
    assert "original product" in to_notifier.body


def test_decision_input_is_checked(offer):
    notice = notice_create(notifier=None, **good(offer))
    operator = make_operator()
    api = client_for(operator)
    url = f"/api/operator/notices/{notice.id}/decide/"
    before = row_counts()
    for body, field in [
        ({"action": True, "reason": "ok", "ground_detail": "§ 1"}, "ground"),
        ({"action": True, "reason": "ok", "ground": "illegal"}, "ground_detail"),
        (
            {"action": True, "reason": "ok", "ground": "illegal", "ground_detail": "§ 1", "manifestly_unfounded": True},
            "manifestly_unfounded",
        ),
        ({"action": False}, "reason"),
    ]:
        response = api.post(url, body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.json())
    assert row_counts() == before
    assert api.post(url, {"action": False, "reason": "fine"}, format="json").status_code == 200
    again = api.post(url, {"action": False, "reason": "fine"}, format="json")
    assert again.status_code == 409 and again.json()["error_code"] == "already_decided"


def test_operator_endpoints_are_for_operators(offer):
    notice = notice_create(notifier=None, **good(offer))
    vendor_owner = offer.vendor.members.get().user
    assert client_for(vendor_owner).get("/api/operator/notices/").status_code == 403
    assert (
        client_for(vendor_owner)
        .post(f"/api/operator/notices/{notice.id}/decide/", {"action": False, "reason": "x"}, format="json")
        .status_code
        == 403
    )
    listed = client_for(make_operator()).get("/api/operator/notices/", {"status": "received"}).json()
    assert [n["reference"] for n in listed["results"]] == [notice.reference]


def test_mails_speak_the_addressees_language(offer):
    notice = notice_create(notifier=None, language="de", **good(offer))
    decide(notice, action=True, reason="Fälschung bestätigt.", ground="illegal", ground_detail="§ 14 MarkenG")
    outbox_deliver()
    to_vendor = [m for m in mail.outbox if m.to == [offer.vendor.email]][-1]
    assert to_vendor.subject.startswith("Begründung") and "außergerichtliche Streitbeilegungsstelle" in to_vendor.body
    to_notifier = [m for m in mail.outbox if m.to == ["nora@example.test"]][-1]
    assert to_notifier.subject.endswith("Maßnahme ergriffen")
