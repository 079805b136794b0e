"""Money events of orders, each recorded as exactly one balanced journal entry."""
from marketplace.models import Order
from marketplace.money import Money, money_sum
from payouts.ledger import BUYER_RECEIVABLE, COMMISSION_REVENUE, credit, debit, ledger_post, vendor_payable


def ledger_record_order_placed(*, order: Order):
    """The buyer owes the order total; each vendor is owed its payable; the platform earns commission.

    Invoice orders are receivables until paid; card orders move from receivable to cash when the
    payment succeeds (payouts issue).
    """
    vendor_orders = list(order.vendor_orders.all())
    currency = order.currency
    commission = money_sum((Money(vo.commission_amount, currency) for vo in vendor_orders), currency)
    postings = [debit(BUYER_RECEIVABLE, order.total)]
    postings += [credit(vendor_payable(vo.vendor_id), Money(vo.payable_amount, currency)) for vo in vendor_orders]
    postings.append(credit(COMMISSION_REVENUE, commission))
    return ledger_post(
        kind="order_placed",
        reference=order.number,
        idempotency_key=f"order_placed:{order.pk}",
        postings=postings,
        memo=f"Order {order.number} placed ({order.payment_method})",
    )
