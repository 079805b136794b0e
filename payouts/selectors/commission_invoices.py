"""The commission invoices the platform issued to one vendor, newest first."""

from payouts.models import CommissionInvoice


def commission_invoice_list(*, vendor):
    return CommissionInvoice.objects.filter(vendor=vendor).order_by("-sequence")
