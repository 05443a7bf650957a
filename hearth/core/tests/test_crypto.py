"""Encryption at rest: hearth.core.crypto, EncryptedTextField, `hearth keys`, and where keys come from."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.db import connection, models
from django.db.migrations.writer import MigrationWriter
from django.test.utils import isolate_apps

from hearth.cli import main
from hearth.core import crypto
from hearth.core.crypto import FieldKeyError
from hearth.core.fields import EncryptedTextField, encrypted_fields

KEY_A, KEY_B, KEY_LOST = (Fernet.generate_key().decode() for _ in range(3))
NOTE = "Alice said she cries before every night shift; 她说每次夜班前都会哭。"

# A throwaway model in its own app registry: no migration, and invisible to encrypted_fields() and
# makemigrations. Its table is created for this module only (the `note_table` fixture).
with isolate_apps("hearth.core"):

    class CaseNote(models.Model):
        body = EncryptedTextField(blank=True, null=True)

        class Meta:
            app_label = "core"
            db_table = "core_crypto_test_note"

        def __str__(self) -> str:
            return f"note {self.pk}"


BODY = cast(EncryptedTextField, CaseNote._meta.get_field("body"))
LABEL = "core.casenote.body"


@pytest.fixture(scope="module")
def note_table(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    # Outside the per-test transaction: SQLite's schema editor refuses to run inside one.
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(CaseNote)
    yield
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(CaseNote)


@pytest.fixture
def notes(note_table: None, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The note table, key A alone, English messages, and `hearth keys` seeing the test field."""
    settings.HEARTH_FIELD_KEYS = [KEY_A]
    monkeypatch.setenv("HEARTH_LANG", "en")
    monkeypatch.setattr("hearth.core.fields.encrypted_fields", lambda registry=None: [BODY])


