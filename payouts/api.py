"""Payments, payouts and money reports. Views parse input, call one service or selector, render."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api import created
from marketplace.errors import DomainError
from marketplace.models import Order
from payouts import documents
from payouts import serializers as s
from payouts.models import PaymentAnomaly, PayoutRun
from payouts.selectors import balances, reports
from payouts.selectors import payouts as payout_selectors
from payouts.services import commissions, orders, payout_runs, receipts, refunds, webhooks
from vendors.api import VENDOR_HEADER, acting_vendor


class StripeWebhookApi(APIView):
    """Stripe calls this; the signature is the authentication (no session, so no CSRF)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=None, responses={200: s.WebhookOut})
    def post(self, request):
        event = webhooks.stripe_event_receive(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
        return Response(s.WebhookOut({"event_id": event.event_id, "status": event.status}).data)


class OrderPaymentApi(APIView):
    """The buyer's payment details: for card orders the PaymentIntent's client_secret (Stripe.js)."""

    @extend_schema(responses={200: s.OrderPaymentOut})
    def get(self, request, number: str):
        order = payout_selectors.buyer_order_get(buyer=request.user, number=number)
        secret = ""
        if order.payment_method == Order.PaymentMethod.CARD and order.payment_status != Order.PaymentStatus.PAID:
            secret = orders.order_payment_intent_ensure(order_id=order.id).client_secret
        early = None
        if order.early_payment_discount_until:
            early = receipts.invoice_amount_due(order=order, on=order.early_payment_discount_until)
        return Response(
            s.OrderPaymentOut(
                {
                    "number": order.number,
                    "payment_method": order.payment_method,
                    "payment_status": order.payment_status,
                    "amount": order.total,
                    "client_secret": secret,
                    "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                    "payment_due_date": order.payment_due_date,
                    "early_payment_discount_until": order.early_payment_discount_until,
                    "early_payment_amount": early,
                }
            ).data
        )


# --- Seller (finance role) -----------------------------------------------------------------


class SellerBalanceApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: s.BalanceOut})
    def get(self, request):
        vendor = acting_vendor(request, "view_finances")
        return Response(s.BalanceOut(balances.vendor_balance_get(vendor=vendor)).data)


class SellerPayoutListApi(ListAPIView):
    serializer_class = s.PayoutOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return payout_selectors.payout_list(vendor=acting_vendor(self.request, "view_finances"))


class SellerPayoutDetailApi(APIView):
    @extend_schema(parameters=[VENDOR_HEADER], responses={200: s.PayoutOut})
    def get(self, request, payout_id: int):
        vendor = acting_vendor(request)
        payout = payout_selectors.payout_get(vendor=vendor, payout_id=payout_id)  # foreign id: 404 for any role
        acting_vendor(request, "view_finances")
        return Response(s.PayoutOut(payout).data)


