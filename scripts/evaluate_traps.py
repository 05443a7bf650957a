"""Measure Hearth's thinking-trap detector (hearth.engine.traps) on the shared distortion data sets.

    .venv/bin/python scripts/evaluate_traps.py [--data ../shared/data] [--half held-out|dev]

Sets (evaluation only by licence: nothing is trained on them, and no text of them is printed):
  en  en/distortions/thinking_traps.jsonl  one row per (thought, trap); rows are grouped by thought
  zh  zh/distortions/SocialCD-3k_dev.tsv   12 binary columns, then the post (内容)
Each set is split deterministically by thought: the first byte of SHA-256(text) even = development
half (read while writing the cue lists), odd = held-out half (reported). Scores: any-trap versus
none, and per trap precision, recall, F1 and support, against two baselines a user might pick
instead: "majority" (predict the most frequent answer of the development half for every thought)
and "keywords" (a textbook list of two to four trigger words per trap, below). Last, the share of
ordinary customer-service agent replies (JDDC zh, IBM customer care en) in which each finds a trap.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hearth.engine.traps import TRAPS, detect_traps  # noqa: E402

EN_FILE = Path("en/distortions/thinking_traps.jsonl")
ZH_FILE = Path("zh/distortions/SocialCD-3k_dev.tsv")
# Ordinary customer-service agent replies: nearly all trap-free, so what fires there is a false alarm.
ZH_CHAT = Path("zh/dialogue/JDDC_chat_0.1per.tsv")
EN_CHAT = Path("en/dialogue/IBM_twitter_customer_care_dev.json")

# Data set label -> Hearth trap. None: the data set's label has no counterpart among Hearth's twelve.
EN_MAP: dict[str, str | None] = {
    "Personalizing": "personalizing",
    "Personalization": "personalizing",
    "Catastrophizing": "catastrophizing",
    "All-or-nothing thinking": "all_or_nothing",
    "Overgeneralizing": "overgeneralizing",
    "Overgeneralization": "overgeneralizing",
    "Mind reading": "mind_reading",
    "Fortune telling": "fortune_telling",
    "Should statements": "should",
    "Labeling": "labeling",
    "Emotional reasoning": "emotional_reasoning",
    "Disqualifying the Positive": "discounting_positive",
    "Disqualifying the positive": "discounting_positive",
    "Blaming": "blaming",
    "Negative feeling or emotion": None,
    "Comparing and Despairing": None,
    "Comparing": None,
}
EN_NONE = "Not distorted"
ZH_MAP: dict[str, str] = {
    "罪责归己": "personalizing",
    "放大": "catastrophizing",
    "非此即彼": "all_or_nothing",
    "以偏概全": "overgeneralizing",
    "读心术": "mind_reading",
    "先知错误": "fortune_telling",
    "应该式": "should",
    "乱贴标签": "labeling",
    "情绪化推理": "emotional_reasoning",
    "心理过滤": "mental_filter",
    "否定正面思考": "discounting_positive",
    "罪责归他": "blaming",
}

# The "keywords" baseline: the first trigger words a self-help sheet lists for each trap.
KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "personalizing": ("my fault", "because of me"),
        "catastrophizing": ("disaster", "worst", "ruined", "terrible"),
        "all_or_nothing": ("completely", "totally", "perfect", "total failure"),
        "overgeneralizing": ("always", "never", "everyone", "nobody"),
        "mind_reading": ("they think", "thinks i", "think i"),
        "fortune_telling": ("will", "going to"),
        "should": ("should", "must", "ought"),
        "labeling": ("i'm a", "i am a", "idiot", "loser"),
        "emotional_reasoning": ("i feel",),
        "mental_filter": ("only",),
        "discounting_positive": ("luck", "doesn't count"),
        "blaming": ("their fault", "his fault", "her fault", "blame"),
    },
    "zh": {
        "personalizing": ("我的错", "怪我"),
        "catastrophizing": ("完了", "崩溃", "最"),
        "all_or_nothing": ("完全", "一无是处", "要么"),
        "overgeneralizing": ("总是", "永远", "从来", "所有人"),
        "mind_reading": ("觉得我", "认为我"),
        "fortune_telling": ("肯定", "一定", "会"),
        "should": ("应该", "必须"),
        "labeling": ("我是", "废物", "没用"),
        "emotional_reasoning": ("感觉",),
        "mental_filter": ("只",),
        "discounting_positive": ("运气", "不算"),
        "blaming": ("怪他", "他们的错"),
    },
}

Example = tuple[str, frozenset[str]]  # text, gold Hearth traps


def data_dir(arg: str | None) -> Path:
    """The ../shared/data folder, or exit non-zero with a clear message."""
    path = Path(arg or os.environ.get("HEARTH_SHARED_DATA") or ROOT.parent / "shared" / "data")
    missing = [str(path / f) for f in (EN_FILE, ZH_FILE) if not (path / f).exists()]
    if missing:
        sys.exit(
            "evaluation data not found: " + ", ".join(missing) + ". Pass --data DIR or set "
            "HEARTH_SHARED_DATA to the folder that holds en/distortions and zh/distortions (../shared/data)."
        )
    return path


def is_held_out(text: str) -> bool:
    """The deterministic split: odd first byte of SHA-256 = held-out half."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 1