def stored(pk: int) -> str | None:
    """The column as the database holds it, read with plain SQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM core_crypto_test_note WHERE id = %s", [pk])
        value: str | None = cursor.fetchone()[0]
        return value


# ------------------------------------------------------------------------------------ the field


def test_a_note_reads_back_as_written(notes: None) -> None:
    note = CaseNote.objects.create(body=NOTE)
    assert CaseNote.objects.get(pk=note.pk).body == NOTE
    assert list(CaseNote.objects.values_list("body", flat=True)) == [NOTE]
    CaseNote.objects.filter(pk=note.pk).update(body="updated in bulk")
    assert CaseNote.objects.get(pk=note.pk).body == "updated in bulk"
    assert "updated" not in (stored(note.pk) or "")


def test_the_database_holds_neither_the_text_nor_any_word_of_it(notes: None) -> None:
    note = CaseNote.objects.create(body=NOTE)
    raw = stored(note.pk)
    assert raw is not None and raw.startswith("enc1:")
    assert raw.isascii()  # so not a character of the Chinese half either
    ciphertext = base64.urlsafe_b64decode(raw.removeprefix("enc1:"))
    # Words of five letters or more: a shorter one could turn up in base64 by chance.
    words = [w.strip(";,.") for w in NOTE.split() if len(w.strip(";,.")) >= 5]
    assert {"Alice", "cries", "night", "shift"} <= set(words)
    for word in [*words, NOTE]:
        assert word not in raw
        assert word.encode() not in ciphertext
    assert "夜班".encode() not in ciphertext


def test_the_same_text_is_encrypted_differently_each_time(notes: None) -> None:
    first, second = CaseNote.objects.create(body=NOTE), CaseNote.objects.create(body=NOTE)
    assert stored(first.pk) != stored(second.pk)
    assert crypto.encrypt(NOTE) != crypto.encrypt(NOTE)


def test_an_empty_note_stays_empty_and_null_stays_null(notes: None) -> None:
    empty, null = CaseNote.objects.create(body=""), CaseNote.objects.create(body=None)
    assert stored(empty.pk) == ""
    assert stored(null.pk) is None
    assert CaseNote.objects.get(pk=empty.pk).body == ""
    assert CaseNote.objects.get(pk=null.pk).body is None


def test_only_isnull_and_empty_lookups_work(notes: None) -> None:
    note = CaseNote.objects.create(body=NOTE)
    empty = CaseNote.objects.create(body="")
    null = CaseNote.objects.create(body=None)
    assert list(CaseNote.objects.filter(body="")) == [empty]
    assert list(CaseNote.objects.filter(body=None)) == [null]
    assert list(CaseNote.objects.filter(body__isnull=True)) == [null]
    assert set(CaseNote.objects.exclude(body="").exclude(body__isnull=True)) == {note}


@pytest.mark.parametrize(
    "lookup",
    [
        {"body": NOTE},
        {"body__exact": "cries"},
        {"body__iexact": NOTE},
        {"body__icontains": "cries"},
        {"body__startswith": "Alice"},
        {"body__in": [NOTE]},
        {"body__gt": ""},
        {"body__lower": "alice"},
        {"body__lower__contains": "alice"},
    ],
    ids=lambda lookup: next(iter(lookup)),
)
def test_lookups_on_the_ciphertext_are_refused(notes: None, lookup: dict[str, Any]) -> None:
    with pytest.raises(FieldError, match="is encrypted: the database holds ciphertext"):
        list(CaseNote.objects.filter(**lookup))


def test_migrations_can_serialise_the_field() -> None:
    name, path, args, kwargs = BODY.deconstruct()
    assert (name, path, args, kwargs) == (
        "body", "hearth.core.fields.EncryptedTextField", [], {"blank": True, "null": True}
    )
    code, imports = MigrationWriter.serialize(BODY)
    assert code == "hearth.core.fields.EncryptedTextField(blank=True, null=True)"
    assert imports == {"import hearth.core.fields"}


def test_encrypted_fields_lists_every_field_of_the_class() -> None:
    assert encrypted_fields(CaseNote._meta.apps) == [BODY]
    # The installed apps have none yet, and the throwaway model is not among them.
    assert all(f.model is not CaseNote for f in encrypted_fields())


# ------------------------------------------------------------------------------------- crypto


def test_a_token_no_configured_key_opens_is_a_clear_error(notes: None, settings: Any) -> None:
    token = crypto.encrypt(NOTE)
    settings.HEARTH_FIELD_KEYS = [KEY_B]  # the keys are read on each call: no stale cache
    for call in (crypto.decrypt, crypto.needs_rotation, crypto.rotate):
        with pytest.raises(FieldKeyError, match="HEARTH_FIELD_KEYS"):
            call(token)
    assert crypto.key_index(token) is None
    with pytest.raises(FieldKeyError, match="not an encrypted value"):
        crypto.decrypt("plain text")


def test_reading_a_note_without_its_key_names_the_variable(notes: None, settings: Any) -> None:
    note = CaseNote.objects.create(body=NOTE)
    settings.HEARTH_FIELD_KEYS = [KEY_B]
    with pytest.raises(FieldKeyError, match="HEARTH_FIELD_KEYS"):
        CaseNote.objects.get(pk=note.pk)


def test_keys_new_prints_a_fresh_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "new"]) == 0
    assert main(["keys", "new"]) == 0
    first, second = capsys.readouterr().out.split()
    assert first != second
    Fernet(first)  # a valid key


# ----------------------------------------------------------------------------------- rotation


def test_rotation_moves_every_value_to_the_newest_key(
    notes: None, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = [f"{NOTE} ({n})" for n in range(5)]
    pks = [CaseNote.objects.create(body=text).pk for text in texts]
    empty = CaseNote.objects.create(body="").pk
    under_a = {pk: stored(pk) for pk in pks}

    settings.HEARTH_FIELD_KEYS = [KEY_B, KEY_A]  # a new key first, the old one still there
    assert [CaseNote.objects.get(pk=pk).body for pk in pks] == texts
    assert all(crypto.needs_rotation(token) for token in under_a.values() if token)
    assert main(["keys", "check"]) == 0
    out = capsys.readouterr().out
    assert f"{LABEL}: 5 value(s); key 1 (newest): 0, key 2: 5, cannot be decrypted: 0" in out
    assert "5 value(s) are under an older key" in out

    assert main(["keys", "rotate", "--batch", "2"]) == 0  # three batches
    out = capsys.readouterr().out
    assert f"{LABEL}: 5 re-encrypted with the newest key" in out
    under_b = {pk: stored(pk) for pk in pks}
    for pk in pks:
        token = under_b[pk]
        assert token is not None and token != under_a[pk]
        assert not crypto.needs_rotation(token)
        assert crypto.key_index(token) == 0
    assert stored(empty) == ""

    assert main(["keys", "rotate"]) == 0  # idempotent: nothing left to do
    out = capsys.readouterr().out
    assert f"{LABEL}: 0 re-encrypted with the newest key" in out
    assert "Re-encrypted 0 value(s)." in out
    assert {pk: stored(pk) for pk in pks} == under_b

    settings.HEARTH_FIELD_KEYS = [KEY_B]  # the old key removed
    assert [CaseNote.objects.get(pk=pk).body for pk in pks] == texts
    assert main(["keys", "check"]) == 0
    assert f"{LABEL}: 5 value(s); key 1 (newest): 5, cannot be decrypted: 0" in capsys.readouterr().out


def test_values_under_an_unknown_key_fail_the_check(
    notes: None, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    CaseNote.objects.create(body=NOTE)
    settings.HEARTH_FIELD_KEYS = [KEY_LOST]
    lost = [CaseNote.objects.create(body=f"{NOTE} {n}").pk for n in range(2)]
    settings.HEARTH_FIELD_KEYS = [KEY_B, KEY_A]

    assert main(["keys", "check"]) == 1
    captured = capsys.readouterr()
    assert f"{LABEL}: 3 value(s); key 1 (newest): 0, key 2: 1, cannot be decrypted: 2" in captured.out
    assert "2 value(s) cannot be decrypted with any key in HEARTH_FIELD_KEYS" in captured.err

    before = {pk: stored(pk) for pk in lost}
    assert main(["keys", "rotate"]) == 1  # rotates what it can, leaves the rest, says so
    captured = capsys.readouterr()
    assert f"{LABEL}: 1 re-encrypted with the newest key" in captured.out
    assert "2 value(s) cannot be decrypted" in captured.err
    assert {pk: stored(pk) for pk in lost} == before


def test_with_no_encrypted_fields_the_commands_say_so(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")
    monkeypatch.setattr("hearth.core.fields.encrypted_fields", lambda registry=None: [])
    assert main(["keys", "rotate"]) == 0
    assert main(["keys", "check"]) == 0
    assert capsys.readouterr().out.count("No encrypted fields.") == 2


# ------------------------------------------------------------------------------ where keys come from


def _settings_in_a_process(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh process, outside pytest, with only `env` about keys and mode."""
    clean = {
        k: v for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DEBUG", "HEARTH_DEMO", "HEARTH_FIELD_KEYS", "DATABASE_URL"}
    }
    code = "import hearth.config.settings as s; print(len(s.HEARTH_FIELD_KEYS))"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env={**clean, "HEARTH_VAR_DIR": str(tmp_path), **env},
        capture_output=True, text=True, check=False, timeout=60,
    )


