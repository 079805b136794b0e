"""Conversation threads as the buyer, the seller and the operator see them (buyers.messaging)."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from buyers.messaging import selectors, services
from frontend.common.errors import add_domain_error
from marketplace.errors import DomainError
from marketplace.money import Money


def thread_context(conversation, party: str) -> dict:
    return {
        "conversation": conversation,
        "thread": selectors.message_list(conversation=conversation),
        "read_marks": selectors.read_marks(conversation=conversation),
        "claim": selectors.claim_for_conversation(conversation=conversation),
        "party": party,
    }


def message_send(request, form, *, conversation, party: str) -> bool:
    """Send the form's message as ``party``; False (with the reason on the form) when it was not sent."""
    if not form.is_valid():
        return False
    try:
        services.message_send(
            conversation=conversation,
            author=request.user,
            party=party,
            body=form.cleaned_data["body"],
            upload=form.cleaned_data.get("attachment"),
        )
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    messages.success(request, _("Message sent."))
    return True


def minor_units(value, currency: str) -> int | None:
    """A claim amount typed in major units as minor units (None stays None)."""
    return None if value is None else Money.from_decimal(value, currency).amount
