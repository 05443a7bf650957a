"""Run a practice conversation: the scripted customer moves through the scenario's nodes by how each
reply scores, and (only when a centre configures one) an OpenAI-compatible model words the
customer's next turn within the script's facts. The engine builds the request and reads the
response; the web app makes the HTTP call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from hearth.engine.sim.feedback_text import message
from hearth.engine.sim.scenario import Scenario
from hearth.engine.sim.scoring import Feedback, ReplyScore, score_reply

# The next node's mood leads; at the last turn there is no next node, so an escalating reply
# moves the mood one step up from where it was.
_ESCALATE = {"calm": "neutral", "neutral": "upset", "upset": "escalated", "escalated": "escalated"}


@dataclass(frozen=True)
class Turn:
    """One message of a practice conversation."""

    role: str  # "customer" | "agent"
    text: str
    node_id: str
    seconds: float | None = None


@dataclass(frozen=True)
class SimState:
    """Where a practice conversation stands: the customer's current turn, mood, history."""

    scenario_id: str
    node_id: str
    turn: int
    mood: str
    finished: bool
    history: tuple[Turn, ...]


class CustomerReplyError(ValueError):
    """A chat-completions response did not hold a customer message."""


def start(scenario: Scenario) -> SimState:
    """The state before the agent's first reply: the customer has sent the opening."""
    first = scenario.nodes[0]
    return SimState(
        scenario_id=scenario.id,
        node_id=first.id,
        turn=0,
        mood=first.mood,
        finished=False,
        history=(Turn("customer", first.text, first.id),),
    )


def step(
    scenario: Scenario, state: SimState, reply: str, seconds: float
) -> tuple[SimState, ReplyScore, str | None]:
    """Score the agent's reply, move the customer along the branch it earned, return their next message."""
    if state.finished:
        raise ValueError("the conversation has ended")
    if state.scenario_id != scenario.id:
        raise ValueError(f"state is for scenario '{state.scenario_id}', not '{scenario.id}'")
    score = score_reply(scenario, state.node_id, reply, seconds, lang=None)
    if _repeated(state, reply):
        score = _as_repeat(score, reply)
    node = scenario.node(state.node_id)
    agent_turn = Turn("agent", reply, node.id, seconds)
    if node.terminal:
        done = replace(
            state,
            turn=state.turn + 1,
            finished=True,
            mood=_ESCALATE[state.mood] if score.category == "escalate" else state.mood,
            history=(*state.history, agent_turn),
        )
        return done, score, None
    nxt = scenario.node(node.branches[score.category])
    moved = SimState(
        scenario_id=scenario.id,
        node_id=nxt.id,
        turn=state.turn + 1,
        mood=nxt.mood,
        finished=False,
        history=(*state.history, agent_turn, Turn("customer", nxt.text, nxt.id)),
    )
    return moved, score, nxt.text


def _normal(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _repeated(state: SimState, reply: str) -> bool:
    """The agent sent this reply before in the conversation: a copy-paste answer, like a template."""
    key = _normal(reply)
    return bool(key) and any(t.role == "agent" and _normal(t.text) == key for t in state.history)


def _as_repeat(score: ReplyScore, reply: str) -> ReplyScore:
    stop = Feedback("stop", "template", message("stop", "template"), (reply,))
    return replace(score, category="escalate", feedback=(stop, *score.feedback))


def customer_prompt(scenario: Scenario, state: SimState) -> list[dict[str, str]]:
    """Chat messages for /chat/completions: a model plays the customer, saying the current node's line."""
    zh = scenario.language == "zh-hans"
    node = scenario.node(state.node_id)
    facts = "\n".join(f"- {fact}" for fact in scenario.policy_facts)
    if zh:
        system = (
            f"你在客服培训中扮演一位顾客。平台：{scenario.platform}。\n"
            f"人物：{scenario.persona}\n你的目的：{scenario.goal}\n"
            f"平台规则（只能依据这些事实，不要编造新的订单信息、金额或规则）：\n{facts}\n"
            f"你现在的情绪：{_MOOD_ZH[state.mood]}。\n"
            "客服的消息是 user，你的消息是 assistant。用顾客的口吻写下一条消息，一到三句话，"
            "用简体中文（除非剧本的台词是其他语言），不要说自己是模型，不要替客服回答。\n"
            f"这一条消息要表达的意思（剧本台词）：{node.text}"
        )
    else:
        system = (
            f"You are playing a customer in a customer-service training exercise. Platform: {scenario.platform}.\n"
            f"Persona: {scenario.persona}\nYour goal: {scenario.goal}\n"
            "Platform facts (stay within them; never invent new order details, amounts or rules):\n"
            f"{facts}\nYour mood now: {state.mood}.\n"
            "The agent's messages are 'user', yours are 'assistant'. Write the customer's next message "
            "in one to three sentences, in the language of the script line, never mention being a model, "
            "never answer for the agent.\n"
            f"What this message must say (the script line): {node.text}"
        )
    messages = [{"role": "system", "content": system}]
    history = state.history
    # The last customer turn is the script line the model is asked to word; leave it out.
    if history and history[-1].role == "customer":
        history = history[:-1]
    for t in history:
        messages.append({"role": "assistant" if t.role == "customer" else "user", "content": t.text})
    if messages[-1]["role"] != "user":
        messages.append({"role": "user", "content": "（顾客发起会话）" if zh else "(The customer opens the chat.)"})
    return messages


def with_customer_text(state: SimState, text: str) -> SimState:
    """The state with the customer's last message reworded (the model's wording of the script line)."""
    if not state.history or state.history[-1].role != "customer":
        raise ValueError("the last message is not the customer's")
    last = state.history[-1]
    return replace(state, history=(*state.history[:-1], replace(last, text=text)))


_MOOD_ZH = {"calm": "平静", "neutral": "一般", "upset": "不满", "escalated": "非常生气"}


def parse_customer_reply(response_json: Mapping[str, Any]) -> str:
    """The customer's message from a /chat/completions response (CustomerReplyError if absent)."""
    try:
        content = response_json["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise CustomerReplyError("no choices[0].message.content in the response") from exc
    if not isinstance(content, str) or not content.strip():
        raise CustomerReplyError("choices[0].message.content is empty")
    return content.strip()
