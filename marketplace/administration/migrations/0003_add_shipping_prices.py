"""Shipping prices move from Django settings (ORDER_SHIPPING_PRICES) into the platform settings."""

import marketplace.administration.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('administration', '0002_move_content_types'),
    ]

    operations = [
        migrations.AddField(
            model_name='platformsettings',
            name='shipping_prices',
            field=models.JSONField(default=marketplace.administration.models.default_shipping_prices, help_text='Per delivery method, charged once per shop; a shop may have its own prices.', validators=[marketplace.administration.models.validate_shipping_prices], verbose_name='shipping prices (lei)'),
        ),
    ]
