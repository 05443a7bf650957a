"""The scenario editor's fields ↔ the engine's scenario dict, and the small forms of the training pages.

The editor posts plain fields (one per scenario field, one group per node); `scenario_from_post` turns them
into the engine's dict without judging them: `load_scenario` is the only validator, and its error names the
field path (`nodes[0].text`), which `field_for_path` maps back to the input to mark.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hearth.engine.sim.scenario import CATEGORIES, DIMENSIONS, LANGUAGES, LEVELS, MOODS
from hearth.training.models import Level, TrainingSettings

MAX_NODES = 30
MOOD_LABELS = {"calm": _("Calm"), "neutral": _("Neutral"), "upset": _("Upset"), "escalated": _("Escalated")}


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _number(value: str) -> Any:
    text = value.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return text  # the engine names the field: "must be a number"
    return int(number) if number.is_integer() else number


def scenario_from_post(post: QueryDict, base: dict[str, Any]) -> dict[str, Any]:
    """The scenario dict the editor's fields describe (id and version come from `base`)."""
    data: dict[str, Any] = {"id": base.get("id", ""), "version": base.get("version", 1)}
    for name in ("title", "platform", "persona", "goal"):
        data[name] = post.get(name, "").strip()
    data["language"] = post.get("language", "")
    data["level"] = post.get("level", "")
    data["tags"] = [t.strip() for t in re.split(r"[,，]", post.get("tags", "")) if t.strip()]
    data["policy_facts"] = _lines(post.get("policy_facts", ""))
    nodes, replies = [], {}
    count = int(post["node_count"]) if post.get("node_count", "").isdigit() else 0
    for i in range(min(count, MAX_NODES)):
        prefix = f"node-{i}-"
        node_id, text = post.get(prefix + "id", "").strip(), post.get(prefix + "text", "").strip()
        if not node_id and not text and i > 0:
            continue  # the empty "add a turn" group
        branches = {cat: post.get(prefix + cat, "").strip() for cat in CATEGORIES}
        nodes.append({
            "id": node_id, "text": text, "mood": post.get(prefix + "mood", "neutral"),
            "apology_due": post.get(prefix + "apology_due") == "on",
            "solution_terms": [t.strip() for t in re.split(r"[,，]", post.get(prefix + "solution_terms", "")) if t.strip()],
            "branches": {} if not any(branches.values()) else branches,
        })
        node_replies = _lines(post.get(prefix + "replies", ""))
        if node_replies and node_id:
            replies[node_id] = node_replies
    data["nodes"] = nodes
    data["model_replies"] = replies
    weights = {}
    for dimension in DIMENSIONS:
        raw = post.get(f"weight-{dimension}", "").strip()
        if raw and raw not in ("0", "0.0"):
            weights[dimension] = _number(raw)
    data["rubric"] = {
        "weights": weights,
        "pass_mark": _number(post.get("pass_mark", "")),
        "forbidden_phrases": _lines(post.get("forbidden_phrases", "")),
        "response_time_target_seconds": _number(post.get("response_time_target_seconds", "")),
    }
    return data


def field_for_path(path: str) -> str:
    """The editor input an engine field path points at (`nodes[2].branches.calm` → `node-2-calm`)."""
    match = re.match(r"nodes\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?", path)
    if match:
        index, field, sub = match.groups()
        return f"node-{index}-{sub if field == 'branches' and sub else field or 'text'}"
    match = re.match(r"model_replies\.(.+)", path)
    if match:
        return f"replies-{match.group(1)}"
    match = re.match(r"rubric\.weights\.?(\w+)?", path)
    if match:
        return f"weight-{match.group(1)}" if match.group(1) else "weights"
    if path.startswith("rubric."):
        return path.split(".", 1)[1].split("[")[0]
    return path.split("[")[0].split(".")[0]


