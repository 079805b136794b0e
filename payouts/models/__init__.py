"""All money models: the ledger, Stripe events, commission rules, payouts, refunds, disputes."""

from .commission_invoices import CommissionInvoice, CommissionInvoiceSequence
from .commissions import CommissionRule
from .dac7 import Dac7Notice
from .disputes import Dispute, DisputeShare
from .events import PaymentAnomaly, StripeEvent
from .ledger import Account, JournalEntry, JournalLine
from .payouts import Payout, PayoutHold, PayoutRun, TransferReversal
from .receipts import BankReceipt, BankTransaction, BuyerCredit, DunningNotice, ReceiptImport
from .refunds import Refund, RefundLine

__all__ = [
    "Account",
    "BankReceipt",
    "BankTransaction",
    "BuyerCredit",
    "CommissionInvoice",
    "CommissionInvoiceSequence",
    "CommissionRule",
    "Dac7Notice",
    "Dispute",
    "DisputeShare",
    "DunningNotice",
    "JournalEntry",
    "JournalLine",
    "PaymentAnomaly",
    "Payout",
    "PayoutHold",
    "PayoutRun",
    "ReceiptImport",
    "Refund",
    "RefundLine",
    "StripeEvent",
    "TransferReversal",
]
