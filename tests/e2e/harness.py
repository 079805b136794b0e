"""The page judge: loads a page in a real Chromium and lists everything wrong with it.

``judge(page, url, language)`` loads ``url`` at 1366x900, checks it, narrows the same loaded page
to 390x844 and checks it again, taking a screenshot at each width. A page passes when:

- the document answered with the expected status (< 400 unless told otherwise) and did not end
  up somewhere else (a redirect to the login page is a finding, not a pass);
- ``<html lang>`` is the asked language;
- at 390 px the document is no wider than the viewport (the elements that stick out are named);
- axe-core (vendored, tests/e2e/vendor/axe-core; evaluated in the page, as the pages'
  Content-Security-Policy blocks an injected <script>) finds no serious or critical violation of the
  WCAG 2 A/AA and 2.1 AA rules;
- the browser logged no console error and no uncaught page error;
- on German pages no English text of the project's catalogues appears (an English msgid whose
  German translation differs, of two words or more).

It returns a ``Verdict``: its ``problems`` are readable lines (width, kind, detail), all of a
page's problems at once. ``assert_ok(verdict)`` fails a test with them.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_IMPACTS = {"serious", "critical"}

# English msgids that are also good German (or names): never reported as untranslated.
NOT_ENGLISH = {
    "Online-Shop",
    "E-Mail",
    "Marketplace Admin",
}
MIN_WORDS = 2


@dataclass
class Verdict:
    url: str
    language: str
    name: str
    status: int | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    screenshots: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, width: int | None, kind: str, detail: str) -> None:
        where = f"{width}px " if width else ""
        self.problems.append(f"{where}{kind}: {detail}")

    def report(self) -> str:
        head = f"{self.name} [{self.language}] {self.url}"
        return head + ("" if self.ok else "\n" + "\n".join(f"  - {p}" for p in self.problems))


def assert_ok(*verdicts: Verdict) -> None:
    bad = [v for v in verdicts if not v.ok]
    assert not bad, f"{len(bad)} of {len(verdicts)} pages have problems:\n" + "\n".join(v.report() for v in bad)


# ------------------------------------------------------------------------------ catalogues


def _po_unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) if line.startswith('"') else "" for line in lines)


def parse_po(text: str) -> list[tuple[str, str]]:
    """(msgid, German msgstr) pairs of a .po file; plural forms give (msgid_plural, msgstr[1]) too.
    Fuzzy and obsolete entries are left out (Django does not use them)."""
    pairs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines()]
        if any(line.startswith("#~") for line in lines) or any(
            line.startswith("#,") and "fuzzy" in line for line in lines
        ):
            continue
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#") or not line:
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif current and line.startswith('"'):
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _po_unquote(fields["msgid"])
        if "msgid_plural" in fields:
            pairs.append((msgid, _po_unquote(fields.get("msgstr[0]", []))))
            pairs.append((_po_unquote(fields["msgid_plural"]), _po_unquote(fields.get("msgstr[1]", []))))
        else:
            pairs.append((msgid, _po_unquote(fields.get("msgstr", []))))
    return [(msgid, msgstr) for msgid, msgstr in pairs if msgid]


def catalogue_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        p
        for p in base.glob("**/locale/de/LC_MESSAGES/django.po")
        if not any(
            part.startswith(".") or part in {"node_modules", "site-packages"} for part in p.relative_to(base).parts
        )
    )


@lru_cache(maxsize=1)
def english_phrases() -> tuple[str, ...]:
    """English msgids with a different German translation, as they would appear on a page:
    whole strings of at least MIN_WORDS words, no placeholders or markup, whitespace collapsed."""
    phrases = set()
    for po in catalogue_files():
        for msgid, msgstr in parse_po(po.read_text(encoding="utf-8")):
            english = " ".join(msgid.split())
            if not msgstr or " ".join(msgstr.split()) == english or english in NOT_ENGLISH:
                continue
            if re.search(r"%(\(\w+\))?[sdif]|\{\w*\}|<[a-z/]", english):
                continue  # placeholders and markup never appear verbatim
            if len(re.findall(r"[A-Za-z]{2,}", english)) < MIN_WORDS:
                continue
            phrases.add(english)
    return tuple(sorted(phrases, key=len, reverse=True))


def untranslated(text: str) -> list[str]:
    """The English phrases that occur in ``text`` as whole words."""
    text = " ".join(text.split())
    found = []
    for phrase in english_phrases():
        start = text.find(phrase)
        while start != -1:
            before = text[start - 1] if start else " "
            after = text[start + len(phrase)] if start + len(phrase) < len(text) else " "
            if not (before.isalnum() or after.isalnum()):
                # A longer phrase already found covers this one (e.g. "Log in" inside "Log in to buy").
                if not any(phrase in longer for longer in found):
                    found.append(phrase)
                break
            start = text.find(phrase, start + 1)
    return found


# ------------------------------------------------------------------------------ in-page scripts

# Elements that make the document wider than the viewport: visible, reaching past the right (or
# left) edge, not inside a container that clips or scrolls sideways, and whose parent does not
# stick out too (the outermost culprits, not every descendant).
OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const doc = document.documentElement.scrollWidth;
  if (doc <= vw) return {vw, doc, culprits: []};
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'hidden' || ox === 'auto' || ox === 'scroll' || ox === 'clip') return true;
    }
    return false;
  };
  const sticks = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    return r.right > vw + 1 || r.left < -1;
  };
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    const cls = (typeof el.className === 'string' ? el.className : '').trim().split(/\\s+/).filter(Boolean).slice(0, 3);
    if (cls.length) d += '.' + cls.join('.');
    const parts = [d];
    for (let a = el.parentElement, i = 0; a && a !== document.body && i < 2; a = a.parentElement, i++) {
      let p = a.tagName.toLowerCase();
      if (a.id) p += '#' + a.id; else if (typeof a.className === 'string' && a.className.trim()) p += '.' + a.className.trim().split(/\\s+/)[0];
      parts.unshift(p);
    }
    return parts.join(' > ');
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!sticks(el) || clipped(el)) continue;
    if (el.parentElement && el.parentElement !== document.body && sticks(el.parentElement) && !clipped(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    culprits.push({what: describe(el), left: Math.round(r.left), right: Math.round(r.right), text});
    if (culprits.length >= 8) break;
  }
  // Nothing found reaches the document's edge (e.g. an absolutely positioned element whose
  // containing block lies outside a clipping ancestor): name the elements that do reach it.
  if (!culprits.some(c => c.right >= doc - 1)) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (Math.round(r.right + window.scrollX) < doc - 1 || r.width === 0 || r.height === 0) continue;
      if (el.parentElement && Math.round(el.parentElement.getBoundingClientRect().right + window.scrollX) >= doc - 1) continue;
      const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      culprits.push({what: describe(el), left: Math.round(r.left), right: Math.round(r.right), text});
      if (culprits.length >= 10) break;
    }
  }
  return {vw, doc, culprits};
}
"""

