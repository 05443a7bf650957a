"""What an agent tells the social worker, and chat-channel secrets, are unreadable in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection

from hearth.care.models import SupportRequest
from hearth.care.services import support_request_create
from hearth.core.migration_ops import encrypt_column
from hearth.notices.models import WebhookChannel

SECRET_WORDS = "我最近每天晚上都睡不着，家里也有困难"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test names
        return str(cursor.fetchone()[0])


def test_a_support_request_message_is_ciphertext_in_the_database_and_plain_in_the_app(cast: Any) -> None:
    request = support_request_create(person=cast.alice, message=SECRET_WORDS)
    raw = _raw("care_supportrequest", "message", request.pk)
    assert raw.startswith("enc1:")
    assert "睡不着" not in raw and "家里" not in raw
    assert SupportRequest.objects.get(pk=request.pk).message == SECRET_WORDS
    # The social worker's request page shows it.
    page = cast.client_for("sam").get(f"/support/requests/{request.pk}/").content.decode()
    assert SECRET_WORDS in page


def test_a_signing_secret_is_ciphertext_in_the_database(cast: Any) -> None:
    channel = WebhookChannel.objects.create(
        centre=cast.centre, name="Night leads", platform="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=x",
        secret="SECabcdef0123456789", topics=["team_load"], created_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    raw = _raw("notices_webhookchannel", "secret", channel.pk)
    assert raw.startswith("enc1:") and "abcdef0123" not in raw
    assert WebhookChannel.objects.get(pk=channel.pk).secret == "SECabcdef0123456789"


def test_the_migration_encrypts_rows_stored_in_plain_text_and_can_run_twice(cast: Any) -> None:
    request = support_request_create(person=cast.alice, message="placeholder")
    with connection.cursor() as cursor:  # as a row written before the column was encrypted
        cursor.execute("UPDATE care_supportrequest SET message = %s WHERE id = %s", [SECRET_WORDS, request.pk])
    assert encrypt_column(connection, "care_supportrequest", "message") == 1
    first = _raw("care_supportrequest", "message", request.pk)
    assert encrypt_column(connection, "care_supportrequest", "message") == 0
    assert first.startswith("enc1:") and "睡不着" not in first
    assert _raw("care_supportrequest", "message", request.pk) == first  # a second run leaves tokens alone
    assert SupportRequest.objects.get(pk=request.pk).message == SECRET_WORDS
