"""On PostgreSQL the database itself refuses to update or delete ledger rows.

The models refuse too (``AppendOnlyModel``), but raw SQL, a shell or another program would not
ask them. TRUNCATE (a test database being emptied) is not a row operation and is not refused.
SQLite has no such trigger here: the model-level refusal and ``wallet_audit`` cover it.
"""

from django.db import migrations

TABLES = ("wallet_entry", "wallet_ledgertransaction")

FUNCTION = """
CREATE OR REPLACE FUNCTION wallet_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'wallet ledger rows are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION wallet_refuse_change();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS wallet_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("wallet", "0001_ledger_commission_payouts")]

    operations = [migrations.RunPython(forwards, backwards)]
