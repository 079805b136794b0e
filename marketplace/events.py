"""Outbox topics several apps publish or handle (handlers register in their AppConfig.ready)."""

# An order was placed (invoice) or paid (card): the buyer gets a confirmation.
ORDER_CONFIRMED = "orders.confirmed"
# The same moment for the sellers: each gets its notification and its systems an ``order.created``
# webhook, in the worker after commit (vendors.notifications), so checkout stays lean.
ORDER_REACHED_SELLERS = "orders.reached_sellers"
# A seller shipped a parcel: the buyer gets the tracking link.
SHIPMENT_CREATED = "orders.shipment_created"
