"""The small linear models: n-gram features, weights loaded once from data/*.npz, and their scores.

Each language has one file with a vocabulary of n-grams and two weight columns, hostility and
negative emotion, learned by scripts/train_detectors.py (logistic regression). A score is the
sum of the weights of the n-grams in a message plus a bias; the cues are the n-grams that pushed
it up most. The same feature functions are used for training and scoring, so they must not change
without retraining.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).parent / "data"
MAX_CHARS = 400  # longer messages are scored on their first 400 characters: speed, and memory
HOSTILITY, NEGATIVE = 0, 1

_SPACE = re.compile(r"\s+")
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")


def zh_features(text: str) -> list[str]:
    """Character 1-, 2- and 3-grams of lower-cased text without spaces."""
    t = _SPACE.sub("", text[:MAX_CHARS].lower())
    n = len(t)
    feats = [t[i] for i in range(n)]
    feats += [t[i : i + 2] for i in range(n - 1)]
    feats += [t[i : i + 3] for i in range(n - 2)]
    return feats


def en_features(text: str) -> list[str]:
    """Word unigrams and bigrams of lower-cased text (words, ! and ?)."""
    words = _EN_TOKEN.findall(text[:MAX_CHARS].lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass(frozen=True, slots=True)
class LinearModel:
    """One language's vocabulary → (hostility weight, negative weight), biases and thresholds."""

    lang: str
    weights: dict[str, tuple[float, float]]
    bias: tuple[float, float]
    threshold_logit: tuple[float, float]  # calibrated decision point, in logit units

    def logits(self, text: str) -> tuple[float, float, list[tuple[str, tuple[float, float]]]]:
        """Raw (hostility, negative) logits before lexicon evidence, and the n-grams that matched."""
        get = self.weights.get
        h, g = self.bias
        feats = zh_features(text) if self.lang == "zh" else en_features(text)
        hits = []
        for f in feats:
            w = get(f)
            if w is not None:
                h += w[0]
                g += w[1]
                hits.append((f, w))
        return h, g, hits


def top_ngrams(hits: list[tuple[str, tuple[float, float]]], column: int, k: int = 3) -> list[str]:
    """The k matched n-grams with the largest positive weight in this column (the model's cues)."""
    # Single characters and punctuation explain nothing to a reader: skip them as cues.
    best = {f: w[column] for f, w in hits if w[column] > 0.3 and len(f) > 1 and any(c.isalnum() for c in f)}
    return [f for f, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def sigmoid(x: float) -> float:
    """The logistic function, safe for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def model_path(lang: str) -> Path:
    """Where the weights of one language live."""
    return DATA_DIR / f"model_{lang}.npz"


@lru_cache(maxsize=2)
def load_model(lang: str) -> LinearModel:
    """Load one language's model once per process."""
    with np.load(model_path(lang), allow_pickle=False) as npz:
        keys = bytes(npz["keys"]).decode("utf-8").split("\n")
        w = npz["weights"].astype(np.float64)
        bias = npz["bias"].astype(np.float64)
        thr = npz["threshold_logit"].astype(np.float64)
    pairs = [(float(a), float(b)) for a, b in w.tolist()]
    return LinearModel(
        lang=lang,
        weights=dict(zip(keys, pairs, strict=True)),
        bias=(float(bias[0]), float(bias[1])),
        threshold_logit=(float(thr[0]), float(thr[1])),
    )


def save_model(
    path: Path,
    keys: list[str],
    weights: np.ndarray,
    bias: tuple[float, float],
    threshold_logit: tuple[float, float],
) -> None:
    """Write a model file (used by scripts/train_detectors.py)."""
    blob = np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(
        path,
        keys=blob,
        weights=weights.astype(np.float16),
        bias=np.asarray(bias, dtype=np.float64),
        threshold_logit=np.asarray(threshold_logit, dtype=np.float64),
    )
