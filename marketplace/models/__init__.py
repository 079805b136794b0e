from .audit import AuditLogEntry
from .catalog import AttributeDefinition, Category, TaxClass
from .fulfilment import Shipment, ShipmentLine
from .orders import Order, OrderLine, OrderNote, VendorOrder
from .outbox import OutboxEvent

__all__ = [
    "AttributeDefinition",
    "AuditLogEntry",
    "Category",
    "Order",
    "OrderLine",
    "OrderNote",
    "OutboxEvent",
    "Shipment",
    "ShipmentLine",
    "TaxClass",
    "VendorOrder",
]
