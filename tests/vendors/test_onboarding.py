"""The verification status machine through the operator API: every transition, its audit entry
and mail, and every refused transition (409, nothing changed)."""

import pytest
from django.core import mail

from marketplace.models import AuditLogEntry, OutboxEvent
from marketplace.outbox import outbox_deliver
from moderation.models import StatementOfReasons
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, make_vendor
from vendors import services
from vendors.models import Vendor

pytestmark = pytest.mark.django_db

S = Vendor.Status
ACTIONS = {
    # API action -> (service transition, body)
    "start-review": ("review_start", {}),
    "approve": ("approve", {"confirm_risks": True}),  # the applications here have risk warnings
    "reject": ("reject", {"reason": "Gewerbeanmeldung fehlt."}),
    "request-info": ("info_request", {"message": "Bitte Handelsregisterauszug hochladen."}),
    "suspend": ("suspend", {"reason": "Zu viele verspätete Sendungen."}),
    "reinstate": ("reinstate", {}),
}
# Allowed sources per action; every other status is refused.
ALLOWED = {
    "start-review": {S.APPLIED},
    # Decisions need a started review (the issue: applied -> under review -> decision).
    "approve": {S.UNDER_REVIEW},
    "reject": {S.UNDER_REVIEW, S.INFO_REQUESTED},
    "request-info": {S.UNDER_REVIEW},
    "suspend": {S.APPROVED},
    "reinstate": {S.SUSPENDED},
}
TARGET = {
    "start-review": S.UNDER_REVIEW,
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "request-info": S.INFO_REQUESTED,
    "suspend": S.SUSPENDED,
    "reinstate": S.APPROVED,
}
AUDIT = {
    "start-review": "vendor.review_started",
    "approve": "vendor.approved",
    "reject": "vendor.rejected",
    "request-info": "vendor.info_requested",
    "suspend": "vendor.suspended",
    "reinstate": "vendor.reinstated",
}
# Vendors built through the services write in the shop's language (German).
SUBJECT = {
    "start-review": "wird geprüft",
    "approve": "ist angenommen",
    "reject": "wurde abgelehnt",
    "request-info": "weitere Angaben",
    "suspend": "ist gesperrt",
    "reinstate": "wieder freigeschaltet",
}


def vendor_in(status: str, operator) -> Vendor:
    """A vendor brought to ``status`` through the services, as an operator would."""
    vendor, _ = make_vendor(name=f"Shop {status}", approved=False)
    path = {
        S.APPLIED: [],
        S.UNDER_REVIEW: ["review_start"],
        S.INFO_REQUESTED: ["review_start", "info_request"],
        S.APPROVED: ["review_start", "approve"],
        S.REJECTED: ["review_start", "reject"],
        S.SUSPENDED: ["review_start", "approve", "suspend"],
    }[status]
    for step in path:
        vendor = services.vendor_transition(actor=operator, vendor_id=vendor.id, transition=step, explanation="Grund")
    assert vendor.status == status
    outbox_deliver()
    mail.outbox.clear()
    return vendor


