"""Credit-note PDFs: the buyer of the order and the seller's staff who fulfil orders. Anyone else
gets the same 404 as for a missing refund."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from buyers import credit_notes
from vendors.api import VENDOR_HEADER, acting_vendor_owning

PDF = {(200, "application/pdf"): OpenApiResponse(description="Credit note PDF in the seller's name")}


def _pdf(refund) -> HttpResponse:
    note = credit_notes.credit_note_ensure(refund=refund)
    response = HttpResponse(credit_notes.credit_note_pdf(note=note), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="credit-note-{note.number}.pdf"'
    return response


class CreditNoteApi(APIView):
    @extend_schema(responses=PDF)
    def get(self, request, number: str, refund_id: int):
        return _pdf(credit_notes.refund_get_for_buyer(buyer=request.user, number=number, refund_id=refund_id))


class SellerCreditNoteApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses=PDF)
    def get(self, request, refund_id: int):
        vendor = acting_vendor_owning(
            # A finance document, like the invoice: owner and finance staff, not fulfilment.
            request,
            lookup=lambda v: credit_notes.refund_get_for_vendor(vendor=v, refund_id=refund_id),
            permission="view_finances",
        )
        return _pdf(credit_notes.refund_get_for_vendor(vendor=vendor, refund_id=refund_id))
