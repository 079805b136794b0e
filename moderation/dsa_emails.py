"""Notice-and-action mails (DSA): the notifier's acknowledgement and decision, the statement of
reasons to the affected party, the appeal's outcome. Written to the outbox in the transaction of
the change; the handler renders the text in the addressee's language when it sends."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from marketplace.models import OutboxEvent
from marketplace.outbox import outbox_publish

DSA_MAIL = "moderation.dsa_mail"

REDRESS = _(
    "Your options: (1) an internal complaint through the seller portal (or by answering this e-mail) within six "
    "months; it is decided by a different person from the one who made this decision; (2) a certified out-of-court "
    "dispute settlement body under Art. 21 DSA; (3) the courts."
)

MESSAGES = {
    "notice_received": (
        _("We received your notice %(reference)s"),
        _(
            "Thank you. We received your notice about %(label)s (%(url)s) on %(date)s under the reference %(reference)s. "
            "We will look at it carefully and tell you our decision."
        ),
    ),
    "notice_decided_action": (
        _("Your notice %(reference)s: action taken"),
        _(
            "We checked your notice about %(label)s and took action: %(scope)s\n\nReason: %(reason)s\n\n"
            "If you disagree you may complain to us, to a certified out-of-court dispute settlement body or to the courts."
        ),
    ),
    "notice_decided_no_action": (
        _("Your notice %(reference)s: no action taken"),
        _(
            "We checked your notice about %(label)s and took no action.\n\nReason: %(reason)s\n\n"
            "If you disagree you may complain to us, to a certified out-of-court dispute settlement body or to the courts."
        ),
    ),
    "statement": (
        _("Statement of reasons %(reference)s: %(label)s"),
        _(
            "We restricted %(label)s.\n\nRestriction: %(restriction)s. %(scope)s\nDuration: %(duration)s\n"
            "Facts and circumstances: %(facts)s\nGround: %(ground)s: %(ground_detail)s\n"
            "Automated means: %(automated)s\n\n%(redress)s"
        ),
    ),
    "appeal_decided": (
        _("Your complaint about %(reference)s was decided"),
        _(
            "A different person reviewed your complaint about %(label)s.\n\nOutcome: %(outcome)s\n\n%(reason)s\n\n"
            "You may still turn to a certified out-of-court dispute settlement body or to the courts."
        ),
    ),
}


def dsa_mail_queue(*, to: str, language: str, kind: str, params: dict) -> None:
    """Queue one mail; ``params`` hold plain strings (texts already chosen by the caller)."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown DSA mail {kind!r}")
    if not to:
        return  # an anonymous notifier: nobody to write to
    outbox_publish(
        topic=DSA_MAIL, key=f"dsa:{kind}", payload={"to": to, "language": language, "kind": kind, "params": params}
    )


def dsa_mail_render(*, kind: str, language: str, params: dict) -> tuple[str, str]:
    subject, body = MESSAGES[kind]
    with translation.override(language or settings.LANGUAGE_CODE):
        values = {**params, "redress": str(REDRESS)}
        return str(subject) % values, str(body) % values


def handle_dsa_mail(events: list[OutboxEvent]) -> None:
    for event in events:
        p = event.payload
        subject, text = dsa_mail_render(kind=p["kind"], language=p["language"], params=p["params"])
        send_mail(subject, text, None, [p["to"]])
