"""Calibrate the practice scorer's similarity cut-offs (hearth.engine.sim.similarity) on Hearth's own scenarios.

    .venv/bin/python scripts/calibrate_similarity.py

The similarity dimension maps the cosine between a trainee's reply and a turn's closest model reply to 0..1:
0 at or below LOW, 1 at or above HIGH. Three kinds of reply, all from the shipped library (no shared data):

  alternative   the other model reply of the same turn (every turn has two): a good reply in other words
  off-turn      the closest model reply of a turn of ANOTHER scenario in the same language: a polite,
                competent customer-service reply that does not answer this customer
  poor          stock brush-offs and blame ("please be patient", "that's your fault")

Per language, LOW is the median cosine of off-turn replies (half of them score nothing, the rest little) and
HIGH the median cosine of alternatives (half of them score full marks). The script prints the distributions,
how well the cosine separates alternative from off-turn replies (ROC AUC), and the mean credit each kind of
reply gets under the cut-offs in similarity.py now and under the calibrated ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hearth.engine.sim.scenario import library  # noqa: E402
from hearth.engine.sim.similarity import CUTOFFS, embed  # noqa: E402

POOR = {
    "zh-hans": ["亲，您的问题我们已经收到，请耐心等待。", "是您自己没看清楚。", "我看一下", "系统显示已经处理了",
                "规定就是这样，我也没办法。", "您再等等吧。"],
    "en": ["Thank you for contacting us. Please be patient.", "That's your fault.", "Let me check.",
           "Per our policy, no.", "Nothing I can do about it.", "Please wait."],
}


def cosines() -> dict[str, dict[str, list[float]]]:
    """Per language: cosines of alternative, off-turn and poor replies to a turn's model replies."""
    out: dict[str, dict[str, list[float]]] = {}
    scenarios = list(library())
    for s in scenarios:
        kinds = out.setdefault(s.language, {"alternative": [], "off-turn": [], "poor": []})
        poor = embed(POOR[s.language])
        for replies in s.model_replies.values():
            if len(replies) < 2:
                continue
            refs = embed(list(replies))
            kinds["alternative"].append(float(refs[0] @ refs[1]))
            kinds["poor"] += list((poor @ refs.T).max(axis=1).astype(float))
            for other in scenarios:
                if other.id == s.id or other.language != s.language:
                    continue
                for other_replies in other.model_replies.values():
                    vectors = embed(list(other_replies))
                    kinds["off-turn"] += list((vectors @ refs.T).max(axis=1).astype(float))
    return out


def auc(positive: list[float], negative: list[float]) -> float:
    """P(a random positive scores above a random negative), ties counting half (Mann–Whitney)."""
    p, n = np.asarray(positive)[:, None], np.asarray(negative)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


def credit(values: list[float], low: float, high: float) -> float:
    return float(np.mean(np.clip((np.asarray(values) - low) / (high - low), 0.0, 1.0)))


def main() -> int:
    data = cosines()
    print("| language | reply | n | p5 | p25 | p50 | p75 | p95 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for language, kinds in data.items():
        for kind, values in kinds.items():
            q = np.percentile(values, [5, 25, 50, 75, 95])
            print(f"| {language} | {kind} | {len(values)} | " + " | ".join(f"{v:.2f}" for v in q) + " |")
    print()
    print("| language | AUC alternative vs off-turn | calibrated LOW | HIGH | in similarity.py | "
          "mean credit now: alternative / off-turn / poor | calibrated |")
    print("|---|---:|---:|---:|---|---|---|")
    for language, kinds in data.items():
        low = round(float(np.median(kinds["off-turn"])), 2)
        high = round(float(np.median(kinds["alternative"])), 2)
        now_low, now_high = CUTOFFS.get(language, CUTOFFS["en"])
        now = " / ".join(f"{credit(kinds[k], now_low, now_high):.2f}" for k in ("alternative", "off-turn", "poor"))
        new = " / ".join(f"{credit(kinds[k], low, high):.2f}" for k in ("alternative", "off-turn", "poor"))
        print(f"| {language} | {auc(kinds['alternative'], kinds['off-turn']):.2f} | {low:.2f} | {high:.2f} | "
              f"{now_low:.2f}–{now_high:.2f} | {now} | {new} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