def deliver() -> None:
    """Deliver the outbox rows written so far (non-transactional tests never commit)."""
    outbox_deliver()
    assert OutboxEvent.objects.filter(delivered_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    "action,status",
    [(action, status) for action, sources in ALLOWED.items() for status in sorted(sources)],
)
def test_operator_transition_is_applied_audited_and_mailed(operator, action, status):
    vendor = vendor_in(status, operator)
    transition, body = ACTIONS[action]
    response = client_for(operator).post(f"/api/operator/vendors/{vendor.id}/{action}/", body, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == TARGET[action]
    vendor.refresh_from_db()
    assert vendor.status == TARGET[action]
    explanation = body.get("reason") or body.get("message") or ""
    assert vendor.status_reason == (explanation if explanation else "")

    entries = AuditLogEntry.objects.filter(object_type="vendors.vendor", object_id=str(vendor.id))
    # (An approval despite risk warnings adds its own vendor.risks_confirmed entry after this one.)
    entry = entries.exclude(action="vendor.risks_confirmed").order_by("-id").first()
    assert entry.action == AUDIT[action]
    assert entry.actor == operator
    assert entry.reason == explanation

    deliver()
    if action == "suspend":
        # A restriction also brings its statement of reasons (DSA Art. 17), as its own mail.
        reference = StatementOfReasons.objects.get(vendor=vendor).reference
        (statement,) = [m for m in mail.outbox if reference in m.subject]
        assert statement.to == [vendor.email] and explanation in statement.body
        mail.outbox.remove(statement)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [vendor.email]
    assert SUBJECT[action] in message.subject
    if explanation:
        assert explanation in message.body


@pytest.mark.parametrize(
    "action,status",
    [(action, status) for action, sources in ALLOWED.items() for status in S.values if status not in sources],
)
def test_refused_transition_is_409_and_changes_nothing(operator, action, status):
    vendor = vendor_in(status, operator)
    _, body = ACTIONS[action]
    before = row_counts()
    response = client_for(operator).post(f"/api/operator/vendors/{vendor.id}/{action}/", body, format="json")
    assert response.status_code == 409, response.data
    assert response.data["error_code"] == "invalid_transition"
    assert status in response.data["status"][0] and "only from" in response.data["status"][0]
    assert row_counts() == before
    vendor.refresh_from_db()
    assert vendor.status == status
    deliver()
    assert mail.outbox == []


@pytest.mark.parametrize("action", ["approve", "reject", "request-info"])
def test_no_decision_before_the_review_started(operator, action):
    vendor = vendor_in(S.APPLIED, operator)
    before = row_counts()
    response = client_for(operator).post(
        f"/api/operator/vendors/{vendor.id}/{action}/", ACTIONS[action][1], format="json"
    )
    assert response.status_code == 409
    assert "only from:" in response.data["status"][0] and "under_review" in response.data["status"][0]
    assert row_counts() == before
    assert client_for(operator).post(f"/api/operator/vendors/{vendor.id}/start-review/").status_code == 200
    response = client_for(operator).post(
        f"/api/operator/vendors/{vendor.id}/{action}/", ACTIONS[action][1], format="json"
    )
    assert response.status_code == 200 and response.data["status"] == TARGET[action]


@pytest.mark.parametrize(
    "action,status,field",
    [
        ("reject", S.UNDER_REVIEW, "reason"),
        ("suspend", S.APPROVED, "reason"),
        ("request-info", S.UNDER_REVIEW, "message"),
    ],
)
@pytest.mark.parametrize("body", [{}, {"reason": "", "message": ""}, {"reason": "x" * 5001, "message": "x" * 5001}])
def test_reason_or_message_is_required(operator, action, status, field, body):
    vendor = vendor_in(status, operator)
    before = row_counts()
    response = client_for(operator).post(f"/api/operator/vendors/{vendor.id}/{action}/", body, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert row_counts() == before
    vendor.refresh_from_db()
    assert vendor.status == status


def test_vendor_answers_an_information_request_and_review_continues(operator):
    vendor = vendor_in(S.INFO_REQUESTED, operator)
    owner = vendor.members.get().user
    owner_api = client_for(owner)

    before = row_counts()
    response = owner_api.post("/api/seller/vendor/answer/", {"message": ""}, format="json")
    assert response.status_code == 400 and "message" in response.data
    assert row_counts() == before

    response = owner_api.post("/api/seller/vendor/answer/", {"message": "Auszug ist hochgeladen."}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == S.UNDER_REVIEW
    entry = AuditLogEntry.objects.filter(object_id=str(vendor.id)).order_by("-id").first()
    assert (entry.action, entry.actor, entry.reason) == ("vendor.info_answered", owner, "Auszug ist hochgeladen.")
    # The operator's question stays visible until the decision.
    vendor.refresh_from_db()
    assert vendor.status_reason == "Grund"
    deliver()
    assert [m.to for m in mail.outbox] == [[vendor.email]]

    # Answering again (no open question) is refused.
    before = row_counts()
    response = owner_api.post("/api/seller/vendor/answer/", {"message": "Noch etwas."}, format="json")
    assert response.status_code == 409
    assert row_counts() == before


@pytest.mark.parametrize("status", [s for s in S.values if s != S.INFO_REQUESTED])
def test_answer_without_open_question_is_refused(operator, status):
    vendor = vendor_in(status, operator)
    before = row_counts()
    response = client_for(vendor.members.get().user).post(
        "/api/seller/vendor/answer/", {"message": "Hallo"}, format="json"
    )
    assert response.status_code == 409
    assert row_counts() == before


def test_full_lifecycle_reads_in_the_audit_log(operator):
    vendor, owner = make_vendor(name="Lebenslauf", approved=False)
    api = client_for(operator)
    steps = [
        ("start-review", {}),
        ("request-info", {"message": "Bitte Ausweis nachreichen."}),
    ]
    for action, body in steps:
        assert api.post(f"/api/operator/vendors/{vendor.id}/{action}/", body, format="json").status_code == 200
    client_for(owner).post("/api/seller/vendor/answer/", {"message": "Erledigt."}, format="json")
    for action, body in [("approve", {"confirm_risks": True}), ("suspend", {"reason": "Prüfung"}), ("reinstate", {})]:
        assert api.post(f"/api/operator/vendors/{vendor.id}/{action}/", body, format="json").status_code == 200
    actions = list(
        AuditLogEntry.objects.filter(object_type="vendors.vendor", object_id=str(vendor.id))
        .filter(action__in=[*AUDIT.values(), "vendor.applied", "vendor.info_answered"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "vendor.applied",
        "vendor.review_started",
        "vendor.info_requested",
        "vendor.info_answered",
        "vendor.approved",
        "vendor.suspended",
        "vendor.reinstated",
    ]
    vendor.refresh_from_db()
    assert vendor.status == S.APPROVED and vendor.status_reason == ""


def test_operator_endpoints_are_for_operators_only(operator):
    vendor, owner = make_vendor(name="Nur Operator", approved=False)
    for user in (owner, UserFactory()):
        api = client_for(user)
        for action, (_, body) in ACTIONS.items():
            assert api.post(f"/api/operator/vendors/{vendor.id}/{action}/", body, format="json").status_code == 403
        assert api.get(f"/api/operator/vendors/{vendor.id}/").status_code == 403
        assert api.get("/api/operator/vendors/").status_code == 403
    vendor.refresh_from_db()
    assert vendor.status == S.APPLIED


def test_unknown_vendor_is_404_for_operators(operator):
    api = client_for(operator)
    for action, (_, body) in ACTIONS.items():
        response = api.post(f"/api/operator/vendors/999999/{action}/", body, format="json")
        assert response.status_code == 404
    assert api.get("/api/operator/vendors/999999/").status_code == 404


def test_operator_list_filters_by_status_and_shows_the_application(operator):
    applied, _ = make_vendor(name="Wartend", approved=False)
    approved, _ = make_vendor(name="Fertig")
    api = client_for(operator)
    response = api.get("/api/operator/vendors/", {"status": "applied"})
    assert [v["id"] for v in response.data["results"]] == [applied.id]
    detail = api.get(f"/api/operator/vendors/{approved.id}/").data
    assert detail["iban"] == "DE89370400440532013000"  # operators see it in full
    assert detail["vat_id"] == "DE136695976"
    assert detail["can_sell"] is True
    # The vendor itself sees its IBAN masked.
    seller = client_for(approved.members.get().user).get("/api/seller/vendor/").data
    assert seller["iban"] == "DE89 **** 3000"
