"""EncryptedTextField: text stored encrypted (hearth.core.crypto) and read back as plain text.

Also the two batch jobs over every such field: re-encrypt under the newest key (`hearth keys
rotate`) and count values per key (`hearth keys check`). Both work on the stored tokens directly.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.core.exceptions import FieldError
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value
from django.db.models.lookups import Exact

from hearth.core.crypto import decrypt, encrypt, key_index, keys_configured, rotate


def _refused(field: models.Field[Any, Any], lookup: str) -> FieldError:
    where = f"{field.model._meta.label}.{field.name}" if hasattr(field, "model") else field.name
    return FieldError(
        f"{where} is encrypted: the database holds ciphertext, so `{lookup}` cannot be answered "
        "there. Only `isnull` and the empty string can be filtered on; read the rows and compare "
        "in Python."
    )


class _EmptyOnlyExact(Exact):
    """`field=""` (and `field=None`, which Django turns into isnull); any other value is refused."""

    def get_prep_lookup(self) -> Any:
        if not (self.rhs is None or (isinstance(self.rhs, str) and self.rhs == "")):
            raise _refused(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted at rest with the newest key in HEARTH_FIELD_KEYS; "" and NULL are stored as is."""

    description = "Text (encrypted at rest)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> str | None:
        # Plain text in, plain text out: tokens only exist between get_prep_value and the database.
        text: str | None = super().to_python(value)
        return text

    def get_prep_value(self, value: Any) -> str | None:
        text: str | None = super().get_prep_value(value)
        if text is None or text == "":  # an empty value stays empty: no token, no length to leak
            return text
        return encrypt(text)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise _refused(self, lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise _refused(self, lookup_name)


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dicts, lists, numbers) encrypted at rest as one token; read back as the value.

    The database cannot look inside it, so nothing filters on its keys: read the rows and look in Python.
    Rotation and the key check treat it as any encrypted text (the token is the same kind).
    """

    description = "JSON (encrypted at rest)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text is None or text == "" else json.loads(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, sort_keys=True)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


def encrypted_fields(registry: Apps | None = None) -> list[EncryptedTextField]:
    """Every EncryptedTextField of every model (default: the installed apps), once per table."""
    fields: list[EncryptedTextField] = []
    for model in (registry or django_apps).get_models():
        if model._meta.proxy:
            continue
        fields += [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
    return fields


def field_label(field: EncryptedTextField) -> str:
    """`app.model.field`, as the keys command prints it."""
    return f"{field.model._meta.label_lower}.{field.name}"


def _stored_tokens(field: EncryptedTextField) -> models.QuerySet[Any, Any]:
    """(pk, stored token) of every non-empty value: read as text, without decrypting."""
    token = ExpressionWrapper(F(field.attname), output_field=models.TextField())
    return (
        field.model._base_manager.exclude(**{f"{field.attname}__isnull": True})
        .exclude(**{field.attname: ""})
        .order_by("pk")
        .values_list("pk", token)
    )


@dataclass(frozen=True)
class KeyUsage:
    """Values of one field per configured key (0 = newest; every key listed) and those none opens."""

    label: str
    by_key: dict[int, int]
    unreadable: int

    @property
    def values(self) -> int:
        return sum(self.by_key.values()) + self.unreadable


@dataclass(frozen=True)
class Rotation:
    """What a rotation did to one field."""

    label: str
    rotated: int
    unreadable: int


def encrypted_values_check(*, field: EncryptedTextField) -> KeyUsage:
    """Count the values of `field` under each key and those no configured key opens."""
    counts: Counter[int | None] = Counter(
        key_index(token) for _, token in _stored_tokens(field).iterator(chunk_size=2000)
    )
    return KeyUsage(
        label=field_label(field),
        by_key={index: counts[index] for index in range(len(keys_configured()))},
        unreadable=counts[None],
    )


def encrypted_values_rotate(*, field: EncryptedTextField, batch_size: int = 500) -> Rotation:
    """Re-encrypt with the newest key every value of `field` under an older one.

    Batches of `batch_size` rows, each in its own transaction with its rows locked (PostgreSQL;
    SQLite locks the database), so a crash loses at most a batch and a re-run finishes the work.
    Values already under the newest key, and values no key opens, are left alone.
    """
    manager = field.model._base_manager
    rotated = unreadable = 0
    after: Any = None
    while True:
        with transaction.atomic():
            rows = _stored_tokens(field).select_for_update()
            if after is not None:
                rows = rows.filter(pk__gt=after)
            batch = list(rows[:batch_size])
            for pk, token in batch:
                index = key_index(token)
                if index is None:
                    unreadable += 1
                elif index > 0:
                    # Written as text: the new token must not go through get_prep_value again.
                    new = Value(rotate(token), output_field=models.TextField())
                    rotated += manager.filter(pk=pk).update(**{field.attname: new})
        if len(batch) < batch_size:
            return Rotation(label=field_label(field), rotated=rotated, unreadable=unreadable)
        after = batch[-1][0]
