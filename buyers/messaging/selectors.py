"""Reads: conversations and claims looked up inside the caller's own (a foreign id is a miss),
unread counts per party, and the scorecard's numbers (response time, claims as defects)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from buyers.messaging.models import Attachment, Claim, Conversation, Message, Party, ReadMark
from marketplace.errors import NotFound
from marketplace.selectors import QueueCount


def _conversations() -> QuerySet[Conversation]:
    return Conversation.objects.select_related("vendor", "vendor_order__order", "offer__product", "buyer")


def _with_unread(queryset: QuerySet[Conversation], party: str) -> QuerySet[Conversation]:
    """Annotate ``unread``: messages of the other parties after the party's read mark."""
    mark = ReadMark.objects.filter(conversation=OuterRef("pk"), party=party).values("last_read_message_id")[:1]
    return queryset.annotate(
        read_upto=Coalesce(Subquery(mark), 0),
    ).annotate(
        unread=Count("messages", filter=Q(messages__id__gt=F("read_upto")) & ~Q(messages__party=party), distinct=True)
    )


def conversation_list_for_buyer(*, buyer) -> QuerySet[Conversation]:
    return _with_unread(_conversations().filter(buyer_id=buyer.pk), Party.BUYER)


def conversation_get_for_buyer(*, buyer, conversation_id: int) -> Conversation:
    found = conversation_list_for_buyer(buyer=buyer).filter(id=conversation_id).first()
    if found is None:
        raise NotFound(_("No such conversation."), field="conversation")
    return found


def conversation_list_for_vendor(*, vendor) -> QuerySet[Conversation]:
    return _with_unread(_conversations().filter(vendor_id=vendor.pk), Party.SELLER)


def conversation_get_for_vendor(*, vendor, conversation_id: int) -> Conversation:
    found = conversation_list_for_vendor(vendor=vendor).filter(id=conversation_id).first()
    if found is None:
        raise NotFound(_("No such conversation."), field="conversation")
    return found


def conversation_list_for_operator() -> QuerySet[Conversation]:
    return _with_unread(_conversations(), Party.OPERATOR)


def conversation_get_for_operator(*, conversation_id: int) -> Conversation:
    found = conversation_list_for_operator().filter(id=conversation_id).first()
    if found is None:
        raise NotFound(_("No such conversation."), field="conversation")
    return found


def conversation_for_vendor_order(*, vendor_order_id: int) -> Conversation | None:
    return Conversation.objects.filter(vendor_order_id=vendor_order_id).first()


