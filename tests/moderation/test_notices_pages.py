"""The notice-and-action pages in German and English: the public notice form and its
acknowledgement, the console's notice decision, complaints (another operator only), offenders
and the transparency export, and the seller portal's statements with the complaint form."""

import pytest
from django.test import Client

from moderation.models import Appeal, Notice, StatementOfReasons
from moderation.services.notices import notice_create, notice_decide
from tests.conftest import row_counts
from tests.factories import login_operator, make_offer, make_operator, make_vendor

pytestmark = pytest.mark.django_db


def client(language="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    c.cookies["django_language"] = language
    return c


@pytest.fixture
def offer(category):
    vendor, owner = make_vendor(name="Alpha")
    return make_offer(vendor=vendor, owner=owner, category=category, title="Helm Orkan")


def form(offer, **changes):
    data = {
        "url": f"http://testserver/p/{offer.product_id}/?offer={offer.id}",
        "category": "consumer_protection",
        "explanation": "The price hides a compulsory shipping fee.",
        "name": "Nora",
        "email": "nora@example.test",
        "good_faith": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "language,title,thanks",
    [
        ("en", "Report illegal content", "Notice received"),
        ("de", "Rechtswidrige Inhalte melden", "Meldung eingegangen"),
    ],
)
def test_public_notice_form_and_acknowledgement(offer, language, title, thanks):
    c = client(language)
    page = c.get(
        f"/notices/new/?url=http://testserver/p/{offer.product_id}/%3Foffer%3D{offer.id}&kind=offer&id={offer.id}"
    )
    assert page.status_code == 200 and title in page.content.decode()
    response = c.post("/notices/new/", form(offer, target_kind="offer", target_id=offer.id))
    assert response.status_code == 200, response.content.decode()[:2000]
    notice = Notice.objects.get()
    html = response.content.decode()
    assert thanks in html and notice.reference in html and notice.language == language


def test_form_errors_name_the_field_and_store_nothing(offer):
    before = row_counts()
    response = client("de").post("/notices/new/", form(offer, good_faith="", url="http://testserver/search/"))
    assert response.status_code == 400
    assert "good_faith" in response.context["form"].errors
    response = client("en").post("/notices/new/", form(offer, url="http://testserver/search/"))
    assert response.status_code == 400 and "url" in response.context["form"].errors
    assert "does not point to an offer" in response.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize(
    "language,heading", [("en", "Notices of illegal content"), ("de", "Meldungen rechtswidriger Inhalte")]
)
def test_console_decides_a_notice(offer, language, heading):
    notice = notice_create(
        notifier=None, **{k: v for k, v in form(offer).items() if k != "good_faith"}, good_faith=True
    )
    c = client(language)
    login_operator(c, make_operator())
    assert heading in c.get("/console/notices/").content.decode()
    assert notice.reference in c.get(f"/console/notices/{notice.id}/").content.decode()
    bad = c.post(f"/console/notices/{notice.id}/decide/", {"action": "yes", "reason": "Hidden fee."})
    assert bad.status_code == 400 and "ground" in bad.context["form"].errors
    done = c.post(
        f"/console/notices/{notice.id}/decide/",
        {"action": "yes", "reason": "Hidden fee.", "ground": "illegal", "ground_detail": "§ 312a BGB"},
    )
    assert done.status_code == 302
    assert StatementOfReasons.objects.get(notice=notice).decided_by is not None


@pytest.mark.parametrize("language,heading", [("en", "Statements of reasons"), ("de", "Begründungen")])
def test_seller_portal_statement_and_complaint_then_console_decision(offer, language, heading):
    notice = notice_create(
        notifier=None, **{k: v for k, v in form(offer).items() if k != "good_faith"}, good_faith=True
    )
    first, second = make_operator(), make_operator()
    notice_decide(
        actor=first,
        notice_id=notice.id,
        action=True,
        reason="Hidden fee.",
        ground="illegal",
        ground_detail="§ 312a BGB",
    )
    statement = StatementOfReasons.objects.get()
    owner = offer.vendor.members.get().user
    seller = client(language)
    seller.force_login(owner)
    page = seller.get("/seller/statements/").content.decode()
    assert heading in page and statement.reference in page and "§ 312a BGB" in page
    assert seller.post(f"/seller/statements/{statement.id}/appeal/", {f"s{statement.id}-text": "no"}).status_code == 400
    sent = seller.post(
        f"/seller/statements/{statement.id}/appeal/", {f"s{statement.id}-text": "The fee is shown in the basket."}
    )
    assert sent.status_code == 302
    appeal = Appeal.objects.get()

    same = client(language)
    login_operator(same, first)
    assert (
        same.post(
            f"/console/appeals/{appeal.id}/decide/",
            {f"a{appeal.id}-outcome": "reversed", f"a{appeal.id}-reason": "Mine."},
        ).status_code
        == 400
    )
    other = client(language)
    login_operator(other, second)
    assert statement.reference in other.get("/console/appeals/").content.decode()
    assert (
        other.post(
            f"/console/appeals/{appeal.id}/decide/",
            {f"a{appeal.id}-outcome": "reversed", f"a{appeal.id}-reason": "Fee is shown."},
        ).status_code
        == 302
    )
    offer.refresh_from_db()
    assert offer.status == "live"


def test_console_offenders_and_transparency_pages(offer):
    c = client("de")
    login_operator(c, make_operator())
    assert "Wiederholungstäter" in c.get("/console/notices/offenders/").content.decode()
    page = c.get("/console/notices/transparency/?year=2025")
    assert page.status_code == 200 and "Transparenzbericht 2025" in page.content.decode()
    csv = c.get("/console/notices/transparency/?year=2025&export=csv")
    assert csv["Content-Type"].startswith("text/csv") and csv.content.decode().startswith("measure,value")


def test_another_vendor_cannot_complain_about_a_statement(offer):
    notice = notice_create(
        notifier=None, **{k: v for k, v in form(offer).items() if k != "good_faith"}, good_faith=True
    )
    notice_decide(
        actor=make_operator(), notice_id=notice.id, action=True, reason="x", ground="terms", ground_detail="AGB 3"
    )
    statement = StatementOfReasons.objects.get()
    _, beta_owner = make_vendor(name="Beta")
    c = client()
    c.force_login(beta_owner)
    assert (
        c.post(
            f"/seller/statements/{statement.id}/appeal/", {f"s{statement.id}-text": "Not ours but still."}
        ).status_code
        == 404
    )
    assert not Appeal.objects.exists()


def test_report_links_on_the_offer_and_the_seller_page_prefill_the_form(offer):
    c = client("de")
    product = c.get(f"/p/{offer.product_id}/").content.decode()
    assert f"/notices/new/?kind=offer&amp;id={offer.id}" in product and "Rechtswidrige Inhalte melden" in product
    form_page = c.get(f"/notices/new/?kind=offer&id={offer.id}")
    assert form_page.context["form"].initial["url"] == f"http://testserver/p/{offer.product_id}/?offer={offer.id}"
    seller = c.get(f"/sellers/{offer.vendor_id}/").content.decode()
    assert f"/notices/new/?kind=vendor&amp;id={offer.vendor_id}" in seller
