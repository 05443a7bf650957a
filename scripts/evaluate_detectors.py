"""Measure Hearth's detectors against VADER, pysenti and SnowNLP on the shared development data.

    .venv/bin/python scripts/evaluate_detectors.py [--data ../shared/data] [--sample 4000]

Sets (no row of them is trained on; see scripts/train_detectors.py):
  hostility zh  COLD dev.csv, label 1 offensive
  hostility en  Davidson held-out 20 % (seed 20240), offensive + hate = 1
  negative zh   online_shopping_10_cats, a seeded sample (--sample, seed 11), label 0 = negative
  negative en   complaints_social_media, complaint = 1
Baselines on the same rows: VADER (en: (1 − compound)/2, negative when compound ≤ −0.05),
pysenti (zh: sigmoid(−score), negative when score < 0) and SnowNLP (zh: 1 − P(positive),
negative when ≥ 0.5). Prints a markdown table; no text from the data is printed.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_detectors import data_dir, davidson_split, online_shopping, read_cold  # noqa: E402

from hearth.engine.detectors import score_customer  # noqa: E402

Rows = list[tuple[str, int]]
Scorer = Callable[[str], tuple[float, bool]]


def hearth_hostility(text: str) -> tuple[float, bool]:
    s = score_customer(text)
    return s.hostility, s.hostile


def hearth_negative(text: str) -> tuple[float, bool]:
    s = score_customer(text)
    return s.negative_score, s.negative


def vader() -> Scorer:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def score(text: str) -> tuple[float, bool]:
        c = analyzer.polarity_scores(text)["compound"]
        return (1 - c) / 2, c <= -0.05

    return score


def pysenti_scorer() -> Scorer:
    import jieba
    import pysenti

    jieba.setLogLevel(logging.WARNING)

    def score(text: str) -> tuple[float, bool]:
        s = float(pysenti.classify(text)["score"])
        return 1 / (1 + math.exp(max(-50.0, min(50.0, s)))), s < 0

    return score


def snownlp_scorer() -> Scorer:
    from snownlp import SnowNLP

    def score(text: str) -> tuple[float, bool]:
        p = 1 - float(SnowNLP(text).sentiments)
        return p, p >= 0.5

    return score


def metrics(rows: Rows, scorer: Scorer) -> tuple[float, float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

    scores, preds = zip(*(scorer(t) for t, _ in rows), strict=True)
    y = [label for _, label in rows]
    p, r, f, _ = precision_recall_fscore_support(y, preds, average="binary", zero_division=0)
    return float(roc_auc_score(y, scores)), float(p), float(r), float(f)


def complaints(data: Path) -> Rows:
    with (data / "en/sentiment/complaints_social_media.csv").open(encoding="utf-8") as f:
        return [(r[1], int(r[2])) for r in csv.reader(f)]


def main(argv: list[str] | None = None) -> int:
    """Print the quality table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="the shared data folder (default ../shared/data)")
    parser.add_argument("--sample", type=int, default=4000, help="online-shopping rows (0 = all)")
    args = parser.parse_args(argv)
    data = data_dir(args.data)

    shopping = online_shopping(data)
    if args.sample and args.sample < len(shopping):
        idx = np.sort(np.random.default_rng(11).choice(len(shopping), args.sample, replace=False))
        shopping = [shopping[i] for i in idx]
    sets: list[tuple[str, str, Rows, Scorer, list[tuple[str, Scorer]]]] = [
        ("hostility", "zh COLD dev", read_cold(data / "zh/toxicity/COLD_dev.csv"), hearth_hostility,
         [("pysenti", pysenti_scorer()), ("SnowNLP", snownlp_scorer())]),
        ("hostility", "en Davidson held-out 20%", davidson_split(data)[1], hearth_hostility,
         [("VADER", vader())]),
        ("negative", f"zh online_shopping ({len(shopping)} sampled)", shopping, hearth_negative,
         [("pysenti", pysenti_scorer()), ("SnowNLP", snownlp_scorer())]),
        ("negative", "en complaints_social_media", complaints(data), hearth_negative,
         [("VADER", vader())]),
    ]
    print("| detector | set | rows | positives | scorer | ROC-AUC | precision | recall | F1 | s |")
    print("|---|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for detector, name, rows, hearth, baselines in sets:
        positives = sum(label for _, label in rows)
        for scorer_name, scorer in [("Hearth", hearth), *baselines]:
            start = time.perf_counter()
            auc, p, r, f = metrics(rows, scorer)
            took = time.perf_counter() - start
            print(
                f"| {detector} | {name} | {len(rows)} | {positives} | {scorer_name} | {auc:.3f} "
                f"| {p:.3f} | {r:.3f} | {f:.3f} | {took:.1f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
