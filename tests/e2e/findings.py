"""The page inventory's findings as Markdown, per surface: route, width, problem.

    .venv/bin/python -m tests.e2e.findings [tests/e2e/screenshots/findings] > findings.md

Reads the JSON files the inventory tests write (one per test) and groups the problems by
surface and page; problems that every page of a surface shares (the footer, say) are listed
once at the top of the surface.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT = Path(__file__).parent / "screenshots" / "findings"


def _generic(problem: str) -> str:
    """The problem without page-specific numbers and texts, to find the ones shared by many pages."""
    problem = re.sub(r"https?://[^/]+", "", problem)
    return re.sub(r"\(x -?\d+\.\.\d+(, '.*')?\)", "", problem).strip()


def _split(problem: str) -> list[str]:
    """An overflow problem names several elements: one finding per element."""
    head, sep, culprits = problem.partition(" sticking out: ")
    if not sep:
        return [problem]
    width = head.split(" overflow")[0]
    return [f"{width} overflow: {c}" for c in culprits.split("; ")]


def render(folder: Path = DEFAULT) -> str:
    tests = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    by_surface: dict[str, list] = defaultdict(list)
    timings = []
    for test in tests:
        match = re.search(r"test_(pages|empty_states).(storefront|seller|console)-(de|en)", test["test"])
        if not match:
            continue
        kind, surface, language = match.groups()
        world = "seeded" if kind == "pages" else "empty"
        pages = test["pages"]
        timings.append((surface, world, language, len(pages), test["seconds"]))
        for page in pages:
            by_surface[surface].append((world, language, page))
    lines = [
        "# Page inventory findings",
        "",
        "From `tests/e2e/test_page_inventory.py` (judge: tests/e2e/harness.py). Widths: 1366x900 and 390x844. "
        "Screenshots: tests/e2e/screenshots/<world>/<surface>/.",
        "",
    ]
    lines += ["| surface | world | language | page visits | seconds | s/page |", "|---|---|---|---|---|---|"]
    for surface, world, language, count, seconds in sorted(timings):
        lines.append(f"| {surface} | {world} | {language} | {count} | {seconds:.0f} | {seconds / max(count, 1):.2f} |")
    lines.append("")
    for surface in ("storefront", "seller", "console"):
        visits = by_surface.get(surface, [])
        if not visits:
            continue
        bad = [v for v in visits if v[2]["problems"]]
        lines += [f"## {surface}: {len(bad)} of {len(visits)} page visits with problems", ""]
        for _, _, page in visits:
            page["problems"] = [part for p in page["problems"] for part in _split(p)]
        shared = Counter(_generic(p) for _, _, page in visits for p in set(page["problems"]))
        common = {p for p, n in shared.items() if n >= max(3, len(visits) // 2)}
        if common:
            lines.append("Shared by most pages of the surface:")
            lines += [f"- ({shared[p]} visits) {p}" for p in sorted(common)]
            lines.append("")
        for world, language, page in visits:
            own = [p for p in page["problems"] if _generic(p) not in common]
            if not own:
                continue
            path = re.sub(r"https?://[^/]+", "", page["url"])
            lines.append(f"- **{page['name']}** [{world}, {language}] `{path}` (HTTP {page['status']})")
            lines += [f"  - {p}" for p in own]
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
