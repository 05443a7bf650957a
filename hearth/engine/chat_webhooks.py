"""Chat-webhook requests for group robots (WeCom, DingTalk, Feishu/Lark, Slack) and reading their answers.

Plain Python, no Django, no network: each builder turns a message into the exact HTTP request the platform
documents, and `read_response` turns the platform's answer into (ok, error). Sending is the caller's job.

The formats, as each platform's own documentation gives them:

* WeCom (企业微信) group robot, "群机器人配置说明": https://developer.work.weixin.qq.com/document/path/91770
  POST JSON {"msgtype": "markdown", "markdown": {"content": ...}}; content at most 4096 bytes of UTF-8.
  Answer {"errcode": 0, "errmsg": "ok"}; any other errcode is a failure.
* DingTalk (钉钉) custom robot, message types: https://open.dingtalk.com/document/robots/custom-robot-access
  and signing ("加签"): https://open.dingtalk.com/document/robots/customize-robot-security-settings
  POST JSON {"msgtype": "markdown", "markdown": {"title": ..., "text": ...}}. With a secret:
  string_to_sign = timestamp_ms + "\\n" + secret; sign = urlEncode(base64(HmacSHA256(key=secret,
  msg=string_to_sign))); appended to the webhook URL as &timestamp=...&sign=... Answer errcode 0 = success.
* Feishu/Lark custom bot, "自定义机器人使用指南": https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
  POST JSON {"msg_type": "post", "content": {"post": {"zh_cn": {"title": ..., "content": [[...]]}}}}.
  With a secret the body also carries "timestamp" (seconds, a string) and "sign" =
  base64(HmacSHA256(key=timestamp + "\\n" + secret, msg=b"")). Answer {"code": 0, ...} (older bots:
  {"StatusCode": 0, ...}) = success; e.g. code 19021 is a bad signature.
* Slack incoming webhook: https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks
  POST JSON {"text": fallback, "blocks": [...]}; answer HTTP 200 with body "ok" = success, otherwise HTTP
  400/403/404/410/500 with an error string such as "invalid_payload". mrkdwn control characters &, <, >
  are escaped as HTML entities (https://docs.slack.dev/messaging/formatting-message-text); a section
  block's text is at most 3000 characters.

The signing clock is an argument (`clock`, seconds since the epoch) so the same input gives the same request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

PLATFORMS = ("wecom", "dingtalk", "feishu", "slack")

# After a failed attempt n (1-based), wait BACKOFF_BASE_SECONDS * BACKOFF_FACTOR**(n-1): 1, 5, 25, 125 min.
MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 60
BACKOFF_FACTOR = 5

WECOM_CONTENT_MAX_BYTES = 4096
# DingTalk and Feishu document no per-field limit this small (Feishu: 20 KB a request); alerts stay short.
DINGTALK_TEXT_MAX_BYTES = 4096
FEISHU_TEXT_MAX_BYTES = 4096
SLACK_SECTION_MAX_CHARS = 3000
SLACK_FALLBACK_MAX_CHARS = 4000
ERROR_MAX_CHARS = 300
ELLIPSIS = "…"

JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class ChatMessage:
    """What to say: a title, a few lines of text and an optional link (with its label)."""

    title: str
    text: str
    url: str = ""
    link_label: str = ""


@dataclass(frozen=True)
class WebhookRequest:
    """One HTTP POST, ready to send: where, with which headers, which body."""

    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON_HEADERS))


def build_request(
    platform: str, *, webhook_url: str, message: ChatMessage, secret: str = "",
    clock: Callable[[], float] = time.time,
) -> WebhookRequest:
    """The request `platform` documents for `message`; `secret` signs DingTalk and Feishu requests."""
    if platform == "wecom":
        return wecom_request(webhook_url=webhook_url, message=message)
    if platform == "dingtalk":
        return dingtalk_request(webhook_url=webhook_url, message=message, secret=secret, clock=clock)
    if platform == "feishu":
        return feishu_request(webhook_url=webhook_url, message=message, secret=secret, clock=clock)
    if platform == "slack":
        return slack_request(webhook_url=webhook_url, message=message)
    raise ValueError(f"unknown chat platform {platform!r}")


def wecom_request(*, webhook_url: str, message: ChatMessage) -> WebhookRequest:
    """WeCom group robot: a markdown message, content cut to 4096 UTF-8 bytes without splitting a character."""
    head = f"**{message.title}**\n"
    tail = f"\n[{message.link_label or message.url}]({message.url})" if message.url else ""
    content = _fit_utf8(head, message.text, tail, WECOM_CONTENT_MAX_BYTES)
    return WebhookRequest(webhook_url, _json({"msgtype": "markdown", "markdown": {"content": content}}))


def dingtalk_request(
    *, webhook_url: str, message: ChatMessage, secret: str = "", clock: Callable[[], float] = time.time,
) -> WebhookRequest:
    """DingTalk custom robot: a markdown message; with a secret, timestamp and sign in the query string."""
    head = f"#### {message.title}\n\n"
    tail = f"\n\n[{message.link_label or message.url}]({message.url})" if message.url else ""
    text = _fit_utf8(head, message.text.replace("\n", "\n\n"), tail, DINGTALK_TEXT_MAX_BYTES)
    body = _json({"msgtype": "markdown", "markdown": {"title": message.title, "text": text}})
    url = webhook_url
    if secret:
        timestamp = str(round(clock() * 1000))
        separator = "&" if "?" in url else "?"
        url = f"{url}{separator}timestamp={timestamp}&sign={quote_plus(dingtalk_sign(secret, timestamp))}"
    return WebhookRequest(url, body)


def dingtalk_sign(secret: str, timestamp_ms: str) -> str:
    """base64(HmacSHA256(key=secret, msg=timestamp + "\\n" + secret)), before URL-encoding."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_request(
    *, webhook_url: str, message: ChatMessage, secret: str = "", clock: Callable[[], float] = time.time,
) -> WebhookRequest:
    """Feishu/Lark custom bot: a rich-text post (title, lines, link); with a secret, timestamp and sign in the body."""
    text = _fit_utf8("", message.text, "", FEISHU_TEXT_MAX_BYTES)
    lines: list[list[dict[str, str]]] = [[{"tag": "text", "text": line}] for line in text.split("\n")]
    if message.url:
        lines.append([{"tag": "a", "text": message.link_label or message.url, "href": message.url}])
    payload: dict[str, Any] = {}
    if secret:
        timestamp = str(int(clock()))
        payload = {"timestamp": timestamp, "sign": feishu_sign(secret, timestamp)}
    payload |= {"msg_type": "post", "content": {"post": {"zh_cn": {"title": message.title, "content": lines}}}}
    return WebhookRequest(webhook_url, _json(payload))


