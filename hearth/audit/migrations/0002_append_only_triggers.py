"""Database triggers that refuse UPDATE and DELETE on the audit trail, whatever the client."""

from django.db import migrations

from hearth.audit.migrations import _triggers


def forwards(apps, schema_editor):
    statements = _triggers.POSTGRES if schema_editor.connection.vendor == "postgresql" else _triggers.SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in _triggers.POSTGRES_REVERSE if postgres else _triggers.SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