def editor_context(data: dict[str, Any], error_field: str = "") -> dict[str, Any]:
    """What the editor template shows for a scenario dict (valid or as posted), the faulty input marked."""
    nodes = list(data.get("nodes") or [])
    replies = data.get("model_replies") or {}
    ids = [str(n.get("id", "")) for n in nodes if n.get("id")]
    rows = []
    for i, node in enumerate([*nodes, {"id": "", "text": "", "mood": "neutral", "branches": {}, "apology_due": True}]):
        rows.append({
            "index": i, "id": node.get("id", ""), "text": node.get("text", ""), "mood": node.get("mood", "neutral"),
            "apology_due": node.get("apology_due", True),
            "solution_terms": ", ".join(node.get("solution_terms") or []),
            "branches": [(cat, (node.get("branches") or {}).get(cat, "")) for cat in CATEGORIES],
            "replies": "\n".join(replies.get(node.get("id", ""), [])), "new": i == len(nodes),
            "bad": error_field.removeprefix(f"node-{i}-") if error_field.startswith(f"node-{i}-") else "",
        })
    rubric = data.get("rubric") or {}
    weights = rubric.get("weights") or {}
    return {
        "s": data, "nodes": rows, "node_count": len(rows), "node_ids": ids,
        "tags": ", ".join(data.get("tags") or []), "policy_facts": "\n".join(data.get("policy_facts") or []),
        "weights": [(d, weights.get(d, "")) for d in DIMENSIONS],
        "pass_mark": rubric.get("pass_mark", ""), "forbidden_phrases": "\n".join(rubric.get("forbidden_phrases") or []),
        "response_time_target_seconds": rubric.get("response_time_target_seconds", ""),
        "error_field": error_field, "languages": LANGUAGES, "levels": LEVELS, "moods": [(m, MOOD_LABELS.get(m, m)) for m in MOODS], "categories": CATEGORIES,
    }


PLATFORMS = ("taobao", "tmall", "jd", "pinduoduo", "douyin", "amazon", "shopee", "aliexpress", "tiktok-shop", "lazada")


class NewScenarioForm(forms.Form):
    """The first answers of a new scenario; the editor takes it from there (turns, branches, model replies)."""

    language = forms.ChoiceField(label=_("Language of the chat"), choices=[("zh-hans", "中文"), ("en", "English")])
    platform = forms.CharField(label=_("Platform"), max_length=50, widget=forms.TextInput(attrs={"list": "platforms"}),
                               help_text=_("For example taobao, jd, amazon, shopee, tiktok-shop."))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    persona = forms.CharField(label=_("The customer"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Who they are, what happened, how they write."))
    goal = forms.CharField(label=_("What they want"), widget=forms.Textarea(attrs={"rows": 2}))
    policy_facts = forms.CharField(label=_("The platform's and the store's rules (one per line)"),
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("What the agent may and may not offer, deadlines, amounts."))
    opening = forms.CharField(label=_("The customer's first message"), widget=forms.Textarea(attrs={"rows": 2}))
    mood = forms.ChoiceField(label=_("Their mood at first"), choices=[(m, MOOD_LABELS.get(m, m)) for m in MOODS],
                             initial="upset")
    response_time_target_seconds = forms.IntegerField(label=_("Response target (seconds)"), min_value=10,
                                                      max_value=3600, initial=180)

    def clean_platform(self) -> str:
        """Lower case, spaces as hyphens, as the library's platforms are written."""
        return "-".join(self.cleaned_data["platform"].lower().split())

    def clean_policy_facts(self) -> list[str]:
        """At least one rule: the scoring checks solutions against them."""
        facts = _lines(self.cleaned_data["policy_facts"])
        if not facts:
            raise forms.ValidationError(_("Write at least one rule, one per line."))
        return facts


class CertificationTestForm(forms.Form):
    """Level, title, overall pass mark and attempt rules of a certification test (scenarios are read in the view)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    pass_mark = forms.IntegerField(label=_("Overall pass mark"), min_value=0, max_value=100, initial=70)
    attempts_allowed = forms.IntegerField(label=_("Attempts allowed"), min_value=1, max_value=20, initial=3)
    cooldown_hours = forms.IntegerField(label=_("Cool-down between attempts (hours)"), min_value=0, max_value=24 * 90,
                                        initial=24)
    active = forms.BooleanField(label=_("Open to trainees"), required=False, initial=True)


class TrainingSettingsForm(forms.ModelForm):
    """The centre's optional OpenAI-compatible endpoint; the API key is kept when left empty."""

    base_url = forms.URLField(label=_("Base URL"), required=False, assume_scheme="https",
                              help_text=_("For example http://127.0.0.1:8080/v1 (the path before /chat/completions)."))
    api_key = forms.CharField(label=_("API key"), required=False, widget=forms.PasswordInput(render_value=False),
                              help_text=_("Leave empty to keep the stored key."))
    clear_key = forms.BooleanField(label=_("Remove the stored key"), required=False)

    class Meta:
        model = TrainingSettings
        fields = ["endpoint_enabled", "base_url", "model_name", "timeout_seconds"]

    def clean_timeout_seconds(self) -> float:
        """Between one and sixty seconds: the trainee is waiting."""
        value = float(self.cleaned_data["timeout_seconds"])
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("Between 1 and 60 seconds."))
        return value
