from django.conf import settings
from django.utils.translation import gettext as _
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
    variant_label = serializers.CharField(help_text='The offer\'s variant (e.g. "Größe: M"); empty for none')
    condition = serializers.CharField()
    unit_price = MoneySerializer()
    quantity = serializers.IntegerField()
    line_total = MoneySerializer()
    available = serializers.IntegerField()
    purchasable = serializers.BooleanField()
    notices = serializers.ListField(child=serializers.CharField())


class FreeShippingOut(serializers.Serializer):
    profile_name = serializers.CharField()
    threshold = MoneySerializer(help_text="Items subtotal from which this parcel ships free")
    subtotal = MoneySerializer()
    missing = MoneySerializer(help_text="What is still missing for free shipping (zero once reached)")
    reached = serializers.BooleanField()


class PickupLocationOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()
    opening_hours = serializers.DictField()


class CartGroupOut(serializers.Serializer):
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField()
    lines = CartLineOut(many=True)
    subtotal = MoneySerializer(help_text="Items, gross")
    discount = MoneySerializer()
    shipping = MoneySerializer(help_text="To the cart's destination country, from the seller's shipping profile")
    vat = MoneySerializer(help_text="VAT included in total")
    total = MoneySerializer()
    shipping_unavailable = serializers.CharField(help_text="Why the seller cannot ship there (empty when it can)")
    free_shipping = FreeShippingOut(many=True, help_text="Progress towards free shipping per parcel")
    pickup_locations = PickupLocationOut(many=True, help_text="Click and collect: choose one at checkout (no shipping)")


class CartOut(serializers.Serializer):
    groups = CartGroupOut(many=True)
    currency = serializers.CharField(allow_null=True)
    country = serializers.CharField(allow_null=True, help_text="Destination the shipping is priced for")
    coupon_code = serializers.CharField(allow_null=True)
    items_total = MoneySerializer(allow_null=True)
    discount = MoneySerializer(allow_null=True)
    shipping = MoneySerializer(allow_null=True)
    vat = MoneySerializer(allow_null=True, help_text="VAT included in total")
    total = MoneySerializer(allow_null=True)
    item_count = serializers.IntegerField()
    notices = serializers.ListField(child=serializers.CharField())


class CouponApplyIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class CouponCreateIn(serializers.Serializer):
    code = serializers.RegexField(
        r"^[A-Za-z0-9_-]{3,40}$", error_messages={"invalid": "Use 3-40 letters, digits, - or _."}
    )
    kind = serializers.ChoiceField(choices=["percent", "fixed"])
    percent_bps = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10_000)
    amount = serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text="Minor units")
    currency = serializers.ChoiceField(
        choices=[(c, c) for c in settings.MARKETPLACE_CURRENCIES], default=settings.MARKETPLACE_CURRENCY
    )
    category_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    min_order_amount = serializers.IntegerField(min_value=0, default=0)
    valid_from = serializers.DateTimeField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    max_uses = serializers.IntegerField(required=False, allow_null=True, min_value=1, default=None)
    max_uses_per_buyer = serializers.IntegerField(min_value=1, default=1)


class CouponOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField()
    percent_bps = serializers.IntegerField(allow_null=True)
    amount = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    funded_by_vendor_id = serializers.IntegerField(allow_null=True)
    min_order_amount = serializers.IntegerField()
    valid_from = serializers.DateTimeField(allow_null=True)
    valid_until = serializers.DateTimeField(allow_null=True)
    max_uses = serializers.IntegerField(allow_null=True)
    max_uses_per_buyer = serializers.IntegerField()
    is_active = serializers.BooleanField()


class AddressIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    street = serializers.CharField(max_length=200)
    postal_code = serializers.RegexField(
        r"^[A-Za-z0-9 -]{3,10}$", error_messages={"invalid": "Enter a valid postal code."}
    )
    city = serializers.CharField(max_length=100)
    country = serializers.RegexField(
        r"^[A-Z]{2}$", error_messages={"invalid": "Use a two-letter ISO country code, e.g. DE."}
    )


