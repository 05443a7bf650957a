"""Migration helpers shared by apps: encrypt values already stored in plain text.

When a column becomes an EncryptedTextField, rows written before are plain text. This operation
reads them with raw SQL (a historical model would try to decrypt them) and writes tokens back.
Values that already carry the token prefix are left alone, so the migration can run twice.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from hearth.core.crypto import PREFIX, encrypt


def encrypt_column(connection: Any, table: str, column: str) -> int:
    """Encrypt the plain-text values of one column in place; how many rows changed."""
    quoted_table, quoted = connection.ops.quote_name(table), connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quoted} FROM {quoted_table} WHERE {quoted} <> ''")  # noqa: S608 - quoted names
        rows = [(pk, value) for pk, value in cursor.fetchall() if value and not value.startswith(PREFIX)]
        for pk, value in rows:
            cursor.execute(f"UPDATE {quoted_table} SET {quoted} = %s WHERE id = %s", [encrypt(value), pk])  # noqa: S608
    return len(rows)


def encrypt_existing(app_label: str, model_name: str, column: str) -> migrations.RunPython:
    """A RunPython that encrypts the plain-text values of one column (reverse: leave them encrypted)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        encrypt_column(schema_editor.connection, apps.get_model(app_label, model_name)._meta.db_table, column)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)
