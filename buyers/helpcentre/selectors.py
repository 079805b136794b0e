"""Reads of the help centre: published articles for buyers, all of them for operators, search.

Search runs on PostgreSQL's full-text search, not on the search engine: the FAQ is a few hundred
short articles that live in the database with their published flag, so a query over them is
fast without an index of its own, an edit or a publish is searchable the moment it commits (no
outbox, no reindex, nothing to drift), and PostgreSQL ships the stemmers we need ("german" for
the German fields, "english" for the English ones, so "Rücksendungen" finds "Rücksendung" and
"returns" finds "return"). Both languages are searched; the buyer's language ranks first.
On SQLite (``make run`` without a database server) it falls back to word-by-word ``icontains``.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Value
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buyers.helpcentre.models import HelpArticle, HelpCategory
from marketplace.errors import NotFound

MAX_QUERY = 200
MAX_RESULTS = 50


def help_categories_with_articles(*, published_only: bool = True) -> list[HelpCategory]:
    """Categories in order, each with its articles (``shown_articles``); empty ones left out for buyers."""
    articles = HelpArticle.objects.order_by("position", "id")
    if published_only:
        articles = articles.filter(published=True)
    categories = HelpCategory.objects.prefetch_related(
        Prefetch("articles", queryset=articles, to_attr="shown_articles")
    )
    return [c for c in categories if c.shown_articles or not published_only]


def help_category_list() -> QuerySet[HelpCategory]:
    return HelpCategory.objects.all()


def help_article_list(*, published_only: bool = True, category_id: int | None = None) -> QuerySet[HelpArticle]:
    articles = HelpArticle.objects.select_related("category")
    if published_only:
        articles = articles.filter(published=True)
    if category_id is not None:
        articles = articles.filter(category_id=category_id)
    return articles


def help_article_published_get(*, slug: str) -> HelpArticle:
    """A published article; a draft and a missing slug are the same 404."""
    article = help_article_list().filter(slug=slug).first()
    if article is None:
        raise NotFound(_("No such article."), field="article")
    return article


def help_article_get(*, article_id: int) -> HelpArticle:
    """Any article, drafts included (operators)."""
    article = help_article_list(published_only=False).filter(id=article_id).first()
    if article is None:
        raise NotFound(_("No such article."), field="article")
    return article


def help_article_search(*, query: str, published_only: bool = True, language: str | None = None) -> list[HelpArticle]:
    """Articles matching ``query`` in German or English, best first."""
    query = " ".join((query or "").split())[:MAX_QUERY]
    if not query:
        return []
    articles = help_article_list(published_only=published_only)
    if connection.vendor != "postgresql":
        for word in query.split():
            articles = articles.filter(
                Q(title_de__icontains=word)
                | Q(body_de__icontains=word)
                | Q(title_en__icontains=word)
                | Q(body_en__icontains=word)
            )
        return list(articles.order_by("category__position", "position", "id")[:MAX_RESULTS])

    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    english_first = (language or get_language() or "de").startswith("en")
    vector_de = SearchVector("title_de", weight="A", config="german") + SearchVector(
        "body_de", weight="B", config="german"
    )
    vector_en = SearchVector("title_en", weight="A", config="english") + SearchVector(
        "body_en", weight="B", config="english"
    )
    # "websearch" reads what people type: quoted phrases, "or", a leading minus; never a syntax error.
    query_de = SearchQuery(query, config="german", search_type="websearch")
    query_en = SearchQuery(query, config="english", search_type="websearch")
    weight_de, weight_en = (0.5, 1.0) if english_first else (1.0, 0.5)
    articles = (
        articles.annotate(vector_de=vector_de, vector_en=vector_en)
        .filter(Q(vector_de=query_de) | Q(vector_en=query_en))
        .annotate(
            rank=SearchRank(F("vector_de"), query_de) * Value(weight_de)
            + SearchRank(F("vector_en"), query_en) * Value(weight_en)
        )
        .order_by("-rank", "id")
    )
    return list(articles[:MAX_RESULTS])
