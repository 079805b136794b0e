# Written by hand (issue 11): consumer rights, VAT documents, GDPR. Other apps' migrations were
# mid-edit when this was made, so makemigrations could not load the graph; checked afterwards.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('buyers', '0007_invoices'),
        ('marketplace', '0006_order_shipping_pickup'),
        ('vendors', '0003_onboarding_staff'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='buyerprofile',
            name='is_business',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='buyerprofile',
            name='company_name',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='buyerprofile',
            name='vat_id',
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AlterField(
            model_name='returnrequest',
            name='reason',
            field=models.CharField(choices=[('damaged', 'Arrived damaged'), ('not_as_described', 'Not as described'), ('wrong_item', 'Wrong item'), ('no_longer_needed', 'No longer needed'), ('other', 'Other'), ('withdrawal', 'Withdrawal (no reason needed)')], max_length=30),
        ),
        migrations.AddField(
            model_name='invoice',
            name='buyer',
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name='invoice',
            name='reverse_charge',
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name='OrderTerms',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('buyer_is_business', models.BooleanField(default=False)),
                ('buyer_company_name', models.CharField(blank=True, max_length=200)),
                ('buyer_vat_id', models.CharField(blank=True, max_length=20)),
                ('terms_version', models.CharField(max_length=20)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('order', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='marketplace.order')),
            ],
        ),
        migrations.CreateModel(
            name='WithdrawalDeclaration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consumer_name', models.CharField(max_length=200)),
                ('consumer_address', models.CharField(max_length=500)),
                ('ordered_on', models.DateField()),
                ('received_on', models.DateField()),
                ('deadline', models.DateField()),
                ('declared_at', models.DateTimeField(auto_now_add=True)),
                ('return_request', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='withdrawal', to='buyers.returnrequest')),
            ],
        ),
        migrations.CreateModel(
            name='CreditNoteSequence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last', models.PositiveIntegerField(default=0)),
                ('vendor', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='vendors.vendor')),
            ],
        ),
        migrations.CreateModel(
            name='CreditNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('refund_id', models.BigIntegerField(unique=True)),
                ('sequence', models.PositiveIntegerField()),
                ('number', models.CharField(max_length=40)),
                ('currency', models.CharField(max_length=3)),
                ('amount', models.BigIntegerField()),
                ('by_rate', models.JSONField(default=list)),
                ('issued_at', models.DateTimeField(auto_now_add=True)),
                ('invoice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credit_notes', to='buyers.invoice')),
                ('vendor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='vendors.vendor')),
            ],
            options={
                'ordering': ['vendor_id', 'sequence'],
                'constraints': [
                    models.UniqueConstraint(fields=('vendor', 'sequence'), name='credit_note_unique_sequence_per_vendor'),
                    models.UniqueConstraint(fields=('vendor', 'number'), name='credit_note_unique_number_per_vendor'),
                ],
            },
        ),
        migrations.CreateModel(
            name='ConsentRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consent_id', models.CharField(db_index=True, max_length=40)),
                ('categories', models.JSONField(default=list)),
                ('version', models.CharField(max_length=20)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
    ]
