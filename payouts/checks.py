"""Refuse to start with money settings that would be read silently as something else."""

from django.conf import settings
from django.core.checks import Error, register

from payouts.services.fees import POLICIES, SOURCES


@register()
def money_settings_check(app_configs=None, **kwargs) -> list[Error]:
    errors = []

    def allowed(name: str, value, choices) -> None:
        if value not in choices:
            errors.append(Error(f"{name} is {value!r}; allowed: {', '.join(choices)}.", id="payouts.E001"))

    allowed("MARKETPLACE_FEE_POLICY", settings.MARKETPLACE_FEE_POLICY, POLICIES)
    allowed("MARKETPLACE_DISPUTE_FEE_POLICY", settings.MARKETPLACE_DISPUTE_FEE_POLICY, POLICIES)
    allowed("MARKETPLACE_CARD_FEE_SOURCE", settings.MARKETPLACE_CARD_FEE_SOURCE, SOURCES)
    if not 0 <= settings.MARKETPLACE_CARD_FEE_BPS <= 10_000:
        errors.append(Error("MARKETPLACE_CARD_FEE_BPS must be 0 to 10000 (basis points).", id="payouts.E002"))
    for name in ("MARKETPLACE_CARD_FEE_FIXED", "MARKETPLACE_DISPUTE_FEE"):
        if getattr(settings, name) < 0:
            errors.append(Error(f"{name} must not be negative (minor units).", id="payouts.E003"))
    return errors
