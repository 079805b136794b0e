"""Writes of the help centre: operators create and edit FAQ categories and articles."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from buyers.helpcentre.models import HelpArticle, HelpCategory
from marketplace.audit import audit_record
from marketplace.errors import DomainError, NotFound

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARTICLE_FIELDS = ("category_id", "slug", "title_de", "title_en", "body_de", "body_en", "published", "position")
MAX_TITLE = 200
MAX_BODY = 20_000


def _check_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not SLUG.match(slug) or len(slug) > 120:
        raise DomainError(
            _('Use lower-case letters, digits and single hyphens (at most 120 characters), e.g. "return-costs".'),
            field="slug",
            code="invalid_slug",
        )
    return slug


def _check_texts(values: dict) -> None:
    for name in ("title_de", "title_en"):
        if len(values[name]) > MAX_TITLE or "\n" in values[name]:
            raise DomainError(_("A title is one line of at most %(max)s characters.") % {"max": MAX_TITLE}, field=name)
    for name in ("body_de", "body_en"):
        if len(values[name]) > MAX_BODY:
            raise DomainError(_("A text has at most %(max)s characters.") % {"max": MAX_BODY}, field=name)
    for lang in ("de", "en"):
        if bool(values[f"title_{lang}"]) != bool(values[f"body_{lang}"]):
            missing = f"body_{lang}" if values[f"title_{lang}"] else f"title_{lang}"
            raise DomainError(_("A language with a title needs a text too, and the other way round."), field=missing)
    german = values["title_de"] and values["body_de"]
    english = values["title_en"] and values["body_en"]
    if not (german or english):
        raise DomainError(
            _("Give the article a title and a text in German or in English (or both)."),
            field="title_de",
            code="no_language",
        )


def _check_category(category_id) -> None:
    if not HelpCategory.objects.filter(id=category_id).exists():
        raise DomainError(_("Choose an existing help category."), field="category", code="unknown_category")


@transaction.atomic
def help_category_create(*, actor, slug: str, name_de: str, name_en: str, position: int = 0) -> HelpCategory:
    slug = _check_slug(slug)
    name_de, name_en = name_de.strip(), name_en.strip()
    for field, value in (("name_de", name_de), ("name_en", name_en)):
        if not value or len(value) > 120:
            raise DomainError(_("A category needs a name of 1 to 120 characters in both languages."), field=field)
    try:
        with transaction.atomic():
            category = HelpCategory.objects.create(slug=slug, name_de=name_de, name_en=name_en, position=position)
    except IntegrityError:
        raise DomainError(_("This slug is taken; choose another."), field="slug", code="duplicate") from None
    audit_record(actor=actor, action="help_category.created", obj=category)
    return category


def _save_article(article: HelpArticle, *, actor, action: str) -> HelpArticle:
    article.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        raise DomainError(_("This slug is taken; choose another."), field="slug", code="duplicate") from None
    audit_record(actor=actor, action=action, obj=article, data={"published": article.published})
    return article


@transaction.atomic
def help_article_create(
    *,
    actor,
    category_id: int,
    slug: str,
    title_de: str = "",
    title_en: str = "",
    body_de: str = "",
    body_en: str = "",
    published: bool = False,
    position: int = 0,
) -> HelpArticle:
    values = {
        "title_de": title_de.strip(),
        "title_en": title_en.strip(),
        "body_de": body_de.strip(),
        "body_en": body_en.strip(),
    }
    slug = _check_slug(slug)
    _check_category(category_id)
    _check_texts(values)
    article = HelpArticle(category_id=category_id, slug=slug, published=published, position=position, **values)
    return _save_article(article, actor=actor, action="help_article.created")


@transaction.atomic
def help_article_update(*, actor, article_id: int, **changes) -> HelpArticle:
    """Change any of ARTICLE_FIELDS; the others stay."""
    unknown = set(changes) - set(ARTICLE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field."), field=sorted(unknown)[0])
    article = HelpArticle.objects.select_for_update().filter(id=article_id).first()
    if article is None:
        raise NotFound(_("No such article."), field="article")
    if "slug" in changes:
        changes["slug"] = _check_slug(changes["slug"])
    if "category_id" in changes:
        _check_category(changes["category_id"])
    for name in ("title_de", "title_en", "body_de", "body_en"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    values = {
        name: changes.get(name, getattr(article, name)) for name in ("title_de", "title_en", "body_de", "body_en")
    }
    _check_texts(values)
    for name, value in changes.items():
        setattr(article, name, value)
    return _save_article(article, actor=actor, action="help_article.updated")


@transaction.atomic
def help_article_delete(*, actor, article_id: int) -> None:
    article = HelpArticle.objects.select_for_update().filter(id=article_id).first()
    if article is None:
        raise NotFound(_("No such article."), field="article")
    audit_record(actor=actor, action="help_article.deleted", obj=article, data={"slug": article.slug})
    article.delete()
