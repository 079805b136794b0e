from .audit import AuditLogEntry
from .catalog import Category
from .orders import Order, OrderLine, VendorOrder
from .outbox import OutboxEvent

__all__ = ["AuditLogEntry", "Category", "Order", "OrderLine", "OutboxEvent", "VendorOrder"]
