"""The page judge itself: it finds each kind of problem on a page built to have it, and nothing
on a clean one (pages served by Playwright's request routing, no server needed)."""

import pytest

from tests.e2e.harness import english_phrases, judge, parse_po, untranslated

pytestmark = pytest.mark.e2e

CLEAN = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Sauber</title>
<link rel="icon" href="data:,"></head>
<body><header><nav aria-label="Haupt"><a href="/">Start</a></nav></header>
<main><h1>Warenkorb</h1><p>Ihr Warenkorb ist leer.</p></main></body></html>"""

BROKEN = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Kaputt</title>
<link rel="icon" href="data:,"></head>
<body><main><h1>Warenkorb</h1>
<div class="wide" style="width: 700px">Zu breit</div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button>Add to cart</button>
<script>console.error("kaputt"); null.x;</script>
</main></body></html>"""


@pytest.fixture
def served(new_context):
    """A page whose requests to http://judge.test/<name> answer with PAGES[name]."""
    pages = {"clean": CLEAN, "broken": BROKEN}
    context = new_context("de")
    context.route(
        "http://judge.test/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body=pages[route.request.url.rsplit("/", 1)[-1]]
        ),
    )
    return context.new_page()


def test_a_clean_page_passes(served):
    verdict = judge(served, "http://judge.test/clean", "de")
    assert verdict.ok, verdict.report()
    assert verdict.status == 200


def test_every_problem_of_a_broken_page_is_named(served, tmp_path):
    verdict = judge(served, "http://judge.test/broken", "de", screenshots=tmp_path)
    text = verdict.report()
    assert "390px overflow: document" in text and "div.wide" in text
    assert "axe critical: image-alt" in text
    assert 'untranslated English: "Add to cart"' in text
    assert "console error: kaputt" in text and "page error:" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de-broken-1366.png", "de-broken-390.png"]


def test_status_and_language_are_checked(served):
    verdict = judge(served, "http://judge.test/clean", "en", expect_status=403)
    assert "status: 200, expected 403" in verdict.report()
    assert 'language: <html lang="de">, expected en' in verdict.report()


def test_po_parsing_and_english_phrases():
    pairs = parse_po(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n#: a.py:1\nmsgid "Add to "\n"cart"\nmsgstr "In den Warenkorb"\n\n'
        '#, fuzzy\nmsgid "Old text"\nmsgstr "Alt"\n\nmsgid "One item"\nmsgid_plural "%(n)s items"\n'
        'msgstr[0] "Ein Artikel"\nmsgstr[1] "%(n)s Artikel"\n'
    )
    assert pairs == [("Add to cart", "In den Warenkorb"), ("One item", "Ein Artikel"), ("%(n)s items", "%(n)s Artikel")]
    assert "Add to cart" in english_phrases()  # from the project's catalogues
    assert untranslated("Jetzt Add to cart drücken") == ["Add to cart"]
    assert untranslated("Add to cartoon") == []  # whole words only
