"""Commission invoices: operators issue them per vendor and period; the vendor's finance staff
list and download their own (another vendor's id is a 404 like a missing one)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.errors import DomainError, NotFound
from payouts.models import CommissionInvoice
from payouts.services import commission_invoices as service
from vendors.api import VENDOR_HEADER, acting_vendor, acting_vendor_owning
from vendors.models import Vendor


class CommissionInvoiceOut(serializers.ModelSerializer):
    gross_amount = serializers.IntegerField(read_only=True)

    class Meta:
        model = CommissionInvoice
        fields = [
            "id",
            "number",
            "vendor",
            "period_from",
            "period_to",
            "currency",
            "net_amount",
            "vat_rate_bps",
            "vat_amount",
            "gross_amount",
            "reverse_charge",
            "issued_at",
        ]


class CommissionInvoiceIssueIn(serializers.Serializer):
    vendor = serializers.IntegerField(min_value=1)
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    currency = serializers.CharField(max_length=3, required=False)


class SellerCommissionInvoiceListApi(ListAPIView):
    serializer_class = CommissionInvoiceOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return CommissionInvoice.objects.filter(vendor=acting_vendor(self.request, "view_finances")).order_by(
            "-sequence"
        )


class SellerCommissionInvoicePdfApi(APIView):
    @extend_schema(
        parameters=[VENDOR_HEADER],
        responses={(200, "application/pdf"): OpenApiResponse(description="Commission invoice PDF")},
    )
    def get(self, request, invoice_id: int):
        vendor = acting_vendor_owning(
            request,
            lookup=lambda v: service.commission_invoice_get_for_vendor(vendor=v, invoice_id=invoice_id),
            permission="view_finances",
        )
        invoice = service.commission_invoice_get_for_vendor(vendor=vendor, invoice_id=invoice_id)
        response = HttpResponse(service.commission_invoice_pdf(invoice=invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="commission-invoice-{invoice.number}.pdf"'
        return response


class OperatorCommissionInvoiceIssueApi(APIView):
    permission_classes = [permissions.IsAdminUser]

    @extend_schema(request=CommissionInvoiceIssueIn, responses={201: CommissionInvoiceOut})
    def post(self, request):
        data = CommissionInvoiceIssueIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        currency = d.get("currency", settings.MARKETPLACE_CURRENCY).upper()
        if currency not in settings.MARKETPLACE_CURRENCIES:
            raise DomainError(
                _("Currency must be one of %(allowed)s.") % {"allowed": ", ".join(settings.MARKETPLACE_CURRENCIES)},
                field="currency",
            )
        vendor = Vendor.objects.filter(id=d["vendor"]).first()
        if vendor is None:
            raise NotFound(_("No such vendor."), field="vendor")
        invoice = service.commission_invoice_issue(
            vendor=vendor, period_from=d["period_from"], period_to=d["period_to"], currency=currency
        )
        return Response(CommissionInvoiceOut(invoice).data, status=201)
