"""Chat-webhook requests match each platform's documented format; signatures are recomputed here from the docs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

from hearth.engine.chat_webhooks import (
    ChatMessage,
    build_request,
    dingtalk_request,
    feishu_request,
    read_response,
    retry_delay_seconds,
    slack_request,
    wecom_request,
)

MESSAGE = ChatMessage(title="Night: load is high", text="3 agents above their usual load.\nSee the team page.",
                      url="https://hearth.example/load/teams/7/", link_label="Open in Hearth")
SECRET = "SECd4c5b6a7e8f90123456789abcdef"
FIXED_SECONDS = 1_767_225_600.123  # 2026-01-01 00:00:00.123 UTC


def _body(request: Any) -> dict[str, Any]:
    return json.loads(request.body.decode("utf-8"))


def test_wecom_sends_a_markdown_message_with_title_text_and_link() -> None:
    request = wecom_request(webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", message=MESSAGE)
    body = _body(request)
    assert set(body) == {"msgtype", "markdown"} and body["msgtype"] == "markdown"
    content = body["markdown"]["content"]
    assert content.startswith("**Night: load is high**\n3 agents above their usual load.")
    assert content.endswith("[Open in Hearth](https://hearth.example/load/teams/7/)")
    assert request.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    assert request.headers["Content-Type"].startswith("application/json")


def test_wecom_content_is_cut_to_4096_utf8_bytes_at_a_character_boundary() -> None:
    long_chinese = ChatMessage(title="夜班", text="负荷很高。" * 2000, url="https://hearth.example/x", link_label="打开")
    content = _body(wecom_request(webhook_url="https://w", message=long_chinese))["markdown"]["content"]
    encoded = content.encode("utf-8")
    assert len(encoded) <= 4096
    assert encoded.decode("utf-8") == content  # whole characters only
    assert content.startswith("**夜班**\n") and content.endswith("…\n[打开](https://hearth.example/x)")


def test_dingtalk_without_a_secret_posts_markdown_to_the_address_as_given() -> None:
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    request = dingtalk_request(webhook_url=url, message=MESSAGE)
    body = _body(request)
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == "Night: load is high"
    assert "3 agents above their usual load." in body["markdown"]["text"]
    assert "[Open in Hearth](https://hearth.example/load/teams/7/)" in body["markdown"]["text"]
    assert request.url == url


def test_dingtalk_signs_with_timestamp_and_sign_query_parameters() -> None:
    url = "https://oapi.dingtalk.com/robot/send?access_token=abc"
    request = dingtalk_request(webhook_url=url, message=MESSAGE, secret=SECRET, clock=lambda: FIXED_SECONDS)
    # The documented algorithm: timestamp (ms) + "\n" + secret, HmacSHA256 keyed with the secret, Base64, urlEncode.
    timestamp = "1767225600123"
    expected = base64.b64encode(
        hmac.new(SECRET.encode("utf-8"), f"{timestamp}\n{SECRET}".encode(), digestmod=hashlib.sha256).digest()
    ).decode()
    parts = urlsplit(request.url)
    raw_query = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    assert raw_query["access_token"] == "abc" and raw_query["timestamp"] == timestamp
    assert unquote_plus(raw_query["sign"]) == expected
    assert "+" not in raw_query["sign"] and "/" not in raw_query["sign"] and "=" not in raw_query["sign"]
    assert parse_qs(parts.query)["sign"] == [expected]


def test_feishu_posts_rich_text_and_signs_in_the_body() -> None:
    request = feishu_request(webhook_url="https://open.feishu.cn/open-apis/bot/v2/hook/h", message=MESSAGE,
                             secret=SECRET, clock=lambda: FIXED_SECONDS)
    body = _body(request)
    # The documented algorithm: key = timestamp (s) + "\n" + secret, HmacSHA256 over an empty message, Base64.
    timestamp = "1767225600"
    expected = base64.b64encode(
        hmac.new(f"{timestamp}\n{SECRET}".encode(), b"", digestmod=hashlib.sha256).digest()
    ).decode()
    assert body["timestamp"] == timestamp and body["sign"] == expected
    assert body["msg_type"] == "post"
    post = body["content"]["post"]["zh_cn"]
    assert post["title"] == "Night: load is high"
    assert post["content"][0] == [{"tag": "text", "text": "3 agents above their usual load."}]
    assert post["content"][-1] == [{"tag": "a", "text": "Open in Hearth", "href": "https://hearth.example/load/teams/7/"}]
    assert request.url == "https://open.feishu.cn/open-apis/bot/v2/hook/h"


def test_feishu_without_a_secret_carries_no_signature() -> None:
    body = _body(feishu_request(webhook_url="https://f", message=MESSAGE))
    assert "sign" not in body and "timestamp" not in body


def test_slack_sends_fallback_text_and_a_mrkdwn_section_with_escaped_control_characters() -> None:
    message = ChatMessage(title="Q&A <team>", text="a > b", url="https://hearth.example/x?a=1&b=2", link_label="Open")
    body = _body(slack_request(webhook_url="https://hooks.slack.com/services/T/B/X", message=message))
    assert body["text"] == "Q&amp;A &lt;team&gt;\na &gt; b"
    assert body["blocks"] == [{"type": "section", "text": {
        "type": "mrkdwn", "text": "*Q&amp;A &lt;team&gt;*\na &gt; b\n<https://hearth.example/x?a=1&amp;b=2|Open>"}}]


def test_slack_section_text_stays_within_3000_characters() -> None:
    body = _body(slack_request(webhook_url="https://s", message=ChatMessage(title="T", text="x" * 5000, url="https://h/")))
    assert len(body["blocks"][0]["text"]["text"]) <= 3000


def test_build_request_picks_the_platform_and_refuses_an_unknown_one() -> None:
    assert _body(build_request("wecom", webhook_url="https://w", message=MESSAGE))["msgtype"] == "markdown"
    assert "blocks" in _body(build_request("slack", webhook_url="https://s", message=MESSAGE))
    with pytest.raises(ValueError, match="unknown chat platform"):
        build_request("telegram", webhook_url="https://t", message=MESSAGE)


@pytest.mark.parametrize(("platform", "status", "body", "ok", "error"), [
    ("wecom", 200, b'{"errcode":0,"errmsg":"ok"}', True, ""),
    ("wecom", 200, b'{"errcode":93000,"errmsg":"invalid webhook url"}', False, "errcode 93000: invalid webhook url"),
    ("dingtalk", 200, b'{"errcode":0,"errmsg":"ok"}', True, ""),
    ("dingtalk", 200, b'{"errcode":310000,"errmsg":"sign not match"}', False, "errcode 310000: sign not match"),
    ("feishu", 200, b'{"code":0,"data":{},"msg":"success"}', True, ""),
    ("feishu", 200, b'{"StatusCode":0,"StatusMessage":"success"}', True, ""),
    ("feishu", 200, b'{"code":19021,"msg":"sign match fail"}', False, "code 19021: sign match fail"),
    ("feishu", 400, b'{"code":9499,"msg":"Bad Request"}', False, "HTTP 400, code 9499: Bad Request"),
    ("slack", 200, b"ok", True, ""),
    ("slack", 400, b"invalid_payload", False, "HTTP 400: invalid_payload"),
    ("slack", 404, b"no_service", False, "HTTP 404: no_service"),
    ("wecom", 500, b"<html>oops</html>", False, "HTTP 500: <html>oops</html>"),
    ("dingtalk", 502, b"", False, "HTTP 502: no body"),
])
def test_read_response_tells_success_from_failure(
    platform: str, status: int, body: bytes, ok: bool, error: str
) -> None:
    got_ok, got_error = read_response(platform, status, body)
    assert got_ok is ok
    assert error in got_error if error else got_error == ""


def test_retries_back_off_1_5_25_125_minutes_then_stop() -> None:
    assert [retry_delay_seconds(n) for n in range(1, 6)] == [60, 300, 1500, 7500, None]
