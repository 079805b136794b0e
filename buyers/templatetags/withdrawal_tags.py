from django import template

from buyers.withdrawal_texts import INSTRUCTIONS, MODEL_FORM

register = template.Library()


@register.simple_tag
def withdrawal_texts() -> dict:
    """``{% withdrawal_texts as texts %}``: the instructions and model form (buyers.withdrawal_texts)."""
    return {"instructions": INSTRUCTIONS, "model_form": MODEL_FORM}


@register.simple_tag
def part_refunds(part) -> list:
    """``{% part_refunds part as refunds %}``: the refunds of one seller part that have a credit note to show."""
    from payouts.models import Refund

    return list(Refund.objects.filter(vendor_order_id=part.id).exclude(status=Refund.Status.FAILED).order_by("id"))
