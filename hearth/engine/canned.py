"""Canned-reply detection: is this agent reply a near-duplicate of the agent's or the team's earlier replies?

Texts are normalised (order numbers, amounts, emails, phones and names after salutations masked),
cut into character shingles (3 characters for Chinese, 5 for other text), hashed, and summarised by
a MinHash signature (numpy, seeded: same input order, same answers). LSH banding finds candidate
earlier replies; a reply is canned when at least `min_similar` earlier replies by the same agent or
the same team have an estimated Jaccard similarity ≥ `threshold`. Replies must be observed in time order.
`observe_many` computes the signatures of a whole batch with numpy and gives the same answers as
calling `observe` one reply at a time.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
_AMOUNT = re.compile(
    r"(?:[$¥￥€£]\s?\d[\d,]*(?:\.\d+)?)"
    r"|(?:\d[\d,]*(?:\.\d+)?\s?(?:元|块钱|块|rmb|cny|usd|dollars?|yuan|euros?)(?![a-z]))",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s()-]{6,}\d(?![\w])")
_ORDER = re.compile(r"(?<![\w#])#?[a-z]*\d[a-z\d-]{4,}", re.IGNORECASE)
_DIGITS = re.compile(r"\d{3,}")
# Names: "亲爱的王女士", "您好，李先生", "Dear John Smith", "Hi Anna,"; masked before lowercasing.
_ZH_NAME = re.compile(
    r"(亲爱的|尊敬的)\s*[\u4e00-\u9fff]{1,4}?(?=先生|女士|小姐|同学|[，,。！!\s]|$)"
)
_ZH_TITLE = re.compile(r"[\u4e00-\u9fff]{1,3}(先生|女士|小姐)")
_EN_NAME = re.compile(
    r"\b((?i:dear|hi|hello|hey|thanks|thank you))\s+(?i:mr\.?\s+|mrs\.?\s+|ms\.?\s+)?"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?"
)
_PUNCT = re.compile(r"[^\w#\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")

_M64 = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


_ANY_DIGIT = re.compile(r"\d")
_SALUTATIONS = ("dear", "hi", "hello", "hey", "thank")
_K_MAX = 5
_PAD = (
    "\x00" * _K_MAX
)  # never in normalised text (it is punctuation), so windows can't match real text


def normalise(text: str) -> str:
    """Lowercase `text` with personal and variable details masked and punctuation collapsed to spaces."""
    # Each pattern runs only when its cheap precondition holds: most replies skip most of them.
    if "http" in text:
        text = _URL.sub(" #url ", text)
    if "@" in text:
        text = _EMAIL.sub(" #email ", text)
    if "亲爱的" in text or "尊敬的" in text:
        text = _ZH_NAME.sub(r"\1#name", text)
    if "先生" in text or "女士" in text or "小姐" in text:
        text = _ZH_TITLE.sub(r"#name\1", text)
    lowered = text.lower()
    if any(word in lowered for word in _SALUTATIONS):
        text = _EN_NAME.sub(r"\1 #name", text)
    if _ANY_DIGIT.search(text):
        text = _AMOUNT.sub(" #amount ", text)
        text = _PHONE.sub(" #num ", text)
        text = _ORDER.sub(" #num ", text)
        text = _DIGITS.sub(" #num ", text)
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def shingle_size(normalised: str) -> int:
    """3 characters for mostly-Chinese text, 5 otherwise (about a word and a half of English)."""
    cjk = len(_CJK.findall(normalised))
    return 3 if cjk * 3 >= len(normalised) else 5


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser: spreads rolling hashes over all 64 bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * _MIX1
        x = (x ^ (x >> np.uint64(27))) * _MIX2
        return x ^ (x >> np.uint64(31))


def shingle_hashes_many(
    texts: Sequence[str],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Hashes of the character k-grams of non-empty normalised texts, concatenated, and their counts.

    A text shorter than k is one shingle: itself padded to k.
    """
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer((_PAD.join(texts) + _PAD).encode("utf-32-le"), dtype=np.uint32)
    starts = np.concatenate(([0], np.cumsum(lengths + _K_MAX)[:-1]))
    cjk = ((codes >= 0x4E00) & (codes <= 0x9FFF)).astype(np.int64)
    cjk_counts = np.add.reduceat(cjk, starts) if len(texts) else cjk[:0]
    k = np.where(cjk_counts * 3 >= lengths, 3, _K_MAX)
    counts = np.maximum(lengths - k + 1, 1)
    wide = codes.astype(np.uint64)
    rolling = {}
    with np.errstate(over="ignore"):
        for size in (3, _K_MAX):
            n = len(wide) - size + 1
            h = np.zeros(n, dtype=np.uint64)
            for j in range(size):
                h = h * _M64 + wide[j : j + n]
            rolling[size] = _mix(h + np.uint64(size))
    total = int(counts.sum())
    first = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
    sizes = np.repeat(k, counts)
    hashes = np.where(
        sizes == 3,
        rolling[3][np.minimum(first, len(rolling[3]) - 1)],
        rolling[_K_MAX][np.minimum(first, len(rolling[_K_MAX]) - 1)],
    )
    return hashes.astype(np.uint64), counts