def read_en(path: Path) -> tuple[list[Example], list[str], Counter[str]]:
    """Thoughts with their gold traps; thoughts with only unmapped labels; counts of unmapped labels."""
    labels: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row["prompt"].removesuffix("->").strip()
            labels.setdefault(text, set()).add(row["completion"].strip())
    examples: list[Example] = []
    unmapped_only: list[str] = []
    unmapped: Counter[str] = Counter()
    for text, found in labels.items():
        gold = set()
        for label in found - {EN_NONE}:
            if label not in EN_MAP:
                sys.exit(f"{path}: unknown label {label!r}; add it to EN_MAP")
            trap = EN_MAP[label]
            if trap is None:
                unmapped[label] += 1
            else:
                gold.add(trap)
        if not gold and found - {EN_NONE}:
            unmapped_only.append(text)  # a distortion Hearth has no label for: left out
            continue
        examples.append((text, frozenset(gold)))
    return examples, unmapped_only, unmapped


def read_zh(path: Path) -> list[Example]:
    """Posts with their gold traps (every column maps to a Hearth trap)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader)
        if header[-1] != "内容" or set(header[:-1]) != set(ZH_MAP):
            sys.exit(f"{path}: unexpected header {header}")
        return [
            (row[-1], frozenset(ZH_MAP[h] for h, v in zip(header[:-1], row[:-1], strict=True) if v == "1"))
            for row in reader
            if row
        ]


def prf(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and support (gold positives) of (gold, predicted) pairs."""
    tp = fp = fn = 0
    for gold, pred in pairs:
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp + fn


Predictor = Callable[[str], frozenset[str]]


def hearth(lang: str) -> Predictor:
    return lambda text: frozenset(detect_traps(text, lang).traps)


def keywords(lang: str) -> Predictor:
    lists = KEYWORDS[lang]

    def predict(text: str) -> frozenset[str]:
        low = text.lower()
        return frozenset(t for t, words in lists.items() if any(w in low for w in words))

    return predict


def majority(dev: list[Example]) -> Predictor:
    counts = Counter(t for _, gold in dev for t in gold)
    any_share = sum(bool(gold) for _, gold in dev) / max(1, len(dev))
    top = frozenset({counts.most_common(1)[0][0]}) if any_share >= 0.5 else frozenset()
    return lambda text: top


def report(name: str, examples: list[Example], dev: list[Example], lang: str, half_name: str) -> list[str]:
    predictors = {"Hearth": hearth(lang), "keywords": keywords(lang), "majority": majority(dev)}
    predictions = {k: [p(text) for text, _ in examples] for k, p in predictors.items()}
    golds = [gold for _, gold in examples]
    out = [f"#### {name}: {half_name} half, {len(examples):,} thoughts", ""]
    out.append("| trap | support | Hearth P | Hearth R | Hearth F1 | keywords F1 | majority F1 |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")

    def row(label: str, test: Callable[[frozenset[str]], bool]) -> tuple[str, dict[str, float]]:
        scores = {k: prf((test(g), test(p)) for g, p in zip(golds, preds, strict=True)) for k, preds in predictions.items()}
        p, r, f, support = scores["Hearth"]
        cells = f"| {label} | {support} | {p:.2f} | {r:.2f} | **{f:.2f}** | {scores['keywords'][2]:.2f} | {scores['majority'][2]:.2f} |"
        return cells, {k: v[2] for k, v in scores.items()}

    any_row, _ = row("any trap vs none", bool)
    out.append(any_row)
    macro: dict[str, list[float]] = {k: [] for k in predictors}
    for trap in TRAPS:
        if not any(trap in g for g in golds):
            out.append(f"| {trap} | 0 | – | – | – | – | – |")
            continue
        cells, f1 = row(trap, lambda s, t=trap: t in s)
        out.append(cells)
        for k, v in f1.items():
            macro[k].append(v)
    mean = {k: sum(v) / len(v) for k, v in macro.items()}
    out.append(f"| macro F1 over traps with support | | | | **{mean['Hearth']:.2f}** | {mean['keywords']:.2f} | {mean['majority']:.2f} |")
    none = sum(not g for g in golds)
    out += ["", f"Thoughts with no trap in the gold labels: {none}."]
    return out


