# Preferences become kind × channel: the three push switches move into ``channels`` (only a switch
# turned off is kept, as a change from the defaults), then their columns go.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


SWITCHES = {"push_outbid": "outbid", "push_auction_won": "auction_won", "push_price_drop": "price_drop"}


def switches_to_channels(apps, schema_editor):
    Preference = apps.get_model("notifications", "NotificationPreference")
    for preference in Preference.objects.all().iterator():
        channels = {kind: {"push": False} for field, kind in SWITCHES.items() if not getattr(preference, field)}
        if channels:
            preference.channels = channels
            preference.save(update_fields=["channels"])


def channels_to_switches(apps, schema_editor):
    Preference = apps.get_model("notifications", "NotificationPreference")
    for preference in Preference.objects.all().iterator():
        for field, kind in SWITCHES.items():
            setattr(preference, field, (preference.channels or {}).get(kind, {}).get("push", True))
        preference.save()


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_add_sms_phone_and_messages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notificationpreference',
            name='channels',
            field=models.JSONField(blank=True, default=dict, verbose_name='channels'),
        ),
        migrations.RunPython(switches_to_channels, channels_to_switches),
        migrations.RemoveField(
            model_name='notificationpreference',
            name='push_auction_won',
        ),
        migrations.RemoveField(
            model_name='notificationpreference',
            name='push_outbid',
        ),
        migrations.RemoveField(
            model_name='notificationpreference',
            name='push_price_drop',
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('outbid', 'Outbid'), ('auction_won', 'Auction won'), ('price_drop', 'Price drop'), ('auction_closed', 'Auction ended'), ('order', 'Order'), ('shop_order', 'Shop order'), ('listing_reviewed', 'Listing reviewed'), ('shipment', 'Shipment'), ('return', 'Return'), ('wallet', 'Wallet and payouts'), ('message', 'Message'), ('ticket', 'Support ticket'), ('authenticity', 'Authenticity check'), ('auction_ending', 'Auction ending soon')], max_length=20, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='NotificationOnce',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=100, verbose_name='key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'notice sent once',
                'verbose_name_plural': 'notices sent once',
                'constraints': [models.UniqueConstraint(fields=('user', 'key'), name='notifications_once_per_user_key')],
            },
        ),
    ]
