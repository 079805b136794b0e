"""Console: help centre articles and categories (buyers.helpcentre services)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buyers.helpcentre import selectors, services
from frontend.common.access import staff_required
from frontend.common.errors import add_domain_error
from frontend.console.forms.help import HelpArticleForm, HelpCategoryForm
from marketplace.errors import DomainError, NotFound


@staff_required
@require_GET
def console_help(request):
    return render(
        request,
        "console/help/list.html",
        {
            "categories": selectors.help_categories_with_articles(published_only=False),
            "category_form": HelpCategoryForm(),
        },
    )


@staff_required
@require_POST
def console_help_category_create(request):
    form = HelpCategoryForm(request.POST)
    if form.is_valid():
        try:
            services.help_category_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Help category created."))
            return redirect("frontend:console_help")
    return render(
        request,
        "console/help/list.html",
        {
            "categories": selectors.help_categories_with_articles(published_only=False),
            "category_form": form,
        },
        status=400,
    )


def _article_form(request, *, initial=None) -> HelpArticleForm:
    return HelpArticleForm(
        request.POST if request.method == "POST" else None, initial=initial, categories=selectors.help_category_list()
    )


@staff_required
@require_http_methods(["GET", "POST"])
def console_help_article_new(request):
    form = _article_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.help_article_create(actor=request.user, category_id=data.pop("category"), **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect("frontend:console_help_article", article_id=article.id)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/help/article.html", {"form": form, "article": None}, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def console_help_article(request, article_id: int):
    try:
        article = selectors.help_article_get(article_id=article_id)
    except NotFound:
        raise Http404 from None
    initial = {
        name: getattr(article, name)
        for name in ("slug", "title_de", "title_en", "body_de", "body_en", "position", "published")
    }
    form = _article_form(request, initial={**initial, "category": article.category_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.help_article_update(
                actor=request.user, article_id=article.id, category_id=data.pop("category"), **data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect("frontend:console_help_article", article_id=article.id)
    status = 400 if request.method == "POST" else 200
    return render(request, "console/help/article.html", {"form": form, "article": article}, status=status)
