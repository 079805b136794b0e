from django.conf import settings
from rest_framework import serializers

from marketplace.serializers import MoneySerializer


class CartItemAddIn(serializers.Serializer):
    offer = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)


class CartItemUpdateIn(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=999)


class CartLineOut(serializers.Serializer):
    item_id = serializers.IntegerField()
    offer_id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    title = serializers.CharField()
    condition = serializers.CharField()
    unit_price = MoneySerializer()
    quantity = serializers.IntegerField()
    line_total = MoneySerializer()
    available = serializers.IntegerField()
    purchasable = serializers.BooleanField()
    notices = serializers.ListField(child=serializers.CharField())


class CartGroupOut(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    lines = CartLineOut(many=True)
    subtotal = MoneySerializer()


class CartOut(serializers.Serializer):
    groups = CartGroupOut(many=True)
    currency = serializers.CharField(allow_null=True)
    total = MoneySerializer(allow_null=True)
    item_count = serializers.IntegerField()
    notices = serializers.ListField(child=serializers.CharField())


class AddressIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    street = serializers.CharField(max_length=200)
    postal_code = serializers.RegexField(r"^[A-Za-z0-9 -]{3,10}$", error_messages={"invalid": "Enter a valid postal code."})
    city = serializers.CharField(max_length=100)
    country = serializers.RegexField(r"^[A-Z]{2}$", error_messages={"invalid": "Use a two-letter ISO country code, e.g. DE."})


class CheckoutIn(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=[(m, m) for m in settings.MARKETPLACE_PAYMENT_METHODS])
    shipping_address = AddressIn()


class OrderLineOut(serializers.Serializer):
    offer_id = serializers.IntegerField()
    product_title = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.SerializerMethodField()
    line_total = serializers.SerializerMethodField()

    def get_unit_price(self, line) -> dict:
        return {"amount": line.unit_price_amount, "currency": line.currency}

    def get_line_total(self, line) -> dict:
        return {"amount": line.line_total_amount, "currency": line.currency}


class VendorOrderOut(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField(source="vendor.name")
    status = serializers.CharField()
    items_amount = serializers.IntegerField()
    lines = OrderLineOut(many=True)


class OrderOut(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    payment_method = serializers.CharField()
    payment_due_date = serializers.DateField(allow_null=True)
    total = MoneySerializer()
    shipping_address = serializers.DictField()
    created_at = serializers.DateTimeField()
    vendor_orders = VendorOrderOut(many=True)
