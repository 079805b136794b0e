from django.contrib import admin

from marketplace.models import AuditLogEntry, Category, Order, OutboxEvent, VendorOrder


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["path", "name_de", "name_en", "tax_class"]
    list_filter = ["tax_class"]
    search_fields = ["path", "name_de", "name_en"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "buyer", "status", "payment_method", "total_amount", "currency", "created_at"]
    list_filter = ["status", "payment_method"]
    search_fields = ["number", "email"]


@admin.register(VendorOrder)
class VendorOrderAdmin(admin.ModelAdmin):
    list_display = ["order", "vendor", "status", "items_amount", "commission_amount", "payable_amount"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["id", "topic", "key", "attempts", "available_at", "delivered_at"]
    list_filter = ["topic"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
