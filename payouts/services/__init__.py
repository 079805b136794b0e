"""Writes of the money side, split by sub-domain. Import from the submodules."""

from payouts.services.orders import ledger_record_order_placed  # noqa: F401  (checkout imports it from here)