def test_a_server_without_keys_refuses_to_start(tmp_path: Path) -> None:
    result = _settings_in_a_process(tmp_path)
    assert result.returncode != 0
    assert "HEARTH_FIELD_KEYS is not set" in result.stderr
    assert not (tmp_path / "field_keys").exists()


def test_keys_come_from_the_environment_newest_first(tmp_path: Path) -> None:
    result = _settings_in_a_process(tmp_path, HEARTH_FIELD_KEYS=f"{KEY_B}, {KEY_A}")
    assert (result.returncode, result.stdout.strip()) == (0, "2")
    bad = _settings_in_a_process(tmp_path, HEARTH_FIELD_KEYS=f"{KEY_B},not-a-key")
    assert bad.returncode != 0
    assert "HEARTH_FIELD_KEYS: key 2 is not a Fernet key" in bad.stderr


@pytest.mark.parametrize("mode", [{"HEARTH_DEMO": "1"}, {"DEBUG": "1"}])
def test_the_demo_and_development_generate_a_private_key_once(
    tmp_path: Path, mode: dict[str, str]
) -> None:
    assert _settings_in_a_process(tmp_path, **mode).returncode == 0
    path = tmp_path / "field_keys"
    key = path.read_text()
    Fernet(key)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _settings_in_a_process(tmp_path, **mode).returncode == 0
    assert path.read_text() == key
