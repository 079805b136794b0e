"""Help centre: search in German and English (stemmed), drafts hidden, operator-only management,
bad input named and harmless, public and console pages in both languages."""

import pytest
from django.test import Client

from buyers.helpcentre.models import HelpArticle, HelpCategory
from buyers.helpcentre.selectors import help_article_search
from tests.conftest import client_for, row_counts
from tests.factories import UserFactory, login_operator

pytestmark = pytest.mark.django_db


def _counts():
    return {**row_counts(), "articles": HelpArticle.objects.count(), "categories": HelpCategory.objects.count()}


@pytest.mark.parametrize(
    "query, language, expected",
    [
        ("Rücksendung", "de", "free-returns"),  # German stemming: "Rücksendungen" in the text
        ("kostenlos zurückschicken OR Rücksendung", "de", "free-returns"),
        ("returned", "en", "free-returns"),  # English stemming: "Returning" in the text
        ("Lieferzeit", "de", "delivery-times"),
        ("parcel", "en", "delivery-times"),
        ("returns", "de", "free-returns"),  # the other language's words are found too
    ],
)
def test_search_finds_articles_in_both_languages(faq, query, language, expected):
    found = help_article_search(query=query, language=language)
    assert found and found[0].slug == expected


def test_search_never_shows_drafts_and_ignores_empty_queries(faq):
    assert help_article_search(query="Entwurf") == []
    assert help_article_search(query="parcel locker") == [] or all(
        a.published for a in help_article_search(query="parcel locker")
    )
    assert help_article_search(query="   ") == []
    assert help_article_search(query='"unclosed quote -') is not None  # websearch syntax never errors


def test_public_api_lists_searches_and_hides_drafts(faq, api):
    listed = api.get("/api/help/articles/").data
    assert {a["slug"] for a in listed} == {"free-returns", "delivery-times"}
    found = api.get("/api/help/articles/", {"q": "Rücksendungen"}).data
    assert [a["slug"] for a in found] == ["free-returns"]
    assert api.get("/api/help/articles/free-returns/").data["title_en"] == "Free returns"
    assert api.get("/api/help/articles/secret-draft/").status_code == 404
    assert api.get("/api/help/articles/no-such-article/").status_code == 404
    response = api.get("/api/help/articles/", {"category": "abc"})
    assert response.status_code == 400 and "category" in response.data


def test_operators_manage_articles_and_a_publish_is_searchable_at_once(faq, operator):
    staff = client_for(operator)
    response = staff.post(
        "/api/operator/help/articles/",
        {
            "category": faq["shipping_category"].id,
            "slug": "packstation",
            "title_de": "Lieferung an die Packstation",
            "body_de": "Sie können an eine Packstation liefern lassen.",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    article_id = response.data["id"]
    assert help_article_search(query="Packstation") == []  # a draft until published
    response = staff.patch(f"/api/operator/help/articles/{article_id}/", {"published": True}, format="json")
    assert response.status_code == 200 and response.data["published"] is True
    assert [a.slug for a in help_article_search(query="Packstationen")] == ["packstation"]
    assert staff.delete(f"/api/operator/help/articles/{article_id}/").status_code == 204
    assert staff.get(f"/api/operator/help/articles/{article_id}/").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"slug": "Bad Slug!", "title_de": "T", "body_de": "B"}, "slug"),
        ({"slug": "empty"}, "title_de"),
        ({"slug": "half", "title_en": "Only a title"}, "body_en"),
        ({"slug": "free-returns", "title_de": "T", "body_de": "B"}, "slug"),  # taken
        ({"slug": "unknown-category", "title_de": "T", "body_de": "B", "category": 2_000_000}, "category"),
        ({"slug": "two-lines", "title_de": "Eins\nZwei", "body_de": "B"}, "title_de"),
    ],
)
def test_bad_article_input_names_the_field_and_changes_nothing(faq, operator, body, field):
    before = _counts()
    response = client_for(operator).post(
        "/api/operator/help/articles/", {"category": faq["returns_category"].id, **body}, format="json"
    )
    assert response.status_code == 400 and field in response.data, response.data
    assert _counts() == before


def test_management_is_for_operators_only(faq, api):
    buyer = client_for(UserFactory())
    before = _counts()
    body = {"category": faq["returns_category"].id, "slug": "hack", "title_de": "T", "body_de": "B"}
    article = faq["returns"].id
    for client in (api, buyer):
        assert client.post("/api/operator/help/articles/", body, format="json").status_code in {401, 403}
        assert client.get("/api/operator/help/articles/").status_code in {401, 403}
        assert client.patch(
            f"/api/operator/help/articles/{article}/", {"published": False}, format="json"
        ).status_code in {401, 403}
        assert client.delete(f"/api/operator/help/articles/{article}/").status_code in {401, 403}
        assert client.post(
            "/api/operator/help/categories/", {"slug": "x", "name_de": "X", "name_en": "X"}, format="json"
        ).status_code in {401, 403}
    page = Client()
    page.force_login(UserFactory())
    assert page.get("/console/help/").status_code == 404
    assert page.post("/console/help/articles/new/", {"slug": "hack"}).status_code == 404
    assert page.post(f"/console/help/articles/{article}/", {"slug": "hack"}).status_code == 404
    assert Client().get("/console/help/").status_code == 302  # to the login page
    assert _counts() == before
    assert HelpArticle.objects.get(id=article).published


@pytest.mark.parametrize(
    "language, query, title, heading",
    [
        ("de", "Rücksendung", "Kostenlose Rücksendungen", "Hilfe-Center"),
        ("en", "returns", "Free returns", "Help centre"),
    ],
)
def test_help_pages_in_both_languages(faq, language, query, title, heading):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = client.get("/help/", {"q": query}).content.decode()
    assert heading in page and title in page and "data-help-results" in page
    assert "Geheimer Entwurf" not in page and "Secret draft" not in page
    article = client.get("/help/free-returns/").content.decode()
    assert title in article
    assert client.get("/help/secret-draft/").status_code == 404


def test_console_pages_create_and_edit_articles(faq, operator):
    client = login_operator(Client(HTTP_ACCEPT_LANGUAGE="de"), operator)
    page = client.get("/console/help/").content.decode()
    assert "Geheimer Entwurf" in page and "Entwurf" in page
    response = client.post(
        "/console/help/articles/new/",
        {
            "category": faq["returns_category"].id,
            "slug": "umtausch",
            "title_de": "Umtausch",
            "body_de": "So tauschen Sie um.",
            "position": 0,
            "published": "on",
        },
    )
    assert response.status_code == 302
    article = HelpArticle.objects.get(slug="umtausch")
    assert article.published and article.updated_by == operator
    response = client.post(
        f"/console/help/articles/{article.id}/",
        {
            "category": faq["returns_category"].id,
            "slug": "umtausch",
            "title_de": "Umtausch",
            "body_de": "",
            "position": 0,
        },
    )
    assert response.status_code == 400  # a German title without a text: named on body_de
    assert "body_de" in response.content.decode() and HelpArticle.objects.get(id=article.id).body_de
    english = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en"), operator).get("/console/help/").content.decode()
    assert "Help centre articles" in english
