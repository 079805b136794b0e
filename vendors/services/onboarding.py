"""Vendor onboarding: applying and the verification status machine.

    applied -> under_review -> approved | rejected (reason) | info_requested (message)
    info_requested -> (the vendor answers) under_review | rejected (no usable answer)
    approved -> suspended (reason) -> (reinstate) approved

Every decision (approve, reject, request information) needs a started review, as the issue's
machine says: an operator cannot approve an application nobody opened. Rejecting from
info_requested closes a file whose vendor never answers. Every transition is audited and mailed
to the vendor (after commit, through the outbox); a refused one is a Conflict (409) saying what
the status allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from vendors.emails import vendor_mail_queue
from vendors.models import Vendor, VendorMember
from vendors.services.application import VendorApplication, application_clean, check_text
from vendors.services.events import vendor_sellability_changed, vendor_status_changed
from vendors.services.staff import vendor_member_add
from vendors.services.stripe_connect import vendor_stripe_account_request
from vendors.services.trader import vendor_trader_recheck

S = Vendor.Status
MAX_REASON = 5_000


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    # The field that must explain the step ("reason" / "message"), if any.
    explained_by: str | None = None


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("review_start", frozenset({S.APPLIED}), S.UNDER_REVIEW),
        Transition("approve", frozenset({S.UNDER_REVIEW}), S.APPROVED),
        Transition("reject", frozenset({S.UNDER_REVIEW, S.INFO_REQUESTED}), S.REJECTED, "reason"),
        Transition("info_request", frozenset({S.UNDER_REVIEW}), S.INFO_REQUESTED, "message"),
        Transition("info_answer", frozenset({S.INFO_REQUESTED}), S.UNDER_REVIEW, "message"),
        Transition("suspend", frozenset({S.APPROVED}), S.SUSPENDED, "reason"),
        Transition("reinstate", frozenset({S.SUSPENDED}), S.APPROVED),
    )
}
# Audit action and mail per transition.
AUDIT_ACTION = {
    "review_start": "vendor.review_started",
    "approve": "vendor.approved",
    "reject": "vendor.rejected",
    "info_request": "vendor.info_requested",
    "info_answer": "vendor.info_answered",
    "suspend": "vendor.suspended",
    "reinstate": "vendor.reinstated",
}
MAIL_KIND = {
    "review_start": "under_review",
    "approve": "approved",
    "reject": "rejected",
    "info_request": "info_requested",
    "info_answer": "info_answered",
    "suspend": "suspended",
    "reinstate": "reinstated",
}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "vendor"
    slug, n = base, 1
    while Vendor.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def vendor_apply(*, user, application: VendorApplication, language: str = "") -> Vendor:
    """Create the vendor in ``applied`` with ``user`` as its owner. ``language``: the one the
    vendor applied in, for its mails (empty: the shop's default language)."""
    app = application_clean(application)
    vendor = Vendor.objects.create(
        name=app.name,
        slug=_unique_slug(app.name),
        legal_name=app.legal_name,
        legal_form=app.legal_form,
        street=app.street,
        postal_code=app.postal_code,
        city=app.city,
        country=app.country,
        email=app.email,
        contact_name=app.contact_name,
        contact_phone=app.contact_phone,
        vat_id=app.vat_id,
        iban=app.iban,
        return_policy=app.return_policy,
        language=language[:10],
        status_changed_at=timezone.now(),
    )
    vendor.intended_categories.set(app.intended_category_ids)
    vendor_member_add(vendor=vendor, user=user, role=VendorMember.Role.OWNER)
    audit_record(actor=user, action="vendor.applied", obj=vendor)
    vendor_mail_queue(vendor_id=vendor.id, kind="applied")
    # The trader check's first result, so the portal lists what is still missing (DSA Art. 30).
    return vendor_trader_recheck(vendor=vendor, actor=user, cause="applied")


def vendor_transition_check(*, vendor: Vendor, transition: str, explanation: str = "") -> str:
    """May ``transition`` happen to ``vendor`` now? Returns the cleaned explanation or raises."""
    step = TRANSITIONS[transition]
    if vendor.status not in step.sources:
        allowed = ", ".join(sorted(step.sources))
        raise Conflict(
            _("Cannot %(transition)s a vendor whose status is %(status)s; that is possible only from: %(allowed)s.")
            % {"transition": transition.replace("_", " "), "status": vendor.status, "allowed": allowed},
            field="status",
            code="invalid_transition",
        )
    if step.explained_by:
        return check_text(explanation, field_name=step.explained_by, max_length=MAX_REASON)
    return ""


def _locked_vendor(vendor_id: int) -> Vendor:
    try:
        return Vendor.objects.select_for_update().get(id=vendor_id)
    except Vendor.DoesNotExist:
        raise NotFound(_("No such vendor.")) from None


def _apply(*, actor, vendor: Vendor, transition: str, explanation: str) -> None:
    step = TRANSITIONS[transition]
    could_sell = vendor.can_sell
    now = timezone.now()
    vendor.status = step.target
    vendor.status_changed_at = now
    update = ["status", "status_changed_at"]
    if step.explained_by and transition != "info_answer":
        vendor.status_reason = explanation
        update.append("status_reason")
    elif transition in ("approve", "reinstate"):
        vendor.status_reason = ""
        update.append("status_reason")
    if transition == "approve":
        vendor.approved_at = now
        update.append("approved_at")
    vendor.save(update_fields=update)
    data = {step.explained_by: explanation} if step.explained_by else {}
    audit_record(actor=actor, action=AUDIT_ACTION[transition], obj=vendor, reason=explanation, data=data)
    vendor_mail_queue(vendor_id=vendor.id, kind=MAIL_KIND[transition], reason=explanation)
    vendor_sellability_changed(vendor=vendor, could_sell=could_sell)
    if transition == "approve":
        vendor_stripe_account_request(vendor=vendor)


@transaction.atomic
def vendor_transition(*, actor, vendor_id: int, transition: str, explanation: str = "") -> Vendor:
    """Operator steps: review_start, approve, reject, info_request, suspend, reinstate."""
    if transition not in TRANSITIONS or transition == "info_answer":
        raise DomainError(_("Unknown operator action %(transition)r.") % {"transition": transition}, field="action")
    vendor = _locked_vendor(vendor_id)
    explanation = vendor_transition_check(vendor=vendor, transition=transition, explanation=explanation)
    _apply(actor=actor, vendor=vendor, transition=transition, explanation=explanation)
    vendor_status_changed(vendor=vendor, transition=transition, actor=actor, explanation=explanation)
    return vendor


def vendor_review_start(*, actor, vendor_id: int) -> Vendor:
    return vendor_transition(actor=actor, vendor_id=vendor_id, transition="review_start")


def vendor_approve(*, actor, vendor_id: int) -> Vendor:
    return vendor_transition(actor=actor, vendor_id=vendor_id, transition="approve")


def vendor_reject(*, actor, vendor_id: int, reason: str) -> Vendor:
    return vendor_transition(actor=actor, vendor_id=vendor_id, transition="reject", explanation=reason)


def vendor_info_request(*, actor, vendor_id: int, message: str) -> Vendor:
    return vendor_transition(actor=actor, vendor_id=vendor_id, transition="info_request", explanation=message)


def vendor_suspend(*, actor, vendor_id: int, reason: str) -> Vendor:
    return vendor_transition(actor=actor, vendor_id=vendor_id, transition="suspend", explanation=reason)


def vendor_reinstate(*, actor, vendor_id: int) -> Vendor:
    return vendor_transition(actor=actor, vendor_id=vendor_id, transition="reinstate")


@transaction.atomic
def vendor_info_answer(*, actor, vendor: Vendor, message: str) -> Vendor:
    """The vendor answers the operator's question; the review continues."""
    vendor = _locked_vendor(vendor.id)
    message = vendor_transition_check(vendor=vendor, transition="info_answer", explanation=message)
    _apply(actor=actor, vendor=vendor, transition="info_answer", explanation=message)
    return vendor