class CartQueryIn(serializers.Serializer):
    country = serializers.RegexField(
        r"^[A-Z]{2}$", required=False, error_messages={"invalid": "Use a two-letter ISO country code, e.g. DE."}
    )


class PickupChoiceIn(serializers.Serializer):
    vendor = serializers.IntegerField(min_value=1)
    pickup_location = serializers.IntegerField(min_value=1)


class CheckoutIn(serializers.Serializer):
    payment_method = serializers.ChoiceField(choices=[(m, m) for m in settings.MARKETPLACE_PAYMENT_METHODS])
    shipping_address = AddressIn()
    pickup_locations = PickupChoiceIn(
        many=True, required=False, help_text="Click and collect per seller instead of shipping"
    )

    def validate_pickup_locations(self, value):
        vendors = [choice["vendor"] for choice in value]
        if len(set(vendors)) != len(vendors):
            raise serializers.ValidationError(_("Choose at most one pickup location per seller."))
        return {choice["vendor"]: choice["pickup_location"] for choice in value}


class OrderLineOut(serializers.Serializer):
    offer_id = serializers.IntegerField()
    product_title = serializers.CharField()
    variant_label = serializers.CharField(help_text='The variant bought (e.g. "Größe: M"); empty for none')
    quantity = serializers.IntegerField()
    unit_price = serializers.SerializerMethodField()
    line_total = serializers.SerializerMethodField()

    def get_unit_price(self, line) -> dict:
        return {"amount": line.unit_price_amount, "currency": line.currency}

    def get_line_total(self, line) -> dict:
        return {"amount": line.line_total_amount, "currency": line.currency}


class ShipmentTrackingOut(serializers.Serializer):
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    tracking_url = serializers.URLField()
    shipped_at = serializers.DateTimeField()
    delivered_at = serializers.DateTimeField(allow_null=True)


class VendorOrderOut(serializers.Serializer):
    id = serializers.IntegerField()
    vendor_id = serializers.IntegerField()
    vendor_name = serializers.CharField(source="vendor.name")
    status = serializers.CharField()
    items_amount = serializers.IntegerField()
    discount_amount = serializers.IntegerField()
    shipping_amount = serializers.IntegerField()
    pickup_address = serializers.DictField(help_text="Click and collect: where to fetch this part (empty when shipped)")
    cancel_reason = serializers.CharField()
    lines = OrderLineOut(many=True)
    shipments = ShipmentTrackingOut(many=True)


class VendorOrderCancelIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OrderOut(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    payment_method = serializers.CharField()
    payment_due_date = serializers.DateField(allow_null=True)
    items_total = MoneySerializer()
    discount = MoneySerializer()
    coupon_code = serializers.CharField()
    shipping = MoneySerializer()
    vat = MoneySerializer(help_text="VAT included in total")
    total = MoneySerializer()
    shipping_address = serializers.DictField()
    created_at = serializers.DateTimeField()
    vendor_orders = VendorOrderOut(many=True)
    points_redeemed = serializers.IntegerField(help_text="Loyalty points used; their value is part of discount")
    points_discount = MoneySerializer(help_text="Part of discount bought with points (platform-funded)")
    bundle_shipments = serializers.BooleanField()
    co2 = MoneySerializer(help_text="CO2 compensation contribution, included in total")


class CheckoutOut(OrderOut):
    payment_client_secret = serializers.CharField(
        help_text="Card orders: the PaymentIntent's client secret for Stripe.js (empty for invoice orders)"
    )


class AccountCheckoutIn(CheckoutIn):
    """Checkout with an account: loyalty points and the add-ons (buyers.loyalty, buyers.addons)."""

    points = serializers.IntegerField(
        min_value=0,
        max_value=10_000_000,
        required=False,
        default=0,
        help_text="Loyalty points to redeem as a discount (at most your balance)",
    )
    bundle_shipments = serializers.BooleanField(
        required=False, default=False, help_text="Ship in as few parcels as possible (earns the bundle bonus)"
    )
    co2_compensation = serializers.BooleanField(
        required=False, default=False, help_text="Add the CO2 compensation contribution per shipment"
    )
