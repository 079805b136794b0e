"""Outbox topics several apps publish or handle (handlers register in their AppConfig.ready)."""

# An order was placed (invoice) or paid (card): the buyer gets a confirmation.
ORDER_CONFIRMED = "orders.confirmed"
# A seller shipped a parcel: the buyer gets the tracking link.
SHIPMENT_CREATED = "orders.shipment_created"
