"""P2B (Regulation (EU) 2019/1150): a terms change is announced to every seller at least 15 days
ahead (inbox and mail, once), takes effect on its date and records each acceptance; the main
ranking parameters page is generated from the actual factors; sellers' complaint statistics."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from marketplace import legal
from marketplace.errors import DomainError
from marketplace.outbox import outbox_deliver
from moderation.models import StatementOfReasons as SOR
from moderation.selectors_notices import transparency_report
from moderation.services.appeals import appeal_create
from moderation.services.statements import statement_issue
from tests.factories import login_operator, make_operator, make_vendor
from vendors import buy_box
from vendors.models import SellerNotification, SellerTermsNotice
from vendors.services.seller_terms import (
    seller_terms_accept,
    seller_terms_announce,
    seller_terms_current,
    seller_terms_status,
)

pytestmark = pytest.mark.django_db


def announce(operator, days, note="Neue Gebühren"):
    return seller_terms_announce(
        actor=operator,
        body_de="§ 1 Neue Bedingungen",
        body_en="§ 1 New terms",
        note=note,
        effective_on=timezone.localdate() + timedelta(days=days),
    )


def test_a_terms_change_notifies_every_seller_15_days_ahead_and_records_acceptance(django_capture_on_commit_callbacks):
    operator = make_operator()
    alpha, alpha_owner = make_vendor(name="Alpha")
    beta, _beta_owner = make_vendor(name="Beta")
    legal.legal_text_save(actor=operator, kind="seller_terms", body_de="§ 1 Alt", body_en="§ 1 Old", publish=True)
    first = seller_terms_current()
    # Changes cannot be published at once, nor announced with less than 15 days' notice.
    with pytest.raises(DomainError) as immediate:
        legal.legal_text_save(actor=operator, kind="seller_terms", body_de="§ 1 X", body_en="§ 1 X", publish=True)
    assert immediate.value.code == "notice_period"
    with pytest.raises(DomainError) as short:
        announce(operator, 14)
    assert short.value.field == "effective_on"
    assert not SellerTermsNotice.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = announce(operator, 15)
    outbox_deliver()
    outbox_deliver()
    # Effective date enforced: the old version stays in force until the new one's day.
    assert seller_terms_current() == first
    assert version.published_at.date() == timezone.localdate() + timedelta(days=15)
    notices = SellerTermsNotice.objects.filter(version=version)
    assert set(notices.values_list("vendor_id", flat=True)) == {alpha.id, beta.id}
    assert all(n.mailed_at for n in notices)
    to = sorted(m.to[0] for m in mail.outbox if m.to[0] in (alpha.email, beta.email))
    assert to == sorted([alpha.email, beta.email])  # one mail each
    assert SellerNotification.objects.filter(kind="legal", key=f"terms:{version.version}").count() == 2
    # Acceptance is recorded per seller, once.
    accepted = seller_terms_accept(vendor=alpha, actor=alpha_owner, version_number=version.version)
    again = seller_terms_accept(vendor=alpha, actor=alpha_owner, version_number=version.version)
    assert accepted.accepted_at == again.accepted_at and accepted.accepted_by == alpha_owner
    assert SellerTermsNotice.objects.get(vendor=beta, version=version).accepted_at is None
    status = {row["version"].version: row for row in seller_terms_status(vendor=alpha)}
    assert status[version.version]["in_force"] is False and status[version.version]["notice"].accepted_at
    # On the effective day the new version is in force.
    type(version).objects.filter(id=first.id).update(published_at=timezone.now() - timedelta(days=30))
    type(version).objects.filter(id=version.id).update(published_at=timezone.now() - timedelta(seconds=1))
    assert seller_terms_current().id == version.id


def test_seller_terms_pages(client, django_capture_on_commit_callbacks):
    operator = make_operator()
    alpha, alpha_owner = make_vendor(name="Alpha")
    login_operator(client, operator)
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    body = {"body_de": "§ 1 Neu", "body_en": "§ 1 New", "note": "Gebühren", "effective_on": day}
    refused = client.post("/console/seller-terms/", body)
    assert refused.status_code == 400 and "effective_on" in refused.context["form"].errors
    body["effective_on"] = (timezone.localdate() + timedelta(days=20)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/console/seller-terms/", body).status_code == 302
    client.force_login(alpha_owner)
    page = client.get(f"/seller/terms/?vendor={alpha.id}")
    assert page.status_code == 200 and "Gebühren" in page.content.decode()
    assert client.post("/seller/terms/accept/", {"vendor": alpha.id, "version": "1"}).status_code == 302
    assert SellerTermsNotice.objects.get(vendor=alpha).accepted_by == alpha_owner
    # Another seller's owner cannot accept for Alpha.
    beta, beta_owner = make_vendor(name="Beta")
    client.force_login(beta_owner)
    assert client.post("/seller/terms/accept/", {"vendor": alpha.id, "version": "1"}).status_code == 404


def test_ranking_parameters_page_shows_the_actual_factors(client, monkeypatch):
    page = client.get("/legal/ranking/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200
    assert f"as much as {buy_box.DAY_PENALTY_PCT} % of the price" in text
    assert "weighs 6 times" in text  # title^6 in the search's field boosts
    monkeypatch.setattr(buy_box, "DAY_PENALTY_PCT", 7)
    assert "as much as 7 % of the price" in client.get("/legal/ranking/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_complaint_statistics_for_business_users(category):
    alpha, alpha_owner = make_vendor(name="Alpha")
    operator = make_operator()
    with transaction.atomic():
        statement = statement_issue(
            target_kind="vendor",
            target_id=alpha.id,
            target_label="Alpha",
            vendor_id=alpha.id,
            restriction=SOR.Restriction.MONETARY,
            scope="Test",
            facts="Test",
            ground=SOR.Ground.TERMS,
            ground_detail="Test",
            source=SOR.Source.OPERATOR,
            automated_detection=False,
            automated_decision=False,
            decided_by=operator,
        )
    appeal_create(actor=alpha_owner, statement_id=statement.id, text="Die Sperre ist unbegründet.", vendor=alpha)
    stats = transparency_report(year=timezone.localdate().year)["business_user_complaints"]
    assert stats["received"] == 1
    assert stats["by_type"]["monetary"] == 1 and stats["by_outcome"]["open"] == 1
