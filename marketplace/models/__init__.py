from .audit import AuditLogEntry
from .catalog import AttributeDefinition, Category, TaxClass
from .fulfilment import Shipment, ShipmentLine
from .legal import LegalTextVersion
from .orders import Order, OrderLine, OrderNote, VendorOrder
from .outbox import OutboxEvent

__all__ = [
    "AttributeDefinition",
    "AuditLogEntry",
    "Category",
    "LegalTextVersion",
    "Order",
    "OrderLine",
    "OrderNote",
    "OutboxEvent",
    "Shipment",
    "ShipmentLine",
    "TaxClass",
    "VendorOrder",
]
