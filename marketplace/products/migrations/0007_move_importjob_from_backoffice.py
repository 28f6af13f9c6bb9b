"""The spreadsheet import job moves from ``backoffice`` to ``products``, keeping its table."""

import django.db.models.deletion
import marketplace.products.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('backoffice', '0005_move_models_out_of_backoffice'),
        ('products', '0006_add_sqlite_search_index'),
        ('vendors', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist (created by backoffice's migrations): only Django's picture moves.
            state_operations=[
                migrations.CreateModel(
                    name='ImportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('for_staff', models.BooleanField(default=False, verbose_name='staff import')),
                        ('source', models.FileField(upload_to=marketplace.products.models.import_file_path, verbose_name='spreadsheet')),
                        ('photos', models.FileField(blank=True, upload_to=marketplace.products.models.import_file_path, verbose_name='photo archive')),
                        ('status', models.CharField(choices=[('queued', 'Waiting to be checked'), ('checking', 'Checking'), ('invalid', 'Has errors'), ('ready', 'Checked, waiting for confirmation'), ('confirmed', 'Waiting to be imported'), ('importing', 'Importing'), ('done', 'Imported'), ('failed', 'Failed')], db_index=True, default='queued', max_length=10, verbose_name='status')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='rows')),
                        ('done', models.PositiveIntegerField(default=0, verbose_name='rows done')),
                        ('error_count', models.PositiveIntegerField(default=0, verbose_name='errors')),
                        ('errors', models.JSONField(blank=True, default=list, verbose_name='row errors')),
                        ('photo_errors', models.JSONField(blank=True, default=list, verbose_name='photo problems')),
                        ('preview', models.JSONField(blank=True, default=list, verbose_name='preview')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='listings created')),
                        ('photos_added', models.PositiveIntegerField(default=0, verbose_name='photos added')),
                        ('task_id', models.CharField(blank=True, max_length=64, verbose_name='job id')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                        ('vendor', models.ForeignKey(blank=True, help_text="A vendor's own shop; for staff, the shop of rows without a vendor column.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='import_jobs', to='vendors.vendorprofile', verbose_name='shop')),
                    ],
                    options={
                        'verbose_name': 'import',
                        'verbose_name_plural': 'imports',
                        'db_table': 'backoffice_importjob',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('done__lte', models.F('total'))), name='backoffice_import_done_le_total'), models.CheckConstraint(condition=models.Q(('for_staff', True), ('vendor__isnull', False), _connector='OR'), name='backoffice_import_vendor_has_shop')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
