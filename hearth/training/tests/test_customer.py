"""The customer's next message from a centre's OpenAI-compatible endpoint, and the fallback to the script.

A tiny HTTP server on 127.0.0.1 stands in for the endpoint; no test touches the network.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse

from hearth.training import services
from hearth.training.models import SimTurn, TrainingSettings
from hearth.training.tests.fixtures import english
from hearth.training.tests.test_services import GOOD_REPLY


class Endpoint:
    """A local /chat/completions: answers with `content`, or `status`, or sleeps `delay` seconds first."""

    def __init__(self) -> None:
        self.content, self.status, self.delay = "Fine, but I want it sorted today.", 200, 0.0
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 -- the stdlib's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                endpoint.requests.append((self.path, dict(self.headers), body))
                time.sleep(endpoint.delay)
                answer = json.dumps({"choices": [{"message": {"role": "assistant", "content": endpoint.content}}]})
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint(cast: Any) -> Iterator[Endpoint]:
    server = Endpoint()
    TrainingSettings.objects.create(centre=cast.centre, endpoint_enabled=True, base_url=server.url,
                                    model_name="tiny-customer", api_key="sk-local-test", timeout_seconds=1.0)
    yield server
    server.close()


def reply_once(cast: Any) -> SimTurn:
    simulation = services.simulation_start(person=cast.alice, record=english(cast))
    services.simulation_reply(simulation=simulation, by=cast.alice, reply=GOOD_REPLY["en"])
    return SimTurn.objects.get(simulation=simulation, index=1)


def test_the_model_words_the_customers_next_message(cast: Any, endpoint: Endpoint) -> None:
    turn = reply_once(cast)
    assert (turn.source, turn.customer_message) == ("model", "Fine, but I want it sorted today.")
    path, headers, body = endpoint.requests[0]
    assert path == "/v1/chat/completions" and headers["Authorization"] == "Bearer sk-local-test"
    assert body["model"] == "tiny-customer" and body["messages"][0]["role"] == "system"


def test_an_error_from_the_model_falls_back_to_the_script_and_says_so(cast: Any, endpoint: Endpoint) -> None:
    endpoint.status = 500
    turn = reply_once(cast)
    scripted = {n["id"]: n["text"] for n in english(cast).data["nodes"]}
    assert turn.source == "fallback" and turn.source_note == "HTTP 500"
    assert turn.customer_message in scripted.values()
    page = cast.client_for("alice").get(reverse("training:simulation", args=[turn.simulation_id])).content.decode()
    assert "The language model did not answer (HTTP 500); this is the script" in page


def test_a_slow_model_times_out_and_the_script_answers(cast: Any, endpoint: Endpoint) -> None:
    endpoint.delay = 1.5
    started = time.monotonic()
    turn = reply_once(cast)
    assert turn.source == "fallback" and "timed out" in turn.source_note
    assert time.monotonic() - started < 10


def test_an_empty_answer_falls_back(cast: Any, endpoint: Endpoint) -> None:
    endpoint.content = "   "
    assert reply_once(cast).source == "fallback"


def test_an_unreachable_endpoint_falls_back(cast: Any, endpoint: Endpoint) -> None:
    endpoint.close()
    assert reply_once(cast).source == "fallback"


def test_without_an_endpoint_the_script_answers_and_nothing_is_called(cast: Any) -> None:
    server = Endpoint()
    try:
        TrainingSettings.objects.create(centre=cast.centre, endpoint_enabled=False, base_url=server.url,
                                        model_name="tiny-customer")
        assert reply_once(cast).source == "script"
        assert server.requests == []
    finally:
        server.close()


def test_the_admin_sets_the_endpoint_and_the_key_stays_hidden(cast: Any) -> None:
    client = cast.client_for("ada")
    client.post(reverse("training:settings"), {"endpoint_enabled": "on", "base_url": "http://127.0.0.1:9/v1",
                                               "model_name": "m", "timeout_seconds": "5", "api_key": "sk-secret"})
    settings = TrainingSettings.objects.get(centre=cast.centre)
    assert settings.endpoint_enabled and settings.api_key == "sk-secret"
    page = client.get(reverse("training:settings")).content.decode()
    assert "sk-secret" not in page and "A key is stored." in page
    client.post(reverse("training:settings"), {"base_url": "", "model_name": "", "timeout_seconds": "5"})
    settings.refresh_from_db()
    assert not settings.endpoint_enabled and settings.api_key == "sk-secret"
