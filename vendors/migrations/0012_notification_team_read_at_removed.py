"""The team-wide read_at, replaced by SellerNotificationRead (0011); its own migration, so the
ALTER TABLE runs in a transaction without 0011's pending foreign-key checks."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("vendors", "0011_notification_read_per_member")]

    operations = [
        migrations.RemoveIndex(model_name="sellernotification", name="seller_notification_unread"),
        migrations.RemoveField(model_name="sellernotification", name="read_at"),
    ]
