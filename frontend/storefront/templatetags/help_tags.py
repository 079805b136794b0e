"""Order self-service links on the buyer's order page."""

from django import template
from django.urls import NoReverseMatch, reverse

from marketplace.models import Order, VendorOrder

register = template.Library()


@register.simple_tag
def contact_seller_url(order, part) -> str:
    """The conversation with this part's seller (messaging's ``frontend:order_contact``) when that
    page exists; otherwise the seller's public page, which lists the trader's contact details."""
    for name, args in (
        ("frontend:order_contact", [order.number, part.id]),
        ("frontend:storefront-seller", [part.vendor_id]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


@register.filter
def invoice_available(part) -> bool:
    """An invoice can be issued: not cancelled, and paid if paid by card (buyers.invoices)."""
    if part.status == VendorOrder.Status.CANCELLED:
        return False
    order = part.order
    return order.payment_method != Order.PaymentMethod.CARD or order.payment_status == Order.PaymentStatus.PAID
