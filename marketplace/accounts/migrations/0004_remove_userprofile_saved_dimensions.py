"""The saved sizes live in customers.SavedDimension now (moved by customers 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_add_profile_language'),
        ('customers', '0002_saved_dimensions_from_profiles'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='userprofile',
            name='saved_dimensions',
        ),
    ]
