"""The simulated customer's next message: from the script, or, when the centre configured an OpenAI-compatible
endpoint, from a language model playing the persona within the script's facts.

The model is never required: any error (refused connection, timeout, bad status, unreadable answer) falls back
to the script's message, and the reason is kept so the transcript can say so. Plain urllib, one POST, a timeout.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from hearth.engine.sim import customer_prompt, parse_customer_reply
from hearth.training.models import MessageSource, TrainingSettings

MAX_ANSWER_BYTES = 1_000_000


@dataclass(frozen=True)
class CustomerMessage:
    """The customer's next message, where it came from and, after a fallback, why."""

    text: str
    source: str
    note: str = ""


def endpoint_configured(settings: TrainingSettings | None) -> bool:
    """Whether the centre switched the model on and gave it a base URL and a model name."""
    return bool(settings and settings.endpoint_enabled and settings.base_url and settings.model_name)


def chat_completion(*, settings: TrainingSettings, messages: list[dict[str, Any]]) -> dict[str, Any]:
    """POST the messages to `<base URL>/chat/completions` and return the decoded JSON answer (raises on any error)."""
    body = json.dumps({"model": settings.model_name, "messages": messages, "temperature": 0.7}).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    url = settings.base_url.rstrip("/") + "/chat/completions"
    if not url.startswith(("http://", "https://")):
        raise ValueError("the base URL must start with http:// or https://")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 -- scheme checked
    with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:  # noqa: S310
        answer = json.loads(response.read(MAX_ANSWER_BYTES).decode("utf-8"))
    if not isinstance(answer, dict):
        raise ValueError("the answer is not a JSON object")
    return answer


def next_customer_message(*, settings: TrainingSettings | None, scenario: Any, state: Any,
                          scripted: str) -> CustomerMessage:
    """The model's message when an endpoint is configured and answers; otherwise the script's (`scripted`)."""
    if not endpoint_configured(settings):
        return CustomerMessage(scripted, MessageSource.SCRIPT)
    assert settings is not None
    try:
        answer = chat_completion(settings=settings, messages=customer_prompt(scenario, state))
        text = parse_customer_reply(answer).strip()
        if not text:
            raise ValueError("the model answered with an empty message")
    except (OSError, urllib.error.URLError, TimeoutError, ValueError, KeyError, TypeError, IndexError) as error:
        return CustomerMessage(scripted, MessageSource.FALLBACK, _describe(error))
    return CustomerMessage(text[:2000], MessageSource.MODEL)


def _describe(error: Exception) -> str:
    """A short, key-free description of why the model was not used."""
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)[:200]
    return f"{type(error).__name__}: {error}"[:200]