def shingle_hashes(normalised: str) -> npt.NDArray[np.uint64]:
    """64-bit hashes of the character k-grams of one non-empty normalised text."""
    return shingle_hashes_many([normalised])[0]


@dataclass
class _Scope:
    """Earlier replies of one agent or one team: ids in arrival order and LSH buckets of ids."""

    order: deque[int] = field(default_factory=deque)
    buckets: dict[int, dict[int, None]] = field(default_factory=dict)


class CannedReplyDetector:
    """Flags agent replies that are near-duplicates of earlier replies by the same agent or team.

    Memory and time stay bounded on long histories: a reply found canned is not stored (its earlier
    copies already represent it), a scope remembers its last `max_history` stored replies, and each
    LSH bucket its last `bucket_size` members.
    """

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 64,
        min_similar: int = 2,
        seed: int = 1,
        max_history: int = 5000,
        bucket_size: int = 16,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.min_similar = min_similar
        self.seed = seed
        self.max_history = max_history
        self.bucket_size = bucket_size
        self.rows_ = _band_rows(num_perm, threshold)
        self.bands_ = num_perm // self.rows_
        rng = np.random.default_rng(seed)
        odd = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2)
        self.a_ = odd + np.uint64(1)
        self.b_ = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
        self.band_mix_ = rng.integers(1, 2**63, size=(self.bands_, self.rows_), dtype=np.uint64)
        self.signatures_: dict[int, npt.NDArray[np.uint32]] = {}
        self.refs_: dict[int, int] = {}
        self.scopes_: dict[tuple[str, str], _Scope] = {}
        self.next_id_ = 0

    def signatures(self, texts: Sequence[str]) -> list[npt.NDArray[np.uint32] | None]:
        """MinHash signatures of texts after normalisation; None for text with nothing to compare."""
        normalised = [normalise(text) for text in texts]
        present = [i for i, text in enumerate(normalised) if text]
        result: list[npt.NDArray[np.uint32] | None] = [None] * len(texts)
        for block in range(0, len(present), 512):
            rows = present[block : block + 512]
            hashes, counts = shingle_hashes_many([normalised[i] for i in rows])
            ends = np.cumsum(counts)
            start = 0
            while start < len(rows):
                # Blocks of about 8k shingles stay in cache; big ones page-fault.
                base = int(ends[start - 1]) if start else 0
                stop = max(int(np.searchsorted(ends, base + 8192, side="right")), start + 1)
                offsets = np.concatenate(([0], ends[start : stop - 1] - base))
                mins = self._minhash(hashes[base : int(ends[stop - 1])], offsets)
                for row, i in enumerate(rows[start:stop]):
                    result[i] = mins[row]
                start = stop
        return result

    def _minhash(
        self, flat: npt.NDArray[np.uint64], starts: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.uint32]:
        """One signature per run of shingle hashes starting at `starts`."""
        # One row per permutation: reduceat along contiguous rows is ~8x faster than down columns.
        values = np.empty((self.num_perm, len(flat)), dtype=np.uint64)
        with np.errstate(over="ignore"):
            np.multiply(self.a_[:, None], flat[None, :], out=values)
            np.add(values, self.b_[:, None], out=values)
        mins: npt.NDArray[np.uint32] = (
            np.minimum.reduceat(values, starts, axis=1).T >> np.uint64(32)
        ).astype(np.uint32)
        return mins

    def signature(self, text: str) -> npt.NDArray[np.uint32] | None:
        """The MinHash signature of one text (see signatures())."""
        return self.signatures([text])[0]

    def similarity(self, first: str, second: str) -> float:
        """Estimated Jaccard similarity of two texts' shingle sets."""
        a, b = self.signatures([first, second])
        if a is None or b is None:
            return 0.0
        return float(np.count_nonzero(a == b)) / self.num_perm

    def observe(self, agent_id: str, team: str, text: str) -> bool:
        """Record a reply; True when it is a near-duplicate of ≥ min_similar earlier agent/team replies."""
        return self.observe_many([(agent_id, team, text)])[0]

    def observe_many(self, items: Sequence[tuple[str, str, str]]) -> list[bool]:
        """observe() for each (agent_id, team, text), in order; signatures are computed in bulk."""
        signatures = self.signatures([text for _, _, text in items])
        return self.observe_signatures([(a, t, s) for (a, t, _), s in zip(items, signatures, strict=True)])

    def observe_signatures(
        self, items: Sequence[tuple[str, str, npt.NDArray[np.uint32] | None]]
    ) -> list[bool]:
        """observe() for replies known only by their stored signatures (history kept without text)."""
        found = [s for _, _, s in items if s is not None]
        keys = self._band_keys(np.stack(found)) if found else []
        flags: list[bool] = []
        position = 0
        for agent_id, team, signature in items:
            if signature is None:
                flags.append(False)
                continue
            own_keys = keys[position]
            position += 1
            scopes = [self._scope("agent", agent_id)]
            if team:
                scopes.append(self._scope("team", team))
            canned = self._matches(signature, own_keys, scopes) >= self.min_similar
            flags.append(canned)
            if not canned:  # a recognised template is already represented by its earlier copies
                self._store(signature, own_keys, scopes)
        return flags

    def _band_keys(self, signatures: npt.NDArray[np.uint32]) -> list[list[int]]:
        """One 64-bit key per LSH band (band number mixed in), for each signature."""
        bands = signatures.astype(np.uint64).reshape(len(signatures), self.bands_, self.rows_)
        with np.errstate(over="ignore"):
            mixed = _mix((bands * self.band_mix_[None, :, :]).sum(axis=2, dtype=np.uint64))
        keys: list[list[int]] = mixed.tolist()
        return keys

    def _scope(self, kind: str, name: str) -> _Scope:
        scope = self.scopes_.get((kind, name))
        if scope is None:
            scope = self.scopes_[(kind, name)] = _Scope()
        return scope

    def _matches(
        self, signature: npt.NDArray[np.uint32], keys: list[int], scopes: list[_Scope]
    ) -> int:
        needed = self.min_similar
        minimum = self.threshold * self.num_perm
        seen: set[int] = set()
        found = 0
        for scope in scopes:
            for key in keys:
                bucket = scope.buckets.get(key)
                if not bucket:
                    continue
                for other in bucket:
                    if other in seen:
                        continue
                    seen.add(other)
                    if np.count_nonzero(self.signatures_[other] == signature) >= minimum:
                        found += 1
                        if found >= needed:
                            return found
        return found

    def _store(
        self, signature: npt.NDArray[np.uint32], keys: list[int], scopes: list[_Scope]
    ) -> None:
        ident = self.next_id_
        self.next_id_ += 1
        self.signatures_[ident] = signature
        self.refs_[ident] = 0
        for scope in scopes:
            for key in keys:
                bucket = scope.buckets.get(key)
                if bucket is None:
                    bucket = scope.buckets[key] = {}
                bucket[ident] = None
                self.refs_[ident] += 1
                if len(bucket) > self.bucket_size:
                    oldest = next(iter(bucket))
                    del bucket[oldest]
                    self._unref(oldest)
            scope.order.append(ident)
            if len(scope.order) > self.max_history:
                self._evict(scope, scope.order.popleft())

    def _unref(self, ident: int) -> None:
        self.refs_[ident] -= 1
        if self.refs_[ident] == 0:
            del self.refs_[ident]
            del self.signatures_[ident]

    def _evict(self, scope: _Scope, ident: int) -> None:
        """Forget a scope's oldest reply so memory stays bounded on long histories."""
        old = self.signatures_.get(ident)
        if old is None:  # already pushed out of every bucket
            return
        for key in self._band_keys(old[None, :])[0]:
            bucket = scope.buckets.get(key)
            if bucket is not None and ident in bucket:
                del bucket[ident]
                if not bucket:
                    del scope.buckets[key]
                self._unref(ident)


def _band_rows(num_perm: int, threshold: float) -> int:
    """Rows per LSH band: the most selective banding whose S-curve still catches pairs well below threshold."""
    best = 1
    for rows in range(1, num_perm + 1):
        if num_perm % rows:
            continue
        bands = num_perm // rows
        if (1.0 / bands) ** (1.0 / rows) <= max(threshold - 0.25, 0.05):
            best = rows
    return best
