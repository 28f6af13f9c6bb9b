"""A shop may price a delivery method differently from the platform."""

import marketplace.administration.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('vendors', '0002_add_invoice_identity'),
    ]

    operations = [
        migrations.AddField(
            model_name='vendorprofile',
            name='shipping_prices',
            field=models.JSONField(blank=True, default=dict, help_text='Only the delivery methods this shop prices differently from the platform, e.g. {"courier": "19,90"}.', validators=[marketplace.administration.models.validate_shipping_price_overrides], verbose_name='own shipping prices (lei)'),
        ),
    ]
