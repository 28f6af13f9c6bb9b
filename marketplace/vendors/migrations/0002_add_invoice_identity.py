"""What an invoice needs from a shop: trade register number, registered address, VAT status.

Shops already invoicing with VAT were those whose CUI starts with RO: they become VAT payers.
"""

import marketplace.common.validators
from django.db import migrations, models


def vat_payers_from_their_cui(apps, schema_editor):
    VendorProfile = apps.get_model("vendors", "VendorProfile")
    VendorProfile.objects.filter(vat_number__istartswith="RO").update(vat_payer=True)


class Migration(migrations.Migration):

    dependencies = [
        ('vendors', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='vendorprofile',
            name='registered_address',
            field=models.CharField(blank=True, help_text='The seat of the company, printed on invoices.', max_length=255, verbose_name='registered address'),
        ),
        migrations.AddField(
            model_name='vendorprofile',
            name='trade_register_number',
            field=models.CharField(blank=True, help_text='J40/1234/2020, or J2024001234408 as written since 2024. Printed on invoices.', max_length=20, validators=[marketplace.common.validators.validate_ro_trade_register], verbose_name='trade register number'),
        ),
        migrations.AddField(
            model_name='vendorprofile',
            name='vat_payer',
            field=models.BooleanField(default=False, help_text='Registered for VAT: its invoices add VAT and its CUI starts with RO.', verbose_name='VAT payer'),
        ),
        migrations.RunPython(vat_payers_from_their_cui, migrations.RunPython.noop),
    ]
