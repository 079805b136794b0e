"""The shop's legal pages that operators write as versioned texts in the console (issue 19.6):
Impressum, AGB (with their earlier versions), payment terms, accessibility statement. The
shipping terms page (views/legal.py) reads its text the same way."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace import legal
from marketplace.models import LegalTextVersion
from search.selectors.ranking import ranking_parameters

KIND = LegalTextVersion.Kind


def legal_text_context(kind: str, version: LegalTextVersion | None = None) -> dict:
    """What a legal text page shows: its title, the version (the current one unless given) as
    blocks, and for the AGB the earlier versions."""
    current = legal.legal_text_current(kind=kind)
    shown = version or current
    context = {
        "kind": kind,
        "title": KIND(kind).label,
        "text": shown,
        "blocks": legal.legal_text_blocks(shown.body) if shown else [],
        "is_current": shown is not None and current is not None and shown.id == current.id,
        "current": current,
    }
    if kind == KIND.TERMS:
        context["earlier"] = [v for v in legal.legal_text_history(kind=kind) if not current or v.id != current.id]
    return context


@require_GET
def legal_page(request, kind: str):
    return render(request, "storefront/legal/text.html", legal_text_context(kind))


@require_GET
def terms_version(request, version: int):
    found = legal.legal_text_version_get(kind=KIND.TERMS, version=version)
    if found is None:
        raise Http404
    return render(request, "storefront/legal/text.html", legal_text_context(KIND.TERMS, found))


@require_GET
def ranking(request):
    """The main ranking parameters (P2B Art. 5, § 5b UWG), generated from the search's and the buy box's figures."""
    return render(request, "storefront/legal/ranking.html", {"parameters": ranking_parameters()})
