"""Product recall (GPSR Art. 35/36): the operator takes every offer of a product off sale (each
seller gets a statement of reasons), blocks the product, and each buyer who bought it gets one
e-mail (RecallNotice per recall and address, sent through the outbox and claimed by ``mailed_at``,
so reruns and retries send nothing twice). The recall is kept as a record."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import OrderLine
from marketplace.outbox import outbox_publish
from moderation.models import OfferSuppression, ProductRecall, RecallNotice
from moderation.models import StatementOfReasons as SOR
from moderation.services.rules import SUPPRESSIBLE, offer_suppress
from moderation.services.statements import statement_issue
from vendors.models import Offer, Product

RECALL_MAIL = "moderation.recall_mail"


@transaction.atomic
def product_recall(*, actor, product_id: int, reason: str, instructions: str) -> ProductRecall:
    product = Product.objects.select_for_update().filter(id=product_id).first()
    if product is None:
        raise NotFound(_("No such product."), field="product")
    reason, instructions = (reason or "").strip(), (instructions or "").strip()
    if len(reason) < 10:
        raise DomainError(_("Say why the product is recalled (at least 10 characters)."), field="reason")
    if len(instructions) < 10:
        raise DomainError(_("Tell buyers what to do (at least 10 characters)."), field="instructions")
    if ProductRecall.objects.filter(product=product).exists():
        raise Conflict(_("This product has already been recalled."), field="product", code="already_recalled")
    recall = ProductRecall.objects.create(product=product, reason=reason, instructions=instructions, created_by=actor)
    removed = 0
    for offer in Offer.objects.select_for_update().filter(product=product, status__in=SUPPRESSIBLE).order_by("id"):
        offer_suppress(
            actor=actor, offer=offer, reason=reason, cause=OfferSuppression.Cause.OPERATOR, action="offer.recalled"
        )
        statement_issue(
            target_kind="offer",
            target_id=offer.id,
            target_label=f"{offer.sku} ({product})",
            vendor_id=offer.vendor_id,
            restriction=SOR.Restriction.VISIBILITY,
            scope="All offers of the product are removed from the shop because the product is recalled.",
            facts=reason,
            ground=SOR.Ground.ILLEGAL,
            ground_detail="Regulation (EU) 2023/988 (GPSR), Art. 35 and 36: product recall",
            source=SOR.Source.OPERATOR,
            automated_detection=False,
            automated_decision=False,
            decided_by=actor,
        )
        removed += 1
    product.status = Product.Status.BLOCKED
    product.moderation_reason = reason
    product.moderated_at = timezone.now()
    product.save(update_fields=["status", "moderation_reason", "moderated_at", "updated_at"])
    recall.offers_removed = removed
    recall.save(update_fields=["offers_removed"])
    buyers: dict[str, tuple] = {}
    lines = (
        OrderLine.objects.filter(offer__product=product)
        .select_related("vendor_order__order__buyer")
        .order_by("vendor_order__order__created_at")
    )
    for line in lines:
        order = line.vendor_order.order
        email = (order.email or getattr(order.buyer, "email", "") or "").lower()
        if email and email not in buyers:
            profile = getattr(order.buyer, "buyer_profile", None)
            buyers[email] = (order.buyer_id, order.number, getattr(profile, "language", "") or "")
    for email, (user_id, number, language) in buyers.items():
        notice = RecallNotice.objects.create(
            recall=recall, email=email, user_id=user_id, order_number=number, language=language
        )
        outbox_publish(topic=RECALL_MAIL, key=f"recall_notice:{notice.id}", payload={"notice_id": notice.id})
    audit_record(
        actor=actor,
        action="product.recalled",
        obj=product,
        reason=reason,
        data={"recall": recall.id, "offers_removed": removed, "buyers": len(buyers)},
    )
    return recall


def handle_recall_mail(events) -> None:
    for event in events:
        with transaction.atomic():
            notice = (
                RecallNotice.objects.select_for_update()
                .select_related("recall__product")
                .filter(id=event.payload["notice_id"], mailed_at__isnull=True)
                .first()
            )
            if notice is None:
                continue
            recall = notice.recall
            with translation.override(notice.language or settings.LANGUAGE_CODE):
                title = recall.product.title_for()
                subject = _("Safety recall: %(product)s") % {"product": title}
                body = "\n".join(
                    [
                        _("Hello,"),
                        "",
                        _("you bought “%(product)s” from us (order %(number)s). The product is being recalled.")
                        % {"product": title, "number": notice.order_number},
                        "",
                        _("Why: %(reason)s") % {"reason": recall.reason},
                        _("What to do: %(instructions)s") % {"instructions": recall.instructions},
                    ]
                )
                send_mail(subject, body, None, [notice.email])
            notice.mailed_at = timezone.now()
            notice.save(update_fields=["mailed_at"])