def feishu_sign(secret: str, timestamp_s: str) -> str:
    """base64(HmacSHA256(key=timestamp + "\\n" + secret, msg=empty)): Feishu keys the HMAC with the string."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def slack_request(*, webhook_url: str, message: ChatMessage) -> WebhookRequest:
    """Slack incoming webhook: a mrkdwn section (title, text, link) and a plain fallback `text`."""
    link = f"\n<{_slack_escape(message.url)}|{_slack_escape(message.link_label or message.url)}>" if message.url else ""
    head = f"*{_slack_escape(message.title)}*\n"
    room = SLACK_SECTION_MAX_CHARS - len(head) - len(link)
    section = head + _cut_chars(_slack_escape(message.text), room) + link
    fallback = _cut_chars(_slack_escape(f"{message.title}\n{message.text}"), SLACK_FALLBACK_MAX_CHARS)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": section}}]
    return WebhookRequest(webhook_url, _json({"text": fallback, "blocks": blocks}))


def read_response(platform: str, status: int, body: bytes) -> tuple[bool, str]:
    """(ok, error) from the platform's answer; error is "" when ok, else short and free of secrets."""
    text = body.decode("utf-8", "replace").strip()
    if platform == "slack":
        if status == 200 and text == "ok":
            return True, ""
        return False, _short(f"HTTP {status}: {text or 'no body'}")
    if platform not in PLATFORMS:
        raise ValueError(f"unknown chat platform {platform!r}")
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return False, _short(f"HTTP {status}: {text or 'no body'}")
    if platform == "feishu":
        code_key, message_key = ("code", "msg") if "code" in data else ("StatusCode", "StatusMessage")
    else:
        code_key, message_key = "errcode", "errmsg"
    code = data.get(code_key)
    if 200 <= status < 300 and code == 0:
        return True, ""
    if code is None:
        return False, _short(f"HTTP {status}: {text}")
    return False, _short(f"HTTP {status}, {code_key} {code}: {data.get(message_key, '')}")


def retry_delay_seconds(attempts: int) -> int | None:
    """Seconds to wait after `attempts` failed attempts, or None when there are no attempts left."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return int(BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** max(attempts - 1, 0))


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _fit_utf8(head: str, text: str, tail: str, max_bytes: int) -> str:
    """head + text + tail within max_bytes of UTF-8, cutting text (never head or tail) at a character boundary."""
    whole = head + text + tail
    if len(whole.encode("utf-8")) <= max_bytes:
        return whole
    room = max_bytes - len((head + tail + ELLIPSIS).encode("utf-8"))
    if room <= 0:
        return _cut_bytes(whole, max_bytes)
    return head + _cut_bytes(text, room) + ELLIPSIS + tail


def _cut_bytes(text: str, max_bytes: int) -> str:
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")


def _cut_chars(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text[: max(max_chars - 1, 0)]
    if "&" in cut[-5:]:  # never leave half an entity such as "&am"
        cut = cut[: cut.rfind("&")]
    return cut + ELLIPSIS


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short(error: str) -> str:
    return error if len(error) <= ERROR_MAX_CHARS else error[: ERROR_MAX_CHARS - 1] + ELLIPSIS
