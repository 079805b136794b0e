"""Notifications' read state per staff member: a SellerNotificationRead row per member who read one,
instead of one read_at for the whole team. A notification the team had read counts as read by every
member the vendor had then (nobody sees an old notification turn unread again)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def team_reads_to_member_reads(apps, schema_editor):
    SellerNotification = apps.get_model("vendors", "SellerNotification")
    SellerNotificationRead = apps.get_model("vendors", "SellerNotificationRead")
    VendorMember = apps.get_model("vendors", "VendorMember")
    members: dict[int, list[int]] = {}
    for vendor_id, user_id in VendorMember.objects.values_list("vendor_id", "user_id"):
        members.setdefault(vendor_id, []).append(user_id)
    batch = []
    for pk, vendor_id, read_at in (
        SellerNotification.objects.filter(read_at__isnull=False).values_list("id", "vendor_id", "read_at").iterator()
    ):
        batch += [
            SellerNotificationRead(notification_id=pk, user_id=user_id, read_at=read_at)
            for user_id in members.get(vendor_id, [])
        ]
        if len(batch) >= 1000:
            SellerNotificationRead.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    SellerNotificationRead.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0010_product_view_day"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SellerNotificationRead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("read_at", models.DateTimeField(auto_now_add=True)),
                (
                    "notification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reads",
                        to="vendors.sellernotification",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("notification", "user"), name="seller_notification_read_once")
                ],
            },
        ),
        migrations.RunPython(team_reads_to_member_reads, migrations.RunPython.noop),
    ]
