"""Issue 16 item 4 for the operator console: every list page answers 200 with a helpful empty
state (the design system's ``empty_state``: what is missing and what to do next) when it has
nothing to show, in English and in German. The world here has one operator and nothing else."""

import pytest
from django.test import Client

from moderation.models import ReviewItem
from tests.factories import login_operator, make_offer, make_vendor
from tests.frontend.test_pages import browser

pytestmark = pytest.mark.django_db

# URL -> (English title, German title) of the page's empty state.
EMPTY_PAGES = {
    "/console/dashboard/": ("No orders in this period", "Keine Bestellungen in diesem Zeitraum"),
    "/console/audit/": ("No audited actions yet", "Noch keine protokollierten Aktionen"),
    "/console/search/": ("Search the whole marketplace", "Den ganzen Marktplatz durchsuchen"),
    "/console/search/?q=nichts-dergleichen": ("Nothing found", "Nichts gefunden"),
    "/console/": ("No vendors yet", "Noch keine Händler"),
    "/console/payouts/": ("No payout runs yet", "Noch keine Auszahlungsläufe"),
    "/console/moderation/": ("Nothing waiting for a decision", "Nichts wartet auf eine Entscheidung"),
    "/console/reports/": ("No reports waiting", "Keine offenen Meldungen"),
    "/console/moderation/templates/": ("No reason templates yet", "Noch keine Begründungsvorlagen"),
    "/console/commissions/": ("No commission rules yet", "Noch keine Provisionsregeln"),
    "/console/reconciliation/": ("Choose a period to reconcile", "Zeitraum für den Abgleich wählen"),
    "/console/disputes/": ("No disputes with this status", "Keine Rückbuchungen mit diesem Status"),
    "/console/revenue/": ("No sales or refunds in this period", "Keine Verkäufe oder Erstattungen in diesem Zeitraum"),
    "/console/scorecards/": ("No vendor evaluated yet", "Noch kein Verkäufer ausgewertet"),
    "/console/claims/": ("No guarantee claims", "Keine Garantieanträge"),
    "/console/help/": ("No help categories yet", "Noch keine Hilfe-Kategorien"),
    "/console/surveys/": ("No survey answers yet", "Noch keine Antworten auf Umfragen"),
    "/console/addons/": (
        "No orders with CO2 compensation or points yet",
        "Noch keine Bestellungen mit CO2-Ausgleich oder Punkten",
    ),
    "/console/notices/": ("No notices with this status", "Keine Meldungen mit diesem Status"),
    "/console/notices/offenders/": ("No repeat offenders", "Keine Wiederholungstäter"),
    "/console/appeals/": ("No complaints with this status", "Keine Beschwerden mit diesem Status"),
}


def _operator_client(operator, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    login_operator(client, operator)
    return client


def _empty_state_titles(html: str) -> str:
    """The text of the page's empty-state sections (the component's markup), or ""."""
    parts = html.split('<section class="empty-state')[1:]
    return " ".join(part.split("</section>")[0] for part in parts)


@pytest.mark.parametrize("url", list(EMPTY_PAGES))
@pytest.mark.parametrize("language", ["en", "de"])
def test_list_page_with_nothing_to_show_answers_200_with_a_helpful_empty_state(url, language, operator):
    page = _operator_client(operator, language).get(url)
    assert page.status_code == 200, f"{url} answered {page.status_code} with nothing to show"
    english, german = EMPTY_PAGES[url]
    titles = _empty_state_titles(page.content.decode())
    assert titles, f"{url} shows no empty state"
    assert (english if language == "en" else german) in titles


def test_filters_that_match_nothing_answer_200_and_offer_the_way_back(operator):
    client = browser(operator)
    for url in ("/console/moderation/?status=rejected", "/console/reports/?status=approved&overdue=yes"):
        page = client.get(url)
        assert page.status_code == 200, url
        titles = _empty_state_titles(page.content.decode())
        assert "Nothing matches these filters" in titles or "No reports match these filters" in titles
        assert 'href="/console/' in titles  # a link that clears the filters


def test_an_operator_who_decides_the_last_item_lands_on_an_empty_queue(operator, category):
    vendor, owner = make_vendor(name="Alpha")
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Neue Lampe", moderated=False)
    item = ReviewItem.objects.get(kind="new_product", product=offer.product)
    page = browser(operator).post(f"/console/moderation/{item.id}/approve/", follow=True)
    assert page.redirect_chain == [("/console/moderation/", 302)]
    assert page.status_code == 200
    assert "Nothing waiting for a decision" in _empty_state_titles(page.content.decode())


def test_standings_list_every_evaluated_vendor_and_no_empty_state(operator, category):
    from moderation.services import standing_evaluate

    vendor, _owner = make_vendor(name="Alpha")
    standing_evaluate(vendor_id=vendor.id)
    page = browser(operator).get("/console/scorecards/")
    html = page.content.decode()
    assert page.status_code == 200 and "Alpha" in html and not _empty_state_titles(html)
