"""Legal pages as versioned texts (issue 19.6): drafts, publication, immutability, the storefront
pages and the console page (staff only)."""

import importlib

import pytest

from marketplace import legal
from marketplace.errors import DomainError
from marketplace.models import AuditLogEntry, LegalTextVersion
from tests.conftest import row_counts
from tests.factories import UserFactory, make_operator, make_vendor
from tests.frontend.test_pages import browser

pytestmark = pytest.mark.django_db


def test_the_shipping_terms_are_seeded_and_shown_on_the_shipping_page():
    # The data migration's own function (idempotent): a transaction=True test earlier in this
    # worker flushes every table, migration rows included.
    from django.apps import apps as django_apps

    importlib.import_module("marketplace.migrations.0013_legal_text_shipping_default").seed(django_apps, None)
    seeded = legal.legal_text_current(kind="shipping")
    assert seeded is not None and seeded.version == 1 and "Versandkosten" in seeded.body_de
    page = browser().get("/shipping/")
    html = page.content.decode()
    assert page.status_code == 200 and "Version 1" in html and "<h2>Shipping costs</h2>" in html


def test_draft_then_publish_then_a_new_version_and_every_step_audited():
    operator = make_operator()
    draft = legal.legal_text_save(actor=operator, kind="imprint", body_de="Betreiber GmbH", body_en="Operator Ltd")
    assert draft.version == 1 and draft.published_at is None
    assert legal.legal_text_current(kind="imprint") is None
    again = legal.legal_text_save(actor=operator, kind="imprint", body_de="Betreiber AG", body_en="Operator plc")
    assert again.id == draft.id  # one draft per kind, edited in place
    published = legal.legal_text_save(
        actor=operator, kind="imprint", body_de="Betreiber AG\n\nBerlin", body_en="Operator plc", publish=True
    )
    assert published.id == draft.id and legal.legal_text_current(kind="imprint").body_de == "Betreiber AG\n\nBerlin"
    second = legal.legal_text_save(
        actor=operator, kind="imprint", body_de="Neu", body_en="New", note="Neue Adresse", publish=True
    )
    assert second.version == 2 and legal.legal_text_current(kind="imprint").id == second.id
    assert [v.version for v in legal.legal_text_history(kind="imprint")] == [2, 1]
    actions = list(
        AuditLogEntry.objects.filter(object_type="marketplace.legaltextversion")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "legal_text.draft_saved",
        "legal_text.draft_saved",
        "legal_text.published",
        "legal_text.published",
    ]


def test_a_published_version_never_changes():
    version = legal.legal_text_save(actor=make_operator(), kind="terms", body_de="AGB", body_en="T&C", publish=True)
    version.body_de = "Heimlich geändert"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()
    assert LegalTextVersion.objects.get(id=version.id).body_de == "AGB"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "nonsense", "body_de": "x", "body_en": "x"}, "kind"),
        ({"kind": "terms", "body_de": "  ", "body_en": "x"}, "body_de"),
        ({"kind": "terms", "body_de": "x", "body_en": ""}, "body_en"),
        ({"kind": "terms", "body_de": "x" * 100_001, "body_en": "x"}, "body_de"),
        ({"kind": "terms", "body_de": "x", "body_en": "x", "note": "n" * 301}, "note"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(kwargs, field):
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        legal.legal_text_save(actor=make_operator(), publish=True, **kwargs)
    assert refused.value.field == field
    assert row_counts() == before


def test_text_blocks_headings_and_paragraphs():
    blocks = legal.legal_text_blocks("Anbieter\nMarkt GmbH\nBerlin\n\nDies ist ein Satz.\n\nKontakt")
    assert blocks == [
        ("heading", "Anbieter"),
        ("paragraph", "Markt GmbH\nBerlin"),
        ("paragraph", "Dies ist ein Satz."),
        ("heading", "Kontakt"),
    ]


def test_storefront_pages_show_the_current_version_escape_it_and_keep_earlier_agb():
    operator = make_operator()
    client = browser()
    empty = client.get("/imprint/")
    assert empty.status_code == 200 and "has not been published yet" in empty.content.decode()
    legal.legal_text_save(actor=operator, kind="terms", body_de="AGB eins", body_en="Terms one", publish=True)
    legal.legal_text_save(
        actor=operator, kind="terms", body_de="AGB zwei", body_en="Terms two <script>x</script>", publish=True
    )
    html = client.get("/terms/").content.decode()
    assert "Terms two &lt;script&gt;" in html and "Terms one" not in html
    assert 'href="/terms/versions/1/"' in html and 'href="/terms/versions/2/"' not in html
    old = client.get("/terms/versions/1/").content.decode()
    assert "Terms one" in old and "no longer in force" in old
    assert client.get("/terms/versions/9/").status_code == 404
    legal.legal_text_save(actor=operator, kind="terms", body_de="Entwurf", body_en="Draft", publish=False)
    assert client.get("/terms/versions/3/").status_code == 404  # a draft is not public
    footer = client.get("/").content.decode()
    for url in ("/imprint/", "/terms/", "/shipping/", "/payment-terms/", "/accessibility/"):
        assert f'href="{url}"' in footer


def test_console_writes_and_publishes_and_nobody_else_can():
    operator = make_operator()
    client = browser(operator)
    assert client.get("/console/legal/").status_code == 200
    assert client.get("/console/legal/imprint/").status_code == 200
    assert client.get("/console/legal/nonsense/").status_code == 404
    before = row_counts()
    refused = client.post("/console/legal/imprint/", {"body_de": "", "body_en": "x", "action": "publish"})
    assert refused.status_code == 400 and "body_de" in refused.context["form"].errors
    assert row_counts() == before
    done = client.post(
        "/console/legal/imprint/", {"body_de": "Markt GmbH", "body_en": "Markt Ltd", "action": "publish"}
    )
    assert done.status_code == 302 and legal.legal_text_current(kind="imprint").author == operator
    vendor, owner = make_vendor(name="Alpha")
    before = row_counts()
    for user in (owner, UserFactory()):
        other = browser(user)
        assert other.get("/console/legal/").status_code == 404
        assert other.get("/console/legal/imprint/").status_code == 404
        assert (
            other.post("/console/legal/imprint/", {"body_de": "x", "body_en": "y", "action": "publish"}).status_code
            == 404
        )
    assert browser().get("/console/legal/imprint/").status_code == 302  # anonymous: to the login
    assert row_counts() == before


def test_privacy_and_withdrawal_pages_show_the_published_version_above_their_own_text():
    operator = make_operator()
    client = browser()
    assert "legal-version" not in client.get("/privacy/").content.decode()
    legal.legal_text_save(
        actor=operator, kind="privacy", body_de="Verantwortlich", body_en="Controller\n\nWe keep little.", publish=True
    )
    legal.legal_text_save(
        actor=operator, kind="withdrawal", body_de="Widerruf", body_en="Withdrawal terms of the shop.", publish=True
    )
    privacy = client.get("/privacy/").content.decode()
    assert "We keep little." in privacy and "Version 1" in privacy
    assert "Withdrawal terms of the shop." in client.get("/withdrawal/").content.decode()
