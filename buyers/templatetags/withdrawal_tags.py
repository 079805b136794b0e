from django import template

from buyers.withdrawal_texts import INSTRUCTIONS, MODEL_FORM

register = template.Library()


@register.simple_tag
def withdrawal_texts() -> dict:
    """``{% withdrawal_texts as texts %}``: the instructions and model form (buyers.withdrawal_texts)."""
    return {"instructions": INSTRUCTIONS, "model_form": MODEL_FORM}