def agent_replies(root: Path) -> dict[str, list[str]]:
    """Agent turns of the zh JDDC and en IBM customer-care conversations (empty when a file is missing)."""
    out: dict[str, list[str]] = {"zh": [], "en": []}
    if (root / ZH_CHAT).exists():
        with (root / ZH_CHAT).open(encoding="utf-8", newline="") as handle:
            out["zh"] = [r[6] for r in csv.reader(handle, delimiter="\t") if len(r) > 6 and r[2] == "1"]
    if (root / EN_CHAT).exists():
        with (root / EN_CHAT).open(encoding="utf-8") as handle:
            out["en"] = [t["message"] for c in json.load(handle) for t in c["dialogContent"] if "agent" in t]
    return out


def false_alarms(root: Path) -> list[str]:
    """Share of ordinary agent replies in which each scorer finds a trap."""
    out = ["#### False alarms on ordinary customer-service agent replies", "",
           "| replies | count | Hearth flags | keywords flags |", "|---|---:|---:|---:|"]
    for lang, texts in agent_replies(root).items():
        if not texts:
            out.append(f"| {lang} | missing | – | – |")
            continue
        h, k = hearth(lang), keywords(lang)
        rate_h = sum(bool(h(t)) for t in texts) / len(texts)
        rate_k = sum(bool(k(t)) for t in texts) / len(texts)
        source = "JDDC agent turns" if lang == "zh" else "IBM customer-care agent turns"
        out.append(f"| {lang} {source} | {len(texts):,} | {rate_h:.1%} | {rate_k:.1%} |")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the shared data folder (default ../shared/data or HEARTH_SHARED_DATA)")
    parser.add_argument("--half", choices=("held-out", "dev"), default="held-out",
                        help="which half to report (dev is for writing cue lists; publish held-out)")
    args = parser.parse_args()
    root = data_dir(args.data)
    want_held_out = args.half == "held-out"

    en_all, en_unmapped_only, en_unmapped = read_en(root / EN_FILE)
    zh_all = read_zh(root / ZH_FILE)
    lines = ["### Label mapping", ""]
    lines.append("en (Cognitive-Reframing): " + "; ".join(
        f"{k} → {v or 'no counterpart'}" for k, v in EN_MAP.items()) + f"; {EN_NONE} → none.")
    lines.append(f"Thoughts whose only labels have no counterpart, left out: {len(en_unmapped_only)}; "
                 "unmapped label counts: " + ", ".join(f"{k} {v}" for k, v in sorted(en_unmapped.items())) + ".")
    lines.append("zh (SocialCD-3k): " + "; ".join(f"{k} → {v}" for k, v in ZH_MAP.items()) + ".")
    lines.append("Hearth traps with no counterpart in en: mental_filter.")
    lines.append("")
    started = time.perf_counter()
    scored = 0
    for name, rows, lang in (("en Cognitive-Reframing thinking traps", en_all, "en"), ("zh SocialCD-3k", zh_all, "zh")):
        dev = [e for e in rows if not is_held_out(e[0])]
        half = [e for e in rows if is_held_out(e[0]) == want_held_out]
        if not want_held_out:
            lines.append("(development half: not for publication)")
        lines += report(name, half, dev, lang, args.half) + [""]
        scored += len(half)
    lines += false_alarms(root)
    print("\n".join(lines))
    print(f"({scored:,} thoughts scored three ways in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
