"""A local chat-platform stand-in: an HTTP server on 127.0.0.1 that checks each platform's request and answers like it.

Paths are /<platform>/<mode>: mode "ok" answers like the platform on success (after checking the shape and,
for /dingtalk/signed and /feishu/signed, the signature made with RECEIVER_SECRET), "error" answers the
platform's own error, "500" answers HTTP 500.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

RECEIVER_SECRET = "SECreceiver0123456789abcdef"


@dataclass
class Received:
    platform: str
    mode: str
    query: dict[str, list[str]]
    body: dict[str, Any]
    raw: bytes


@dataclass
class Receiver:
    base: str
    requests: list[Received] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _shape_error(platform: str, body: dict[str, Any]) -> str:
    """What is wrong with the request for `platform`, "" when it matches the documented format."""
    if platform == "wecom":
        content = body.get("markdown", {}).get("content")
        if body.get("msgtype") != "markdown" or not isinstance(content, str):
            return "missing markdown content"
        return "content exceeds 4096 bytes" if len(content.encode("utf-8")) > 4096 else ""
    if platform == "dingtalk":
        markdown = body.get("markdown", {})
        ok = body.get("msgtype") == "markdown" and isinstance(markdown.get("title"), str) and isinstance(markdown.get("text"), str)
        return "" if ok else "param error"
    if platform == "feishu":
        ok = body.get("msg_type") in ("text", "post", "interactive") and isinstance(body.get("content"), dict)
        return "" if ok else "params error"
    if platform == "slack":
        return "" if isinstance(body.get("text"), str) and body["text"] else "no_text"
    return "unknown platform"


def _signature_error(platform: str, mode: str, query: dict[str, list[str]], body: dict[str, Any]) -> str:
    if mode != "signed":
        return ""
    if platform == "dingtalk":
        timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
        digest = hmac.new(RECEIVER_SECRET.encode(), f"{timestamp}\n{RECEIVER_SECRET}".encode(), hashlib.sha256).digest()
        return "" if timestamp and sign == base64.b64encode(digest).decode() else "sign not match"
    if platform == "feishu":
        timestamp, sign = str(body.get("timestamp", "")), body.get("sign", "")
        digest = hmac.new(f"{timestamp}\n{RECEIVER_SECRET}".encode(), b"", hashlib.sha256).digest()
        return "" if timestamp and sign == base64.b64encode(digest).decode() else "sign match fail"
    return ""


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        platform, _sep, mode = parts.path.strip("/").partition("/")
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = {}
        query = parse_qs(parts.query)
        self.receiver.requests.append(Received(platform, mode, query, body, raw))
        if mode == "500":
            return self._answer(500, b"Internal Server Error", "text/plain")
        problem = _shape_error(platform, body) or _signature_error(platform, mode, query, body)
        if mode == "error" and not problem:
            problem = "rejected"
        if platform == "slack":
            return self._answer(400 if problem else 200, (problem or "ok").encode(), "text/plain")
        if platform == "feishu":
            answer = {"code": 19021, "msg": problem, "data": {}} if problem else {"code": 0, "msg": "success", "data": {}}
        else:  # WeCom and DingTalk
            answer = {"errcode": 310000 if problem else 0, "errmsg": problem or "ok"}
        self._answer(200, json.dumps(answer).encode(), "application/json")

    def _answer(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A chat-platform stand-in on a free port of 127.0.0.1, stopped after the test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    state = Receiver(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = type("Handler", (_Handler,), {"receiver": state})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def dead_url() -> str:
    """An address on 127.0.0.1 where nothing listens (a port just freed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/wecom/ok"
