"""The audit log: every operator action leaves an entry, and entries cannot be changed.

The operator routes come from the URL configuration (console pages, operator API, Django admin);
each is called with every changing method by a verified operator, with the objects and bodies
the authorisation matrix's REGISTRY names. Whenever a call changed a row of the project's tables
(count or content), at least one new audit entry must exist. Ids-free routes need no entry;
routes with ids reuse the matrix's, so a new operator route is covered without a new entry here.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import get_resolver

from marketplace.audit import audit_record
from marketplace.models import AuditLogEntry
from tests.factories import login_operator, make_operator
from tests.security.test_authorization_matrix import REGISTRY, _call, _url, _walk, data_state, routes_with_ids
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

CHANGING = ("POST", "PUT", "PATCH", "DELETE")
AUDIT_TABLE = AuditLogEntry._meta.db_table


def _methods(route) -> list[str]:
    view = getattr(route.pattern.callback, "cls", None) or getattr(route.pattern.callback, "view_class", None)
    if view is not None and hasattr(view, "http_method_names") and not route.route.startswith("admin/"):
        return [m for m in CHANGING if hasattr(view, m.lower())]
    return ["POST"]  # function views and the admin change data by POST only


def operator_routes():
    with_ids = routes_with_ids()
    for route in _walk(get_resolver()):
        is_operator = (
            route.name.startswith("frontend:console") or "operator" in route.route or route.route.startswith("admin/")
        )
        if not is_operator or "<path:" in route.route or route.route.endswith(("logout/", "password_change/")):
            continue
        if route.pattern.pattern.regex.groupindex:
            if route.name not in REGISTRY:
                continue  # admin routes with ids: their POSTs are covered by the admin's own pages below
            route = with_ids[route.name]
        yield route


def test_every_operator_action_that_changes_data_is_audited(category):
    world = build_world(category)
    operator = make_operator()
    client = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False), operator)
    changed_calls, missing = [], []
    for route in sorted(operator_routes(), key=lambda r: r.name):
        entry = REGISTRY.get(route.name)
        kwargs = entry.ids(world) if entry else {}
        url = _url(route, kwargs) if kwargs or ":" in route.name else "/" + route.route
        for method in _methods(route):
            body = (entry.bodies.get(method) if entry else None) or {}
            before = {t: v for t, v in data_state().items() if t != AUDIT_TABLE}
            last = AuditLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = _call(client, method, url, body)
            after = {t: v for t, v in data_state().items() if t != AUDIT_TABLE}
            changed = sorted(t for t in after if after[t] != before.get(t))
            if changed:
                changed_calls.append(f"{method} {url}")
                if not AuditLogEntry.objects.filter(id__gt=last).exists():
                    missing.append(f"{method} {url} ({route.name}, {response.status_code}) changed {changed}")
    assert not missing, "operator actions without an audit entry:\n" + "\n".join(missing)
    # The sweep must really act, not only be refused: approvals, holds, rules, decisions, admin.
    assert len(changed_calls) >= 12, changed_calls


def test_an_unaudited_operator_write_gets_the_generic_entry(category):
    """The net under the services: Django admin's change form writes with no service involved."""
    from marketplace.models import Category

    operator = make_operator()
    client = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en"), operator)
    response = client.post(
        f"/admin/marketplace/category/{category.id}/change/",
        {
            "parent": "",
            "slug": category.slug,
            "name_de": "Umbenannt",
            "name_en": category.name_en,
            "tax_class": category.tax_class,
        },
    )
    category.refresh_from_db()
    if category.name_de != "Umbenannt":
        pytest.fail(f"the admin form did not save: {response.status_code} {response.content[:500]!r}")
    entry = AuditLogEntry.objects.get(action="operator.request")
    assert entry.actor == operator and entry.object_type == "admin:marketplace_category_change"
    assert entry.object_id == str(category.id) and Category._meta.db_table in entry.data["tables"]


def test_audit_entries_cannot_be_changed_or_deleted_in_the_database(operator, category):
    entry = audit_record(actor=operator, action="test.action", obj=category, data={"x": 1})
    attempts = [
        lambda: AuditLogEntry.objects.filter(id=entry.id).update(action="forged"),
        lambda: AuditLogEntry.objects.filter(id=entry.id).delete(),
        lambda: connection.cursor().execute(
            f"UPDATE {AuditLogEntry._meta.db_table} SET reason = 'x' WHERE id = %s", [entry.id]
        ),
        lambda: connection.cursor().execute(f"DELETE FROM {AuditLogEntry._meta.db_table} WHERE id = %s", [entry.id]),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    stored = AuditLogEntry.objects.get(id=entry.id)
    assert (stored.action, stored.reason, stored.data) == ("test.action", "", {"x": 1})


def test_django_admin_shows_audit_entries_read_only(operator, category):
    entry = audit_record(actor=operator, action="test.action", obj=category, reason="why")
    client = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en"), operator)
    listing = client.get("/admin/marketplace/auditlogentry/")
    assert listing.status_code == 200 and b"test.action" in listing.content
    page = client.get(f"/admin/marketplace/auditlogentry/{entry.id}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content  # a view, not a form
    assert client.post(f"/admin/marketplace/auditlogentry/{entry.id}/change/", {"action": "forged"}).status_code == 403
    assert client.post(f"/admin/marketplace/auditlogentry/{entry.id}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/marketplace/auditlogentry/add/").status_code == 403
    assert AuditLogEntry.objects.get(id=entry.id).action == "test.action"


def _audited(obj, *actions) -> bool:
    entries = AuditLogEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return entries.filter(action__in=actions).exists() if actions else entries.exists()


@pytest.mark.full_onboarding  # the approvals' audit entries are checked
def test_money_permission_and_vendor_status_changes_are_audited(category):
    """The shop the matrix builds (approvals, orders, a refund, a payout run, a hold, commission
    rules, staff in every role) through the services, then role and status changes by API: each
    change of money, permission or vendor status has its entry."""
    from payouts.models import CommissionRule, PayoutHold, PayoutRun, Refund
    from tests.conftest import client_for
    from vendors.models import Vendor

    world = build_world(category)
    vendors = list(Vendor.objects.exclude(status=Vendor.Status.APPLIED))
    assert vendors and all(_audited(v, "vendor.approved") for v in vendors if v.status == Vendor.Status.APPROVED)
    for model, action in (
        (Refund, "refund.created"),
        (CommissionRule, "commission_rule.created"),
        (PayoutRun, "payout_run.started"),
    ):
        rows = list(model.objects.all())
        assert rows and all(_audited(row, action) for row in rows), model
    holds = list(PayoutHold.objects.select_related("vendor"))
    assert holds and all(_audited(hold.vendor, "payout.hold") for hold in holds)

    # A role change by the vendor's owner, a suspension by an operator.
    owner, member = world.alpha.owner, world.alpha_member
    assert (
        client_for(owner).patch(f"/api/seller/staff/{member.id}/", {"role": "finance"}, format="json").status_code
        == 200
    )
    role_change = AuditLogEntry.objects.get(action="vendor.member_role_changed", data__member_id=member.id)
    assert role_change.actor == owner and role_change.data["to"] == "finance"
    operator = make_operator()
    vendor = world.beta.vendor
    assert (
        client_for(operator)
        .post(f"/api/operator/vendors/{vendor.id}/suspend/", {"reason": "Prüfung"}, format="json")
        .status_code
        < 300
    )
    assert AuditLogEntry.objects.filter(
        object_type="vendors.vendor", object_id=str(vendor.id), actor=operator, action__contains="suspend"
    ).exists()
