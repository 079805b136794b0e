"""Console audit log (issue 19 item 7): filters by actor, object, action and days, CSV export
through the formula-neutralising writer, operators only."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.audit import audit_record
from marketplace.models import AuditLogEntry
from tests.factories import login_operator, make_vendor
from tests.frontend.test_pages import browser

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(operator):
    # The whole onboarding, so the operator's approval is audited as it is in production.
    vendor, _owner = make_vendor(name="Alpha", operator=operator, onboarding=True)
    audit_record(
        actor=None, action="refund.created", obj=vendor, reason='=HYPERLINK("http://evil")', data={"amount": 500}
    )
    return vendor


def test_filters_narrow_the_log(entries, operator):
    client = browser(operator)
    everything = client.get("/console/audit/")
    assert everything.status_code == 200 and everything.context["page"].paginator.count == AuditLogEntry.objects.count()
    by_action = client.get("/console/audit/", {"action": "refund."})
    assert [row["action"] for row in by_action.context["rows"]] == ["refund.created"]
    system = client.get("/console/audit/", {"actor": "system"})
    system_actions = {row["action"] for row in system.context["rows"]}
    assert "refund.created" in system_actions and "vendor.approved" not in system_actions
    assert {row["actor"] for row in system.context["rows"]} == {"System"}
    by_operator = client.get("/console/audit/", {"actor": operator.email.upper()})
    assert "vendor.approved" in {row["action"] for row in by_operator.context["rows"]}
    by_object = client.get("/console/audit/", {"object_type": "vendors.vendor", "object_id": str(entries.id)})
    assert (
        by_object.context["page"].paginator.count
        == AuditLogEntry.objects.filter(object_type="vendors.vendor", object_id=str(entries.id)).count()
    )
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    later = client.get("/console/audit/", {"date_from": tomorrow})
    assert later.status_code == 200 and "No entries match these filters" in later.content.decode()


def test_bad_filters_are_a_clear_error(operator):
    client = browser(operator)
    bad = client.get("/console/audit/", {"date_from": "2030-02-01", "date_to": "2030-01-01"})
    assert bad.status_code == 400 and "The end must not be before the start." in bad.content.decode()
    assert client.get("/console/audit/", {"object_type": "no.such"}).status_code == 400
    assert client.get("/console/audit/export.csv", {"date_from": "kein Datum"}).status_code == 400


def test_csv_export_follows_the_filters_and_neutralises_formulas(entries, operator):
    response = browser(operator).get("/console/audit/export.csv", {"action": "refund."})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["created_at", "actor_email", "actor_username", "action"]
    assert len(rows) == 2 and rows[1][3] == "refund.created"
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == '{"amount": 500}'


def test_audit_log_in_german_and_only_for_operators(entries, operator):
    german = Client(HTTP_ACCEPT_LANGUAGE="de")
    login_operator(german, operator)
    assert "Prüfprotokoll" in german.get("/console/audit/").content.decode()
    buyer = browser(make_vendor(name="Beta")[1])
    assert buyer.get("/console/audit/").status_code == 404
    assert buyer.get("/console/audit/export.csv").status_code == 404
    assert Client().get("/console/audit/").status_code == 302
