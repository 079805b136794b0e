"""Seller API for offers beyond create/read/update (vendors/api.py): bulk price and stock, buy box."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.errors import DomainError
from marketplace.serializers import MoneySerializer
from vendors import selectors, services
from vendors.api import VENDOR_HEADER, acting_vendor

MAX_BULK_ROWS = 1000


class OfferBulkRowIn(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    price = MoneySerializer(required=False)
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)

    def validate(self, attrs):
        if "price" not in attrs and "stock" not in attrs:
            raise serializers.ValidationError({"price": [_("Give a price, a stock or both.")]})
        return attrs


class OfferBulkUpdateIn(serializers.Serializer):
    rows = OfferBulkRowIn(many=True, help_text=f"1 to {MAX_BULK_ROWS} rows; each row succeeds or fails on its own")


class OfferBulkRowOut(serializers.Serializer):
    row = serializers.IntegerField(help_text="Position in the request, from 0")
    sku = serializers.CharField()
    status = serializers.ChoiceField(choices=["updated", "unchanged", "error"])
    offer_id = serializers.IntegerField(allow_null=True)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class OfferBulkUpdateOut(serializers.Serializer):
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = OfferBulkRowOut(many=True)


def _flatten(errors) -> dict[str, list[str]]:
    """DRF's nested error dict for one row as {field: [messages]} (price.amount -> price)."""
    flat: dict[str, list[str]] = {}
    for name, value in errors.items():
        if isinstance(value, dict):
            flat[name] = [str(m) for messages in value.values() for m in messages]
        else:
            flat[name] = [str(m) for m in value]
    return flat


class SellerOfferBulkUpdateApi(APIView):
    """Prices and stock of many offers by SKU in one call; a result per row (not all-or-nothing)."""

    @extend_schema(parameters=[VENDOR_HEADER], request=OfferBulkUpdateIn, responses={200: OfferBulkUpdateOut})
    def post(self, request):
        vendor = acting_vendor(request, "manage_listings")
        rows = request.data.get("rows") if isinstance(request.data, dict) else None
        if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_BULK_ROWS:
            raise DomainError(
                _("rows must be a list of 1 to %(max_bulk_rows)s objects.") % {"max_bulk_rows": MAX_BULK_ROWS},
                field="rows",
            )
        results: list[dict | None] = [None] * len(rows)
        valid: list[tuple[int, dict]] = []
        for index, raw in enumerate(rows):
            row = OfferBulkRowIn(data=raw if isinstance(raw, dict) else {})
            if row.is_valid():
                valid.append((index, row.validated_data))
            else:
                sku = raw.get("sku") if isinstance(raw, dict) and isinstance(raw.get("sku"), str) else ""
                results[index] = {
                    "row": index,
                    "sku": sku,
                    "status": "error",
                    "offer_id": None,
                    "errors": _flatten(row.errors),
                }
        outcome = services.offer_bulk_update(vendor=vendor, actor=request.user, rows=[data for _, data in valid])
        for (index, _row), result in zip(valid, outcome):
            results[index] = {"row": index, **result.__dict__}
        counts = {
            status: sum(1 for r in results if r["status"] == status) for status in ("updated", "unchanged", "error")
        }
        body = {
            "updated": counts["updated"],
            "unchanged": counts["unchanged"],
            "failed": counts["error"],
            "results": results,
        }
        return Response(OfferBulkUpdateOut(body).data)


class OfferBuyBoxOut(serializers.Serializer):
    offer_id = serializers.IntegerField(source="offer.id")
    sku = serializers.CharField(source="offer.sku")
    product_id = serializers.IntegerField(source="offer.product_id")
    status = serializers.CharField(source="offer.status")
    holds_buy_box = serializers.BooleanField()
    landed_price = MoneySerializer(allow_null=True, help_text="Price + shipping of one item to DE")
    winning_landed_price = MoneySerializer(allow_null=True)
    winning_offer_id = serializers.IntegerField(allow_null=True, help_text="Null when no offer is eligible")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why this offer does not hold the buy box")


class SellerBuyBoxListApi(ListAPIView):
    """For each of your offers: does it hold the buy box of its product, and if not, why."""

    serializer_class = OfferBuyBoxOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        vendor = acting_vendor(request)
        page = self.paginate_queryset(selectors.offer_list(vendor=vendor))
        rows = selectors.offer_buy_box_status(vendor=vendor, offers=page)
        return self.get_paginated_response(OfferBuyBoxOut(rows, many=True).data)