AXE_RUN_JS = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}
"""


@lru_cache(maxsize=1)
def _axe_source() -> str:
    return "() => {\n" + AXE_JS.read_text(encoding="utf-8") + "\n;return typeof window.axe;\n}"


# ------------------------------------------------------------------------------ the judge


def _same_place(requested: str, final: str) -> bool:
    a, b = urlsplit(requested), urlsplit(final)
    return a.path == b.path


def judge(
    page,
    url: str,
    language: str,
    *,
    name: str | None = None,
    expect_status: int | None = None,
    screenshots: Path | None = None,
    widths=(WIDE, NARROW),
    axe_widths: tuple[int, ...] | None = None,
) -> Verdict:
    """Load ``url`` in ``page`` and check it at each of ``widths`` (the first load, then the same
    document resized). ``expect_status``: the exact status wanted (e.g. 403 for a refusal page);
    by default any status below 400. ``screenshots``: folder for one picture per width.
    ``axe_widths``: the widths axe runs at (default: all)."""
    started = time.monotonic()
    verdict = Verdict(url=url, language=language, name=name or urlsplit(url).path)
    messages: list[str] = []

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            if message.text.startswith("Failed to load resource") and location.get("url") == page.url:
                return  # the document's own status, checked above (a refusal page is a 403 by design)
            where = f" ({location.get('url', '')}:{location.get('lineNumber', '')})" if location.get("url") else ""
            messages.append(f"console error: {message.text}{where}")

    def on_page_error(error):
        messages.append(f"page error: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    try:
        page.set_viewport_size(widths[0])
        response = page.goto(url, wait_until="load")
        verdict.status = response.status if response else None
        if expect_status is not None:
            if verdict.status != expect_status:
                verdict.add(None, "status", f"{verdict.status}, expected {expect_status}")
        elif verdict.status is None or verdict.status >= 400:
            verdict.add(None, "status", f"HTTP {verdict.status}")
        if not _same_place(url, page.url):
            verdict.add(None, "redirect", f"ended at {urlsplit(page.url).path}?{urlsplit(page.url).query}".rstrip("?"))
        lang = page.evaluate("document.documentElement.lang")
        if not (lang or "").lower().startswith(language):
            verdict.add(None, "language", f'<html lang="{lang}">, expected {language}')
        if language == "de":
            english = untranslated(page.evaluate("document.body ? document.body.innerText : ''"))
            if english:
                verdict.add(
                    None,
                    "untranslated English",
                    "; ".join(f'"{e}"' for e in english[:12])
                    + (f" (+{len(english) - 12} more)" if len(english) > 12 else ""),
                )
        # Evaluated through the DevTools protocol: the pages' Content-Security-Policy (script-src
        # 'self') rightly blocks add_script_tag's inline <script>, and stays in force for the page.
        if page.evaluate(_axe_source()) != "object":
            raise RuntimeError("axe-core did not load")
        for size in widths:
            width = size["width"]
            if size is not widths[0]:
                page.set_viewport_size(size)
            if width < 768:
                overflow = page.evaluate(OVERFLOW_JS)
                if overflow["doc"] > overflow["vw"]:
                    culprits = (
                        "; ".join(
                            f"{c['what']} (x {c['left']}..{c['right']}{', ' + repr(c['text']) if c['text'] else ''})"
                            for c in overflow["culprits"]
                        )
                        or "no single element found"
                    )
                    verdict.add(
                        width,
                        "overflow",
                        f"document {overflow['doc']} px wide in a {overflow['vw']} px viewport; sticking out: {culprits}",
                    )
            if axe_widths is None or width in axe_widths:
                for violation in page.evaluate(AXE_RUN_JS, AXE_TAGS):
                    if violation["impact"] in AXE_IMPACTS:
                        verdict.add(
                            width,
                            f"axe {violation['impact']}",
                            f"{violation['id']} ({violation['help']}) x{violation['nodes']}: {', '.join(violation['targets'])}",
                        )
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
                slug = re.sub(r"[^a-z0-9]+", "-", verdict.name.lower()).strip("-") or "home"
                path = screenshots / f"{language}-{slug}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                verdict.screenshots.append(path)
    except Exception as error:  # noqa: BLE001 - a page that cannot be judged is a finding, with its reason
        verdict.add(
            None, "could not check", f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        )
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
    for message in dict.fromkeys(messages):
        verdict.add(None, "javascript", message)
    verdict.seconds = time.monotonic() - started
    return verdict
