"""Accent-blind Romanian full-text search on PostgreSQL ("rochie matase" finds "Rochie mătase").

Creates the unaccent and pg_trgm extensions and a text search configuration that unaccents
words before the Romanian stemmer. Nothing to do on SQLite, whose search is a plain fallback.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'romanian_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION romanian_unaccent (COPY = romanian);
        ALTER TEXT SEARCH CONFIGURATION romanian_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, romanian_stem;
    END IF;
END
$$;
"""
BACKWARD = "DROP TEXT SEARCH CONFIGURATION IF EXISTS romanian_unaccent;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forward, backward, elidable=False)]