def message_list(*, conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("author").prefetch_related("attachments")


def read_marks(*, conversation: Conversation) -> dict[str, int]:
    """party -> id of the last message that party has read."""
    return dict(conversation.read_marks.values_list("party", "last_read_message_id"))


def unread_count(*, party: str, buyer=None, vendor=None) -> int:
    queryset = (
        conversation_list_for_buyer(buyer=buyer)
        if party == Party.BUYER
        else conversation_list_for_vendor(vendor=vendor)
    )
    return sum(c.unread for c in queryset)


def attachment_get_for_user(*, user, attachment_id: int) -> Attachment:
    """An attachment for a participant: the buyer, staff of the vendor whose role handles orders,
    or an operator. Anyone else gets the answer a missing id gets."""
    from vendors.roles import ROLE_PERMISSIONS

    roles = [role for role, perms in ROLE_PERMISSIONS.items() if "fulfil_orders" in perms]
    allowed = Q(message__conversation__buyer_id=user.pk) | Q(
        message__conversation__vendor__members__user_id=user.pk, message__conversation__vendor__members__role__in=roles
    )
    queryset = Attachment.objects.select_related("message__conversation")
    if not user.is_staff:
        queryset = queryset.filter(allowed)
    found = queryset.filter(id=attachment_id).first()
    if found is None:
        raise NotFound(_("No such attachment."), field="attachment")
    return found


# ------------------------------------------------------------------------------ claims


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("vendor_order__order", "vendor", "buyer", "conversation", "refund")


def claim_list_for_buyer(*, buyer) -> QuerySet[Claim]:
    return _claims().filter(buyer_id=buyer.pk)


def claim_get_for_buyer(*, buyer, claim_id: int) -> Claim:
    found = claim_list_for_buyer(buyer=buyer).filter(id=claim_id).first()
    if found is None:
        raise NotFound(_("No such claim."), field="claim")
    return found


def claim_list_for_vendor(*, vendor) -> QuerySet[Claim]:
    return _claims().filter(vendor_id=vendor.pk)


def claim_get_for_vendor(*, vendor, claim_id: int) -> Claim:
    found = claim_list_for_vendor(vendor=vendor).filter(id=claim_id).first()
    if found is None:
        raise NotFound(_("No such claim."), field="claim")
    return found


def claim_list_for_operator(*, status: str | None = None) -> QuerySet[Claim]:
    queryset = _claims()
    return queryset.filter(status=status) if status else queryset


def claim_get_for_operator(*, claim_id: int) -> Claim:
    found = _claims().filter(id=claim_id).first()
    if found is None:
        raise NotFound(_("No such claim."), field="claim")
    return found


def claim_for_conversation(*, conversation: Conversation) -> Claim | None:
    return Claim.objects.filter(conversation=conversation).first()


# ------------------------------------------------------------------------------ scorecard


def claim_defective_vendor_order_ids(vendor_orders: QuerySet) -> QuerySet:
    """Defect source "claim": every claim counts except one the marketplace rejected (the seller
    was right), as a chargeback the seller won does not count."""
    return (
        Claim.objects.filter(vendor_order__in=vendor_orders)
        .exclude(resolution=Claim.Resolution.REJECTED)
        .values_list("vendor_order_id", flat=True)
    )


def vendor_response_time(vendor_id: int, since: datetime) -> tuple[int, int] | None:
    """Measure "response_time": (sum of seconds to the first answer, answered conversations)
    over conversations whose first buyer message came at or after ``since``. Conversations not
    answered yet are not in it (the scorecard shows how fast answers come, not how many)."""
    answered = Conversation.objects.filter(
        vendor_id=vendor_id, first_buyer_message_at__gte=since, first_answer_at__isnull=False
    ).values_list("first_buyer_message_at", "first_answer_at")
    # Whole seconds per conversation (as Conversation.response_seconds), summed exactly.
    waits = [int((answer - question).total_seconds()) for question, answer in answered]
    if not waits:
        return None
    return sum(waits), len(waits)


# --------------------------------------------------------------------------- operator dashboard and order page


def claim_queue(*, now: datetime | None = None) -> QueueCount:
    """Claims not closed. Overdue: open ones past the seller's deadline (respond_by; the hourly
    resolver refunds them) and contested ones waiting for the marketplace's decision longer than
    SLA_CLAIM_DECISION_HOURS since the seller's answer."""
    now = now or timezone.now()
    waiting = Claim.objects.exclude(status=Claim.Status.CLOSED)
    late = Q(status=Claim.Status.OPEN, respond_by__lt=now) | Q(
        status=Claim.Status.CONTESTED, responded_at__lt=now - timedelta(hours=settings.SLA_CLAIM_DECISION_HOURS)
    )
    return QueueCount(waiting.count(), waiting.filter(late).count())


def claims_for_order(*, order) -> QuerySet[Claim]:
    return (
        Claim.objects.filter(vendor_order__order=order)
        .select_related("vendor", "conversation")
        .order_by("created_at", "id")
    )


def conversations_for_order(*, order) -> QuerySet[Conversation]:
    """The conversations about the order's parts, with their messages (oldest first)."""
    return (
        Conversation.objects.filter(vendor_order__order=order)
        .select_related("vendor")
        .prefetch_related(Prefetch("messages", queryset=Message.objects.order_by("created_at", "id")))
        .order_by("id")
    )
