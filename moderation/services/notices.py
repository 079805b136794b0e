"""Notices of illegal content (DSA Art. 16) from anyone, their decision and the notifier's
suspension for abuse (Art. 23).

A notice names its target by the URL the public sees it under (checked to resolve to a real
offer, seller or review: moderation.targets); a "report" link may also pass the kind and id,
which must then agree with the URL. Acting on a notice restricts the target through the target
registry and issues a statement of reasons; the notifier hears the outcome either way."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from moderation.conf import setting
from moderation.dsa_emails import dsa_mail_queue
from moderation.models import Notice, NotifierSuspension, StatementOfReasons
from moderation.services.statements import new_reference, statement_issue
from moderation.targets import Target, target_kinds, target_load, target_locate

MIN_EXPLANATION, MAX_EXPLANATION = 20, 5000
SOR = StatementOfReasons


def _target_from(*, url: str, kind: str | None, target_id: int | None) -> Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DomainError(
            _("Give the full address (https://...) of the content you report, as shown in your browser."), field="url"
        )
    if kind:
        if kind not in target_kinds():
            raise DomainError(
                _("Unknown kind %(kind)r; allowed: %(kinds)s.") % {"kind": kind, "kinds": ", ".join(target_kinds())},
                field="target_kind",
            )
        target = target_load(kind, target_id) if target_id else None
        wanted = urlsplit(target.url) if target else None
        if target is None or (wanted.path, wanted.query) != (parts.path, parts.query):
            raise DomainError(_("The address does not point to the content you report."), field="url")
        return target
    target = target_locate(url)
    if target is None:
        raise DomainError(
            _(
                "The address does not point to an offer, a seller or a review on this site. Copy it from "
                "the page that shows the content."
            ),
            field="url",
        )
    return target


def notifier_suspended_until(email: str):
    if not email:
        return None
    return (
        NotifierSuspension.objects.filter(email__iexact=email, until__gt=timezone.now())
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )


def notice_check(
    *,
    notifier,
    url: str,
    category: str,
    explanation: str,
    name: str,
    email: str,
    good_faith: bool,
    target_kind: str | None = None,
    target_id: int | None = None,
) -> tuple[Target, str, str, str]:
    """May this notice be taken? Returns (target, explanation, name, email) cleaned, or raises
    naming the field."""
    if category not in Notice.Category.values:
        raise DomainError(
            _("Choose a category; allowed: %(values)s.") % {"values": ", ".join(Notice.Category.values)},
            field="category",
        )
    explanation = (explanation or "").strip()
    if len(explanation) < MIN_EXPLANATION:
        raise DomainError(
            _("Explain why the content is illegal in at least %(n)s characters.") % {"n": MIN_EXPLANATION},
            field="explanation",
        )
    if len(explanation) > MAX_EXPLANATION:
        raise DomainError(
            _("The explanation may have at most %(n)s characters.") % {"n": MAX_EXPLANATION}, field="explanation"
        )
    signed_in = getattr(notifier, "is_authenticated", False)
    name = (name or (notifier.get_full_name() if signed_in else "") or "").strip()[:200]
    email = (email or (notifier.email if signed_in else "") or "").strip()
    anonymous_allowed = category in Notice.ANONYMOUS_ALLOWED
    if not name and not anonymous_allowed:
        raise DomainError(
            _("Give your name (only notices of child sexual abuse material may be anonymous)."), field="name"
        )
    if not email and not anonymous_allowed:
        raise DomainError(
            _("Give your e-mail address: we confirm the notice and tell you our decision there."), field="email"
        )
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            raise DomainError(_("Enter a valid e-mail address, e.g. name@example.com."), field="email") from None
    if good_faith is not True:
        raise DomainError(
            _("Confirm that you believe in good faith that the information is accurate and complete."),
            field="good_faith",
        )
    if len(url or "") > 1000:
        raise DomainError(_("The address may have at most 1000 characters."), field="url")
    target = _target_from(url=(url or "").strip(), kind=target_kind, target_id=target_id)
    until = notifier_suspended_until(email)
    if until is not None:
        raise Conflict(
            _(
                "Notices from this address are not processed until %(date)s because of repeated manifestly "
                "unfounded notices."
            )
            % {"date": until.date().isoformat()},
            field="email",
            code="notifier_suspended",
        )
    return target, explanation, name, email


@transaction.atomic
def notice_create(
    *,
    notifier,
    url: str,
    category: str,
    explanation: str,
    name: str = "",
    email: str = "",
    good_faith: bool,
    language: str = "de",
    target_kind: str | None = None,
    target_id: int | None = None,
) -> Notice:
    target, explanation, name, email = notice_check(
        notifier=notifier,
        url=url,
        category=category,
        explanation=explanation,
        name=name,
        email=email,
        good_faith=good_faith,
        target_kind=target_kind,
        target_id=target_id,
    )
    signed_in = getattr(notifier, "is_authenticated", False)
    fields = dict(
        target_kind=target.kind,
        target_id=target.id,
        target_label=target.label[:300],
        url=url.strip(),
        vendor_id=target.vendor_id,
        category=category,
        explanation=explanation,
        notifier=notifier if signed_in else None,
        notifier_name=name,
        notifier_email=email,
        good_faith=True,
        language=(language or "de")[:10],
    )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                notice = Notice.objects.create(reference=new_reference("N"), **fields)
            break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("could not draw a unique notice reference")
    audit_record(
        actor=notifier,
        action="notice.received",
        obj=notice,
        data={"target_kind": target.kind, "target_id": target.id, "category": category},
    )
    with translation.override(notice.language):
        dsa_mail_queue(
            to=email,
            language=notice.language,
            kind="notice_received",
            params={
                "reference": notice.reference,
                "label": notice.target_label,
                "url": notice.url,
                "date": timezone.localtime(notice.created_at).date().isoformat(),
            },
        )
    return notice


RESTRICTION_OF_KIND = {
    "offer": SOR.Restriction.VISIBILITY,
    "review": SOR.Restriction.VISIBILITY,
    "vendor": SOR.Restriction.SERVICE,
}


def _scope(kind: str) -> str:
    return {
        "offer": _("The offer is no longer shown or sold in the shop."),
        "review": _("The review is no longer shown."),
        "vendor": _("The seller account is suspended: its offers are not shown and it cannot sell."),
    }[kind]


@transaction.atomic
def notice_decide(
    *,
    actor,
    notice_id: int,
    action: bool,
    reason: str,
    ground: str = "",
    ground_detail: str = "",
    manifestly_unfounded: bool = False,
) -> Notice:
    """Decide a notice: ``action`` restricts the target (statement of reasons to its owner);
    either way the notifier is told. ``manifestly_unfounded`` only with no action."""
    notice = Notice.objects.select_for_update().filter(id=notice_id).first()
    if notice is None:
        raise NotFound(_("No such notice."), field="notice")
    if notice.status != Notice.Status.RECEIVED:
        raise Conflict(_("This notice is already decided."), field="status", code="already_decided")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason; the notifier (and, on action, the affected party) reads it."), field="reason"
        )
    if len(reason) > MAX_EXPLANATION:
        raise DomainError(_("The reason may have at most %(n)s characters.") % {"n": MAX_EXPLANATION}, field="reason")
    if action and manifestly_unfounded:
        raise DomainError(_("A notice acted upon cannot be manifestly unfounded."), field="manifestly_unfounded")
    now = timezone.now()
    if action:
        if ground not in SOR.Ground.values:
            raise DomainError(
                _("Choose the ground; allowed: %(values)s.") % {"values": ", ".join(SOR.Ground.values)}, field="ground"
            )
        if not (ground_detail or "").strip():
            raise DomainError(
                _("Name the legal provision or the clause of our terms the content breaks."), field="ground_detail"
            )
        target = target_load(notice.target_kind, notice.target_id)
        if target is None:
            raise Conflict(
                _("The content no longer exists; decide without action."), field="action", code="target_gone"
            )
        from moderation.services.statements import _addressee
        from moderation.targets import target_kind

        target_kind(target.kind).restrict(target.id, reason=reason)
        vendor_id = target.vendor_id if target.kind != "review" else None
        # The statement is stored as the affected party reads it: in their language.
        with translation.override(_addressee(vendor_id=vendor_id, recipient_id=target.author_user_id)[1]):
            scope = _scope(target.kind)
            facts = _("Notice %(reference)s (%(category)s) received on %(date)s: %(reason)s") % {
                "reference": notice.reference,
                "category": notice.get_category_display(),
                "date": timezone.localtime(notice.created_at).date().isoformat(),
                "reason": reason,
            }
        statement_issue(
            target_kind=target.kind,
            target_id=target.id,
            target_label=target.label,
            vendor_id=vendor_id,
            recipient_id=target.author_user_id,
            restriction=RESTRICTION_OF_KIND[target.kind],
            scope=scope,
            facts=facts,
            ground=ground,
            ground_detail=ground_detail.strip(),
            source=SOR.Source.NOTICE,
            automated_detection=False,
            automated_decision=False,
            decided_by=actor,
            notice=notice,
        )
    notice.status = Notice.Status.ACTION_TAKEN if action else Notice.Status.NO_ACTION
    notice.manifestly_unfounded = bool(manifestly_unfounded)
    notice.decision_reason, notice.decided_by, notice.decided_at = reason, actor, now
    notice.save(update_fields=["status", "manifestly_unfounded", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"notice.{notice.status}",
        obj=notice,
        reason=reason,
        data={"manifestly_unfounded": notice.manifestly_unfounded},
    )
    with translation.override(notice.language):
        dsa_mail_queue(
            to=notice.notifier_email,
            language=notice.language,
            kind="notice_decided_action" if action else "notice_decided_no_action",
            params={
                "reference": notice.reference,
                "label": notice.target_label,
                "reason": reason,
                "scope": _scope(notice.target_kind) if action else "",
            },
        )
    return notice


@transaction.atomic
def notifier_suspend(*, actor, email: str, reason: str, days: int | None = None) -> NotifierSuspension:
    """Art. 23(2): suspend processing of notices from a notifier who frequently sends manifestly
    unfounded ones, for a reasonable period, after a warning (the decisions they were told)."""
    from moderation.selectors_notices import notifier_unfounded_count

    email = (email or "").strip()
    reason = (reason or "").strip()
    if not email:
        raise DomainError(_("Give the notifier's e-mail address."), field="email")
    if not reason:
        raise DomainError(_("Give the reason for the suspension."), field="reason")
    days = setting("MODERATION_NOTIFIER_SUSPENSION_DAYS") if days is None else days
    if not 1 <= days <= 365:
        raise DomainError(_("The suspension lasts from 1 to 365 days."), field="days")
    count = notifier_unfounded_count(email=email)
    needed = setting("MODERATION_ABUSIVE_NOTIFIER_UNFOUNDED")
    if count < needed:
        raise Conflict(
            _("Only %(count)s manifestly unfounded notices from this address; a suspension needs %(needed)s.")
            % {"count": count, "needed": needed},
            field="email",
            code="not_abusive",
        )
    if notifier_suspended_until(email) is not None:
        raise Conflict(_("This notifier is suspended already."), field="email", code="already_suspended")
    suspension = NotifierSuspension.objects.create(
        email=email.lower(),
        until=timezone.now() + timedelta(days=days),
        reason=reason,
        unfounded_count=count,
        created_by=actor,
    )
    audit_record(
        actor=actor, action="notifier.suspended", obj=suspension, reason=reason, data={"days": days, "unfounded": count}
    )
    return suspension
