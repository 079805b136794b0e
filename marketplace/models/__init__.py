from .audit import AuditLogEntry
from .catalog import AttributeDefinition, Category
from .fulfilment import Shipment, ShipmentLine
from .orders import Order, OrderLine, VendorOrder
from .outbox import OutboxEvent

__all__ = [
    "AttributeDefinition", "AuditLogEntry", "Category", "Order", "OrderLine", "OutboxEvent", "Shipment", "ShipmentLine",
    "VendorOrder",
]
