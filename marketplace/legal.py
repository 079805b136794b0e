"""Legal pages as versioned texts (issue 19.6): Impressum, AGB, privacy notice, withdrawal,
shipping and payment terms, accessibility statement.

An operator writes a new version as a draft (one per kind, editable) and publishes it; a published
version never changes (marketplace.models.LegalTextVersion refuses it). The storefront shows the
current version of each kind; AGB keep a list of earlier versions. Every save and publication is
audited.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from marketplace.models import LegalTextVersion

KINDS = LegalTextVersion.Kind
MAX_BODY = 100_000


def legal_kind_check(kind: str) -> str:
    if kind not in KINDS.values:
        raise DomainError(
            _("Unknown legal text %(kind)r; one of: %(kinds)s.") % {"kind": kind, "kinds": ", ".join(KINDS.values)},
            field="kind",
            code="unknown_kind",
        )
    return kind


def legal_text_current(*, kind: str) -> LegalTextVersion | None:
    """The version of ``kind`` in force now: the newest published one."""
    return (
        LegalTextVersion.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-published_at", "-version")
        .first()
    )


def legal_text_history(*, kind: str) -> list[LegalTextVersion]:
    """Every published version of ``kind``, newest first."""
    return list(
        LegalTextVersion.objects.filter(kind=kind, published_at__isnull=False)
        .select_related("author")
        .order_by("-published_at", "-version")
    )


def legal_text_draft(*, kind: str) -> LegalTextVersion | None:
    return LegalTextVersion.objects.filter(kind=kind, published_at__isnull=True).first()


def legal_text_version_get(*, kind: str, version: int) -> LegalTextVersion | None:
    """A published version by its number (drafts are nobody's business but the operators')."""
    return LegalTextVersion.objects.filter(kind=kind, version=version, published_at__isnull=False).first()


def _clean(text: str, *, field: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DomainError(_("The text must not be empty."), field=field, code="required")
    if len(text) > MAX_BODY:
        raise DomainError(
            _("The text is too long (at most %(max)d characters).") % {"max": MAX_BODY}, field=field, code="too_long"
        )
    return text


@transaction.atomic
def legal_text_save(
    *, actor, kind: str, body_de: str, body_en: str, note: str = "", publish: bool = False
) -> LegalTextVersion:
    """Write the draft of ``kind``'s next version (creating it or changing it) and, with
    ``publish``, publish it at once. Bad input changes nothing and names the field."""
    legal_kind_check(kind)
    body_de = _clean(body_de, field="body_de")
    body_en = _clean(body_en, field="body_en")
    note = (note or "").strip()
    if len(note) > 300:
        raise DomainError(_("The note is too long (at most 300 characters)."), field="note", code="too_long")
    # One writer at a time per kind: lock the kind's rows (the draft, if any).
    list(LegalTextVersion.objects.select_for_update().filter(kind=kind).values_list("id", flat=True))
    draft = legal_text_draft(kind=kind)
    if draft is None:
        latest = LegalTextVersion.objects.filter(kind=kind).aggregate(n=Max("version"))["n"] or 0
        draft = LegalTextVersion(kind=kind, version=latest + 1)
    draft.body_de, draft.body_en, draft.note, draft.author = body_de, body_en, note, actor
    if publish and kind == KINDS.SELLER_TERMS and legal_text_current(kind=kind) is not None:
        # P2B Art. 3(2): a change of the sellers' terms takes effect 15 days after its announcement.
        raise DomainError(
            _("Changed terms for sellers are announced with at least 15 days' notice, not published at once."),
            field="publish",
            code="notice_period",
        )
    if publish:
        draft.published_at = timezone.now()
    draft.save()
    audit_record(
        actor=actor,
        action="legal_text.published" if publish else "legal_text.draft_saved",
        obj=draft,
        reason=note,
        data={"kind": kind, "version": draft.version},
    )
    return draft


def legal_text_blocks(text: str) -> list[tuple[str, str]]:
    """``text`` as ("heading" | "paragraph", text) blocks for a page: paragraphs are separated by a
    blank line; a short first line without closing punctuation above a paragraph (or alone) is
    its heading. Plain text only: the page escapes every block."""
    blocks: list[tuple[str, str]] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        if not lines:
            continue
        first = lines[0]
        if len(first) <= 80 and first[-1] not in '.!?:;,)"“”' and (len(lines) > 1 or len(first) <= 60):
            blocks.append(("heading", first))
            lines = lines[1:]
        if lines:
            blocks.append(("paragraph", "\n".join(lines)))
    return blocks
