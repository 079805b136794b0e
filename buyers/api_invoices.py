"""Invoice PDFs: the buyer of the order (account or guest link) and the seller's staff who fulfil
orders. Anyone else gets the same 404 as for a missing order."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from buyers import guests, invoices
from buyers.models import Invoice
from marketplace.errors import NotFound
from vendors.api import VENDOR_HEADER, acting_vendor_owning
from vendors.services.fulfilment import vendor_order_get

PDF = {(200, "application/pdf"): OpenApiResponse(description="Invoice PDF in the seller's name")}


def _pdf(vendor_order) -> HttpResponse:
    invoice: Invoice = invoices.invoice_ensure(vendor_order=vendor_order)
    response = HttpResponse(invoices.invoice_pdf(invoice=invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoice.number}.pdf"'
    return response


class InvoiceApi(APIView):
    @extend_schema(responses=PDF)
    def get(self, request, number: str, vendor_order_id: int):
        return _pdf(
            invoices.invoice_vendor_order_for_buyer(buyer=request.user, number=number, vendor_order_id=vendor_order_id)
        )


class GuestInvoiceApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=PDF)
    def get(self, request, token: str, vendor_order_id: int):
        order = guests.guest_order_get(token=token)
        vendor_order = next((vo for vo in order.vendor_orders.all() if vo.id == vendor_order_id), None)
        if vendor_order is None:
            raise NotFound(_("No such order."), field="vendor_order")
        return _pdf(vendor_order)


class SellerInvoiceApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses=PDF)
    def get(self, request, vendor_order_id: int):
        vendor = acting_vendor_owning(
            # A buyer's invoice is a finance document: owner and finance staff, not fulfilment.
            request,
            lookup=lambda v: vendor_order_get(vendor=v, vendor_order_id=vendor_order_id),
            permission="view_finances",
        )
        return _pdf(vendor_order_get(vendor=vendor, vendor_order_id=vendor_order_id))
