# Written by hand (issue 11): the platform's commission invoices to vendors.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('payouts', '0004_refund_platform_discount'),
        ('vendors', '0003_onboarding_staff'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommissionInvoiceSequence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('series', models.CharField(max_length=20, unique=True)),
                ('last', models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='CommissionInvoice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period_from', models.DateField()),
                ('period_to', models.DateField()),
                ('currency', models.CharField(max_length=3)),
                ('sequence', models.PositiveIntegerField(unique=True)),
                ('number', models.CharField(max_length=40, unique=True)),
                ('net_amount', models.BigIntegerField()),
                ('vat_rate_bps', models.PositiveIntegerField()),
                ('vat_amount', models.BigIntegerField()),
                ('reverse_charge', models.BooleanField(default=False)),
                ('issuer', models.JSONField()),
                ('recipient', models.JSONField()),
                ('issued_at', models.DateTimeField(auto_now_add=True)),
                ('vendor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='vendors.vendor')),
            ],
            options={
                'ordering': ['sequence'],
                'constraints': [
                    models.UniqueConstraint(fields=('vendor', 'period_from', 'period_to', 'currency'), name='commission_invoice_one_per_period'),
                    models.CheckConstraint(condition=models.Q(period_to__gte=models.F('period_from')), name='commission_invoice_period_ordered'),
                ],
            },
        ),
    ]