class SellerRefundApi(ListAPIView):
    serializer_class = s.RefundOut

    @extend_schema(parameters=[VENDOR_HEADER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return payout_selectors.refund_list(vendor=acting_vendor(self.request, "view_finances"))

    @extend_schema(parameters=[VENDOR_HEADER], request=s.RefundIn, responses={201: s.RefundOut})
    def post(self, request):
        vendor = acting_vendor(request, "fulfil_orders")
        data = s.RefundIn(data=request.data)
        data.is_valid(raise_exception=True)
        refund = refunds.refund_create(actor=request.user, vendor_id=vendor.id, **_refund_args(data.validated_data))
        return created(s.RefundOut(refund).data)


def _refund_args(data: dict) -> dict:
    return {
        "vendor_order_id": data["vendor_order"],
        "lines": [
            refunds.RefundLineRequest(order_line_id=line["order_line"], amount=line["amount"]) for line in data["lines"]
        ],
        "reason": data["reason"],
    }


# --- Operator ----------------------------------------------------------------------------------


class OperatorApi(APIView):
    permission_classes = [permissions.IsAdminUser]


class OperatorPayoutRunListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = s.PayoutRunOut

    def get_queryset(self):
        return payout_selectors.payout_run_list()

    @extend_schema(request=s.PayoutRunIn, responses={201: s.PayoutRunOut})
    def post(self, request):
        data = s.PayoutRunIn(data=request.data)
        data.is_valid(raise_exception=True)
        currency = data.validated_data.get("currency", settings.MARKETPLACE_CURRENCY).upper()
        if currency not in settings.MARKETPLACE_CURRENCIES:
            raise DomainError(
                _("Currency must be one of %(allowed)s.") % {"allowed": ", ".join(settings.MARKETPLACE_CURRENCIES)},
                field="currency",
            )
        run = payout_runs.payout_run_start(trigger=PayoutRun.Trigger.OPERATOR, actor=request.user, currency=currency)
        return created(s.PayoutRunOut(payout_selectors.payout_run_get(run_id=run.pk)).data)


class OperatorPayoutRunDetailApi(OperatorApi):
    @extend_schema(responses={200: s.PayoutRunOut})
    def get(self, request, run_id: int):
        return Response(s.PayoutRunOut(payout_selectors.payout_run_get(run_id=run_id)).data)


class OperatorPayoutHoldApi(OperatorApi):
    @extend_schema(request=s.HoldIn, responses={201: s.BalanceOut})
    def post(self, request, vendor_id: int):
        data = s.HoldIn(data=request.data)
        data.is_valid(raise_exception=True)
        hold = payout_runs.payout_hold_set(
            actor=request.user, vendor_id=vendor_id, reason=data.validated_data["reason"]
        )
        return created(s.BalanceOut(balances.vendor_balance_get(vendor=hold.vendor)).data)

    @extend_schema(request=s.ReleaseIn, responses={204: None})
    def delete(self, request, vendor_id: int):
        data = s.ReleaseIn(data=request.data)
        data.is_valid(raise_exception=True)
        payout_runs.payout_hold_release(actor=request.user, vendor_id=vendor_id, reason=data.validated_data["reason"])
        return Response(status=204)


class OperatorCommissionRuleListApi(ListAPIView):
    permission_classes = [permissions.IsAdminUser]
    serializer_class = s.CommissionRuleOut

    def get_queryset(self):
        return payout_selectors.commission_rule_list()

    @extend_schema(request=s.CommissionRuleIn, responses={201: s.CommissionRuleOut})
    def post(self, request):
        data = s.CommissionRuleIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        rule = commissions.commission_rule_create(
            actor=request.user,
            rate_bps=d["rate_bps"],
            fixed=d["fixed"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            vendor_id=d["vendor"],
            category_id=d["category"],
            note=d["note"],
        )
        return created(s.CommissionRuleOut(rule).data)


class OperatorCommissionRuleEndApi(OperatorApi):
    @extend_schema(request=None, responses={200: s.CommissionRuleOut})
    def post(self, request, rule_id: int):
        return Response(s.CommissionRuleOut(commissions.commission_rule_end(actor=request.user, rule_id=rule_id)).data)


class OperatorRefundApi(OperatorApi):
    @extend_schema(request=s.RefundIn, responses={201: s.RefundOut})
    def post(self, request):
        data = s.RefundIn(data=request.data)
        data.is_valid(raise_exception=True)
        return created(s.RefundOut(refunds.refund_create(actor=request.user, **_refund_args(data.validated_data))).data)


class OperatorPaymentAnomalyListApi(ListAPIView):
    """Card payments Stripe reported with another amount or currency than the order's: the
    webhook is not retried, the order stays unpaid; an operator settles each one."""

    permission_classes = [permissions.IsAdminUser]
    serializer_class = s.PaymentAnomalyOut

    def get_queryset(self):
        return PaymentAnomaly.objects.select_related("order", "event")


class OperatorBankReceiptApi(OperatorApi):
    @extend_schema(request=s.BankReceiptIn, responses={201: s.BankReceiptOut})
    def post(self, request):
        data = s.BankReceiptIn(data=request.data)
        data.is_valid(raise_exception=True)
        return created(s.BankReceiptOut(receipts.bank_receipt_record(actor=request.user, **data.validated_data)).data)


class OperatorReceiptImportApi(OperatorApi):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": s.ReceiptImportIn}, responses={201: s.ReceiptImportOut})
    def post(self, request):
        data = s.ReceiptImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > receipts.statement_max_bytes():
            raise DomainError(
                _("The file is larger than %(size)s KiB.") % {"size": receipts.statement_max_bytes() // 1024},
                field="file",
            )
        result = receipts.statement_import(actor=request.user, filename=upload.name, content=upload.read())
        return created(s.ReceiptImportOut(result).data)


class OperatorAdjustmentApi(OperatorApi):
    @extend_schema(request=s.AdjustmentIn, responses={201: s.EntryOut})
    def post(self, request):
        data = s.AdjustmentIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        entry = commissions.ledger_adjustment_post(
            actor=request.user, vendor_id=d["vendor"], amount=d["amount"], reason=d["reason"]
        )
        return created(s.EntryOut(entry).data)


# --- Reports -------------------------------------------------------------------------------------


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SellerStatementApi(APIView):
    """The seller's statement for a period as JSON, CSV or PDF (``output``)."""

    @extend_schema(parameters=[VENDOR_HEADER, s.StatementIn], responses={200: s.StatementOut})
    def get(self, request):
        vendor = acting_vendor(request, "view_finances")
        data = s.StatementIn(data=request.query_params)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        statement = reports.vendor_statement(
            vendor=vendor,
            period_from=d["date_from"],
            period_to=d["date_to"],
            currency=d.get("currency", settings.MARKETPLACE_CURRENCY).upper(),
        )
        name = f"statement-{vendor.slug}-{d['date_from']}-{d['date_to']}"
        if d["output"] == "csv":
            return _file(documents.statement_csv(statement), "text/csv", f"{name}.csv")
        if d["output"] == "pdf":
            return _file(documents.statement_pdf(statement), "application/pdf", f"{name}.pdf")
        return Response(s.StatementOut(statement).data)


class OperatorReconciliationApi(OperatorApi):
    @extend_schema(parameters=[s.PeriodIn], responses={200: s.ReconciliationOut})
    def get(self, request):
        data = s.PeriodIn(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = reports.reconciliation_report(
            period_from=data.validated_data["date_from"], period_to=data.validated_data["date_to"]
        )
        mismatches = sum(row.status != "matched" for row in rows)
        return Response(s.ReconciliationOut({"mismatches": mismatches, "rows": rows}).data)


class OperatorRevenueApi(OperatorApi):
    @extend_schema(parameters=[s.PeriodIn], responses={200: s.RevenueRowOut(many=True)})
    def get(self, request):
        data = s.PeriodIn(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = reports.revenue_by_period_and_category(
            period_from=data.validated_data["date_from"], period_to=data.validated_data["date_to"]
        )
        return Response(s.RevenueRowOut(rows, many=True).data)


class OperatorDac7Api(OperatorApi):
    """DAC7 seller report (per seller and quarter) as JSON or CSV for the tax authority upload."""

    @extend_schema(parameters=[s.Dac7In], responses={200: s.Dac7RowOut(many=True)})
    def get(self, request):
        data = s.Dac7In(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = reports.dac7_report(year=data.validated_data["year"])
        if data.validated_data["output"] == "csv":
            columns = list(s.Dac7RowOut().fields)
            return _file(documents.rows_csv(rows, columns), "text/csv", f"dac7-{data.validated_data['year']}.csv")
        return Response(s.Dac7RowOut(rows, many=True).data)
