"""Operators' internal notes on an order: added (audited), never changed or removed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import DomainError
from marketplace.models import Order, OrderNote

MAX_NOTE_LENGTH = 2000


def order_note_add(*, actor, order: Order, text: str) -> OrderNote:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the note."), field="text")
    if len(text) > MAX_NOTE_LENGTH:
        raise DomainError(_("A note has at most %(max)s characters.") % {"max": MAX_NOTE_LENGTH}, field="text")
    with transaction.atomic():
        note = OrderNote.objects.create(order=order, author=actor, text=text)
        audit_record(actor=actor, action="order.note_added", obj=order, data={"note_id": note.id})
    return note
