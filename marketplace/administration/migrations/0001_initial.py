"""Platform settings and roles move from ``backoffice`` to ``administration``, keeping their tables."""

import django.core.validators
import django.db.models.deletion
import marketplace.administration.models
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('backoffice', '0005_move_models_out_of_backoffice'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (created by backoffice's migrations): only Django's picture moves.
            state_operations=[
                migrations.CreateModel(
                    name='PlatformSettingEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('key', models.SlugField(max_length=100, unique=True, verbose_name='key')),
                        ('value', models.JSONField(verbose_name='value')),
                        ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                    ],
                    options={
                        'verbose_name': 'setting (key/value)',
                        'verbose_name_plural': 'settings (key/value)',
                        'db_table': 'backoffice_platformsettingentry',
                        'ordering': ['key'],
                    },
                ),
                migrations.CreateModel(
                    name='PlatformSettings',
                    fields=[
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                        ('commission_percent', models.DecimalField(decimal_places=2, default=Decimal('15.00'), help_text='Taken from each sale, before the vendor is paid. Between 0 and 100.', max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='commission (%)')),
                        ('return_days', models.PositiveSmallIntegerField(default=14, help_text='Days after delivery during which a buyer may return an item.', validators=[django.core.validators.MaxValueValidator(365)], verbose_name='return window (days)')),
                        ('shipping_days', models.PositiveSmallIntegerField(default=3, help_text='Days a vendor has to ship a paid order before it is cancelled.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='shipping deadline (days)')),
                        ('auction_duration_hours', models.JSONField(default=marketplace.administration.models.default_auction_durations, validators=[marketplace.administration.models.validate_auction_durations], verbose_name='allowed auction durations (hours)')),
                        ('soft_close_minutes', models.PositiveSmallIntegerField(default=2, help_text='A bid in the last N minutes extends the auction by N minutes. 0 turns it off.', validators=[django.core.validators.MaxValueValidator(60)], verbose_name='soft close (minutes)')),
                        ('bid_increments', models.JSONField(default=marketplace.administration.models.default_bid_increments, help_text="From each amount upwards, the least a new bid must add. A listing's own larger increment wins.", validators=[marketplace.administration.models.validate_bid_increments], verbose_name='bid increments (lei)')),
                        ('auction_payment_hours', models.PositiveSmallIntegerField(default=48, help_text='Hours an auction winner has to pay before the lot goes to the next bidder.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(720)], verbose_name='auction payment deadline (hours)')),
                    ],
                    options={
                        'verbose_name': 'platform settings',
                        'verbose_name_plural': 'platform settings',
                        'db_table': 'backoffice_platformsettings',
                        'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='backoffice_settings_singleton'), models.CheckConstraint(condition=models.Q(('commission_percent__gte', 0), ('commission_percent__lte', 100)), name='backoffice_settings_commission_0_100'), models.CheckConstraint(condition=models.Q(('shipping_days__gte', 1)), name='backoffice_settings_shipping_days_min')],
                    },
                ),
                migrations.CreateModel(
                    name='Role',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('name', models.CharField(max_length=150, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Stable identifier used by the code.', unique=True, verbose_name='code')),
                        ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                        ('group', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='role', to='auth.group', verbose_name='group')),
                        ('permissions', models.ManyToManyField(blank=True, related_name='roles', to='auth.permission', verbose_name='permissions')),
                    ],
                    options={
                        'verbose_name': 'role',
                        'verbose_name_plural': 'roles',
                        'db_table': 'backoffice_role',
                        'ordering': ['name'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
