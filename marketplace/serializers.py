from django.conf import settings
from rest_framework import serializers

from marketplace.money import CURRENCY_EXPONENTS, Money


class MoneySerializer(serializers.Serializer):
    """Money on the wire: integer minor units (cents) plus ISO 4217 currency, as Stripe does."""

    amount = serializers.IntegerField(help_text="Amount in minor units, e.g. 1999 for 19.99 EUR")
    currency = serializers.CharField(min_length=3, max_length=3)

    def validate_currency(self, value: str) -> str:
        value = value.upper()
        if value not in CURRENCY_EXPONENTS or value not in settings.MARKETPLACE_CURRENCIES:
            allowed = ", ".join(settings.MARKETPLACE_CURRENCIES)
            raise serializers.ValidationError(f"Currency {value!r} is not accepted here; allowed: {allowed}.")
        return value

    def to_internal_value(self, data) -> Money:
        values = super().to_internal_value(data)
        # A partial update (PATCH) makes nested fields optional, but an amount is both or nothing.
        missing = {
            name: [serializers.Field.default_error_messages["required"]]
            for name in ("amount", "currency")
            if name not in values
        }
        if missing:
            raise serializers.ValidationError(missing)
        return Money(values["amount"], values["currency"])

    def to_representation(self, instance: Money) -> dict:
        return {"amount": instance.amount, "currency": instance.currency, "formatted": str(instance)}


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    path = serializers.CharField()
    name = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
