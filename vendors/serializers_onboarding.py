"""Input and output shapes of the onboarding API. Field checks live in vendors.services.application."""

from rest_framework import serializers

from vendors.models import Vendor, VendorDocument
from vendors.services.application import VendorApplication, application_errors

# The service names the category list after its ids; the API field is ``intended_categories``.
_API_FIELD = {"intended_category_ids": "intended_categories"}


class VendorApplyIn(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="Shop name shown to buyers")
    legal_name = serializers.CharField(max_length=300)
    legal_form = serializers.CharField(help_text=f"One of: {', '.join(Vendor.LegalForm.values)}")
    street = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=20)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(max_length=2, help_text="ISO 3166 two-letter code, e.g. DE")
    email = serializers.EmailField(help_text="Where the marketplace writes to the vendor")
    contact_name = serializers.CharField(max_length=200, help_text="Contact person")
    contact_phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    vat_id = serializers.CharField(
        max_length=20,
        required=False,
        default="",
        allow_blank=True,
        help_text="EU VAT ID, e.g. DE136695976; optional for sole traders",
    )
    iban = serializers.CharField(max_length=42, help_text="Payout bank account, e.g. DE89 3704 0044 0532 0130 00")
    intended_categories = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=False,
        help_text="Ids of the categories the vendor intends to sell in",
    )
    return_policy = serializers.CharField(max_length=10_000)

    def validate(self, attrs):
        application = VendorApplication(
            **{k: v for k, v in attrs.items() if k != "intended_categories"},
            intended_category_ids=attrs["intended_categories"],
        )
        clean, errors = application_errors(application)
        if errors:
            raise serializers.ValidationError({_API_FIELD.get(k, k): [v] for k, v in errors.items()})
        return {"application": clean}


def _masked_iban(iban: str) -> str:
    return f"{iban[:4]} **** {iban[-4:]}" if iban else ""


class VendorOut(serializers.ModelSerializer):
    intended_categories = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    iban = serializers.SerializerMethodField(help_text="Masked; operators see it in full")
    can_sell = serializers.BooleanField(
        read_only=True, help_text="Approved and payouts enabled: its offers can be live"
    )
    stripe_account_connected = serializers.SerializerMethodField()

    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "slug",
            "legal_name",
            "legal_form",
            "street",
            "postal_code",
            "city",
            "country",
            "email",
            "contact_name",
            "contact_phone",
            "vat_id",
            "iban",
            "intended_categories",
            "return_policy",
            "status",
            "status_reason",
            "can_sell",
            "charges_enabled",
            "payouts_enabled",
            "stripe_account_connected",
            "created_at",
            "approved_at",
            "status_changed_at",
        ]

    def get_iban(self, vendor: Vendor) -> str:
        return _masked_iban(vendor.iban)

    def get_stripe_account_connected(self, vendor: Vendor) -> bool:
        return bool(vendor.stripe_account_id)


class OperatorVendorOut(VendorOut):
    iban = serializers.CharField()

    class Meta(VendorOut.Meta):
        fields = [*VendorOut.Meta.fields, "stripe_account_id"]


class VendorApproveIn(serializers.Serializer):
    confirm_risks = serializers.BooleanField(
        default=False,
        help_text="Required when the application has open risk warnings (GET the vendor for them): "
        "confirms that the operator checked them; audited as vendor.risks_confirmed",
    )


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=5_000, help_text="Told to the vendor and kept in the audit log")


class MessageIn(serializers.Serializer):
    message = serializers.CharField(max_length=5_000)


class DocumentUploadIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VendorDocument.Kind.choices)
    file = serializers.FileField(help_text="PDF, PNG or JPEG, at most 10 MB")


class DocumentOut(serializers.ModelSerializer):
    class Meta:
        model = VendorDocument
        fields = ["id", "kind", "content_type", "size", "original_name", "sha256", "created_at"]


class OnboardingLinkOut(serializers.Serializer):
    url = serializers.URLField()
    expires_at = serializers.IntegerField(help_text="Unix time; ask for a new link after it")
