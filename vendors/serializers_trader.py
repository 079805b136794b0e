"""Input and output shapes of the trader API (DSA Art. 30). Plausibility lives in vendors.services.trader."""

from rest_framework import serializers

from vendors.models import Vendor


class TraderDataIn(serializers.Serializer):
    """Only the fields sent change; an empty string clears an optional one (the check then
    reports it as missing and the offers stay offline)."""

    seller_kind = serializers.ChoiceField(
        choices=Vendor.SellerKind.values,
        required=False,
        help_text="business (a trader) or consumer (a private, C2C seller)",
    )
    legal_name = serializers.CharField(max_length=300, required=False)
    legal_form = serializers.ChoiceField(choices=Vendor.LegalForm.values, required=False)
    street = serializers.CharField(max_length=200, required=False)
    postal_code = serializers.CharField(max_length=20, required=False)
    city = serializers.CharField(max_length=100, required=False)
    country = serializers.CharField(max_length=2, required=False, help_text="ISO 3166 two-letter code")
    email = serializers.CharField(max_length=254, required=False)
    contact_phone = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="With area code, e.g. +49 30 1234567"
    )
    register_court = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="e.g. Amtsgericht Berlin-Charlottenburg"
    )
    register_number = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="e.g. HRB 123456 B"
    )
    vat_id = serializers.CharField(max_length=20, required=False, allow_blank=True)
    iban = serializers.CharField(max_length=42, required=False, allow_blank=True)


class TraderProblemOut(serializers.Serializer):
    field = serializers.CharField()
    code = serializers.ChoiceField(choices=["missing", "implausible", "outdated"])
    message = serializers.CharField()


class TraderCertificationOut(serializers.Serializer):
    version = serializers.CharField()
    text = serializers.CharField()
    accepted_at = serializers.DateTimeField()


class TraderStatusOut(serializers.Serializer):
    vendor = serializers.IntegerField(source="vendor.id")
    seller_kind = serializers.CharField(source="vendor.seller_kind")
    legal_name = serializers.CharField(source="vendor.legal_name")
    legal_form = serializers.CharField(source="vendor.legal_form")
    street = serializers.CharField(source="vendor.street")
    postal_code = serializers.CharField(source="vendor.postal_code")
    city = serializers.CharField(source="vendor.city")
    country = serializers.CharField(source="vendor.country")
    email = serializers.CharField(source="vendor.email")
    contact_phone = serializers.CharField(source="vendor.contact_phone")
    register_court = serializers.CharField(source="vendor.register_court")
    register_number = serializers.CharField(source="vendor.register_number")
    vat_id = serializers.CharField(source="vendor.vat_id")
    ok = serializers.BooleanField(help_text="The trader data is complete and plausible: offers may go live")
    problems = TraderProblemOut(many=True, help_text="What is missing or implausible, in the request's language")
    checked_at = serializers.DateTimeField(allow_null=True)
    certification = TraderCertificationOut(allow_null=True)
    identity_documents = serializers.IntegerField()
    closed_at = serializers.DateTimeField(source="vendor.closed_at", allow_null=True)


class CloseIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
