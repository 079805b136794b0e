"""Help centre pages for everyone: browse and search the FAQ (buyers.helpcentre)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from buyers.helpcentre import selectors
from frontend.storefront.forms.help import HelpSearchForm
from marketplace.errors import NotFound


@require_GET
def help_index(request):
    form = HelpSearchForm(request.GET or None)
    results, query, status = None, "", 200
    if request.GET:
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            if query:
                results = selectors.help_article_search(query=query, language=get_language())
        else:
            status = 400
    return render(
        request,
        "storefront/help/index.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "categories": selectors.help_categories_with_articles(),
        },
        status=status,
    )


@require_GET
def help_article(request, slug: str):
    try:
        article = selectors.help_article_published_get(slug=slug)
    except NotFound:
        raise Http404 from None
    return render(request, "storefront/help/article.html", {"article": article, "form": HelpSearchForm()})


# --- console --------------------------------------------------------------------------
