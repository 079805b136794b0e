"""Statements of reasons (DSA Art. 17): every restriction of a vendor, a listing or a review is
stored with its facts, ground, automation, scope and duration, and mailed with the redress
options to the affected party. Call inside the transaction that applies the restriction."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict
from moderation.dsa_emails import dsa_mail_queue
from moderation.models import StatementOfReasons

SOR = StatementOfReasons
MAX_TEXT = 5000


def new_reference(prefix: str) -> str:
    # Unguessable, short enough to read out on the phone; uniqueness is the database's to enforce.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return prefix + "-" + "".join(secrets.choice(alphabet) for _ in range(10))


def _addressee(*, vendor_id: int | None, recipient_id: int | None) -> tuple[str, str]:
    """(e-mail, language) of whom the statement is addressed to."""
    from django.contrib.auth import get_user_model

    from vendors.models import Vendor

    if vendor_id is not None:
        vendor = Vendor.objects.filter(id=vendor_id).only("email", "language").first()
        if vendor is not None:
            return vendor.email, vendor.language or settings.LANGUAGE_CODE
    user = get_user_model().objects.filter(id=recipient_id).first() if recipient_id else None
    if user is None:
        return "", settings.LANGUAGE_CODE
    profile = getattr(user, "buyer_profile", None) if hasattr(user, "buyer_profile") else None
    return user.email, (profile.language if profile else "") or settings.LANGUAGE_CODE


def statement_mail_params(statement: SOR) -> dict:
    """The statement's texts in the active language (the caller picks the addressee's)."""
    automated = []
    if statement.automated_detection:
        automated.append(_("the content was detected by automated means"))
    if statement.automated_decision:
        automated.append(_("the decision was taken by automated means"))
    return {
        "reference": statement.reference,
        "label": statement.target_label,
        "restriction": str(statement.get_restriction_display()),
        "scope": statement.scope,
        "duration": (_("until %(date)s") % {"date": statement.ends_at.date().isoformat()})
        if statement.ends_at
        else _("until lifted"),
        "facts": statement.facts,
        "ground": str(statement.get_ground_display()),
        "ground_detail": statement.ground_detail,
        "automated": "; ".join(automated) if automated else _("none; a person decided"),
    }


def statement_issue(
    *,
    target_kind: str,
    target_id: int,
    target_label: str,
    vendor_id: int | None,
    recipient_id: int | None = None,
    restriction: str,
    scope: str,
    facts: str,
    ground: str,
    ground_detail: str,
    source: str,
    automated_detection: bool,
    automated_decision: bool,
    decided_by=None,
    notice=None,
    undo: str = "target",
    ends_at=None,
) -> SOR:
    """Store and mail one statement. Must run inside the restricting transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("statement_issue must run inside the transaction that restricts")
    if vendor_id is None and recipient_id is None:
        raise Conflict(_("Nobody to address the statement of reasons to."), field="target", code="no_addressee")
    decider = decided_by if getattr(decided_by, "is_authenticated", False) else None
    fields = dict(
        vendor_id=vendor_id,
        recipient_id=recipient_id,
        target_kind=target_kind,
        target_id=target_id,
        target_label=target_label[:300],
        restriction=restriction,
        scope=scope[:MAX_TEXT],
        facts=(facts or "-")[:MAX_TEXT],
        ground=ground,
        ground_detail=(ground_detail or "-")[:MAX_TEXT],
        source=source,
        automated_detection=automated_detection,
        automated_decision=automated_decision and decider is None,
        decided_by=decider,
        notice=notice,
        undo=undo,
        ends_at=ends_at,
    )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                statement = SOR.objects.create(reference=new_reference("SOR"), **fields)
            break
        except IntegrityError:  # the rare reference collision: draw again
            continue
    else:
        raise RuntimeError("could not draw a unique statement reference")
    audit_record(
        actor=decider,
        action="statement_of_reasons.issued",
        obj=statement,
        data={"target_kind": target_kind, "target_id": target_id, "restriction": restriction, "source": source},
    )
    to, language = _addressee(vendor_id=vendor_id, recipient_id=recipient_id)
    with translation.override(language):
        params = statement_mail_params(statement)
    dsa_mail_queue(to=to, language=language, kind="statement", params=params)
    if vendor_id is not None and source != SOR.Source.ENFORCEMENT:  # enforcement steps notify on their own
        from vendors.notifications import seller_notify

        seller_notify(
            vendor_id=vendor_id,
            kind="moderation",
            key=f"statement:{statement.id}",
            params={"reference": statement.reference, "target": statement.target_label},
            url=f"{reverse('frontend:seller_statements')}?vendor={vendor_id}",
        )
    return statement


def statement_for_vendor_suspension(*, vendor, transition: str, actor, explanation: str) -> None:
    """An operator suspended a vendor by hand (vendors' status step): the vendor gets a statement
    of reasons like every other restriction. Suspensions by enforcement or by a notice decision
    come with ``actor=None`` and issue their own statement."""
    if transition != "suspend" or not getattr(actor, "is_authenticated", False):
        return
    _to, language = _addressee(vendor_id=vendor.id, recipient_id=None)
    with translation.override(language):
        scope = _("The seller account is suspended: no offers are shown and nothing can be sold.")
        ground_detail = _("Marketplace terms for sellers")
    statement_issue(
        target_kind="vendor",
        target_id=vendor.id,
        target_label=vendor.name,
        vendor_id=vendor.id,
        restriction=SOR.Restriction.SERVICE,
        scope=scope,
        facts=explanation,
        ground=SOR.Ground.TERMS,
        ground_detail=ground_detail,
        source=SOR.Source.OPERATOR,
        automated_detection=False,
        automated_decision=False,
        decided_by=actor,
    )
