"""DSA Art. 24(5): statements of reasons exported in the fields of the Commission's Transparency
Database API (JSON lines), every required field present and valid, for every kind of restriction."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from moderation.models import StatementOfReasons as SOR
from moderation.services.notices import notice_create, notice_decide
from moderation.services.statements import statement_issue
from moderation.transparency_db import REQUIRED, tdb_export_lines, tdb_problems, tdb_record, tdb_statements
from tests.factories import UserFactory, login_operator, make_offer, make_operator, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements(category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Helm Orkan")
    operator = make_operator()
    notice = notice_create(
        notifier=None,
        url=f"https://testserver/p/{offer.product_id}/?offer={offer.id}",
        category="intellectual_property",
        name="Nora Notifier",
        email="nora@example.test",
        explanation="This helmet is a counterfeit of the Orkan brand.",
        good_faith=True,
    )
    notice_decide(
        actor=operator,
        notice_id=notice.id,
        action=True,
        reason="The brand owner confirmed the counterfeit.",
        ground="illegal",
        ground_detail="§ 14 MarkenG",
    )
    common = dict(scope="Test", facts="The offer breaks the listing rules.", ground_detail="AGB § 5")
    with transaction.atomic():
        statement_issue(
            target_kind="offer",
            target_id=offer.id,
            target_label="Helm Orkan",
            vendor_id=vendor.id,
            restriction=SOR.Restriction.VISIBILITY,
            ground=SOR.Ground.TERMS,
            source=SOR.Source.RULES,
            automated_detection=True,
            automated_decision=True,
            **common,
        )
        statement_issue(
            target_kind="vendor",
            target_id=vendor.id,
            target_label="Alpha",
            vendor_id=vendor.id,
            restriction=SOR.Restriction.MONETARY,
            ground=SOR.Ground.TERMS,
            source=SOR.Source.ENFORCEMENT,
            automated_detection=True,
            automated_decision=False,
            decided_by=operator,
            ends_at=timezone.now() + timedelta(days=30),
            **common,
        )
        statement_issue(
            target_kind="vendor",
            target_id=vendor.id,
            target_label="Alpha",
            vendor_id=vendor.id,
            restriction=SOR.Restriction.SERVICE,
            ground=SOR.Ground.TERMS,
            source=SOR.Source.OPERATOR,
            automated_detection=False,
            automated_decision=False,
            decided_by=operator,
            **common,
        )
        statement_issue(
            target_kind="review",
            target_id=1,
            target_label="A review",
            vendor_id=None,
            recipient_id=UserFactory().id,
            restriction=SOR.Restriction.VISIBILITY,
            ground=SOR.Ground.TERMS,
            source=SOR.Source.QUEUE,
            automated_detection=False,
            automated_decision=False,
            decided_by=operator,
            **common,
        )
    return {"operator": operator, "vendor": vendor}


def test_the_statements_export_has_every_required_field(statements):
    today = timezone.localdate()
    lines = list(tdb_export_lines(tdb_statements(date_from=today, date_to=today)))
    assert len(lines) == SOR.objects.count() == 5
    records = [json.loads(line) for line in lines]
    for record in records:
        assert tdb_problems(record) == []
        for field in REQUIRED:
            assert record[field] not in (None, "", [])
        assert any(k in record for k in ("decision_visibility", "decision_monetary", "decision_provision"))
        assert record["application_date"] == today.isoformat()
        assert set(record["territorial_scope"]) >= {"DE", "AT"} and "CH" not in record["territorial_scope"]
        assert "nora" not in json.dumps(record).lower()  # no personal data of the notifier
    by_puid = {r["puid"]: r for r in records}
    assert set(by_puid) == set(SOR.objects.values_list("reference", flat=True))
    noticed = by_puid[SOR.objects.get(source="notice").reference]
    assert noticed["source_type"] == "SOURCE_ARTICLE_16"
    assert noticed["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert noticed["illegal_content_legal_ground"] == "§ 14 MarkenG"
    assert noticed["category"] == "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS"
    assert noticed["content_type"] == ["CONTENT_TYPE_PRODUCT"]
    assert noticed["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
    assert noticed["account_type"] == "ACCOUNT_TYPE_BUSINESS"
    assert noticed["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    automated = by_puid[SOR.objects.get(source="rules").reference]
    assert (automated["automated_detection"], automated["automated_decision"]) == ("Yes", "AUTOMATED_DECISION_FULLY")
    assert automated["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert automated["incompatible_content_ground"] == "AGB § 5" and automated["incompatible_content_explanation"]
    assert automated["decision_ground_reference_url"].endswith("/terms/")
    money = by_puid[SOR.objects.get(restriction="monetary").reference]
    assert money["decision_monetary"] == "DECISION_MONETARY_SUSPENSION"
    assert money["end_date_monetary_restriction"] >= money["application_date"]
    assert money["automated_decision"] == "AUTOMATED_DECISION_PARTIALLY"
    account = by_puid[SOR.objects.get(restriction="service").reference]
    assert account["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"
    assert account["decision_provision"] == "DECISION_PROVISION_TOTAL_SUSPENSION"
    assert account["content_type"] == ["CONTENT_TYPE_OTHER"] and account["content_type_other"]
    review = by_puid[SOR.objects.get(target_kind="review").reference]
    assert (review["content_type"], review["account_type"]) == (["CONTENT_TYPE_TEXT"], "ACCOUNT_TYPE_PRIVATE")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"decision_ground": "DECISION_GROUND_MAYBE"}, "decision_ground"),
        ({"category": "STATEMENT_CATEGORY_NONSENSE"}, "category"),
        ({"puid": "has space"}, "puid"),
        ({"territorial_scope": ["CH"]}, "territorial_scope"),
        ({"application_date": "2019-12-31"}, "application_date"),
        ({"automated_detection": "Maybe"}, "automated_detection"),
        ({"decision_facts": ""}, "decision_facts"),
        ({"incompatible_content_ground": ""}, "incompatible_content_ground"),
        ({"decision_visibility": None}, "decision_visibility"),
    ],
)
def test_the_check_names_what_the_database_would_refuse(statements, change, field):
    record = tdb_record(SOR.objects.get(source="rules"))
    assert tdb_problems(record) == []
    record.update(change)
    record = {k: v for k, v in record.items() if v is not None}
    assert field in [f for f, _code in tdb_problems(record)]


def test_command_and_console_download(statements, client, tmp_path):
    out = tmp_path / "sor.jsonl"
    today = timezone.localdate().isoformat()
    call_command(
        "dsa_tdb_export",
        date_from=timezone.localdate(),
        date_to=timezone.localdate(),
        output=str(out),
        stderr=io.StringIO(),
    )
    assert len(out.read_text().splitlines()) == 5
    login_operator(client, statements["operator"])
    response = client.get("/console/notices/transparency/statements.jsonl", {"year": today[:4]})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert len(response.content.decode().splitlines()) == 5
    assert client.get("/console/notices/transparency/statements.jsonl", {"year": "1999"}).status_code == 400
    client.force_login(UserFactory())
    assert client.get("/console/notices/transparency/statements.jsonl").status_code == 404
