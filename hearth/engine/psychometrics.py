"""Scale quality from real responses: Cronbach's alpha, McDonald's omega, item-total correlations.

All functions take a respondents x items matrix (None or NaN = missing) and use complete rows only.
Omega is omega total from a one-factor model fitted by iterated principal-axis factoring on the
item correlation matrix (communalities start at the squared multiple correlations).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from hearth.engine.instruments import Instrument
from hearth.engine.scoring import check_answer

Matrix = Sequence[Sequence[float | int | None]] | npt.NDArray[Any]

ALPHA_LOW = 0.70
LANGUAGE_MIN_COMPLETE = 10
LANGUAGE_ALPHA_GAP = 0.10
LANGUAGE_ITEM_GAP = 0.30

_MESSAGES: dict[str, dict[str, str]] = {
    "alpha_low": {
        "en": "Cronbach's alpha is {alpha} (below {threshold}): the items may not measure one thing "
        "well enough in this group.",
        "zh-hans": "Cronbach α 系数为 {alpha}（低于 {threshold}）：在这一群体中，这些题目可能没有很好地测量同一件事。",
    },
    "reverse_item_negative": {
        "en": "Reverse-keyed item {item} correlates negatively ({r}) with the rest of the scale: "
        "check its keying and its translation.",
        "zh-hans": "反向计分题 {item} 与量表其余题目呈负相关（{r}）：请检查它的计分方向和翻译。",
    },
    "language_differs_alpha": {
        "en": "Alpha differs between languages: {alpha_en} in English, {alpha_zh} in Chinese; "
        "check the translation.",
        "zh-hans": "不同语言版本的 α 系数差异较大：英文 {alpha_en}，中文 {alpha_zh}；请检查翻译。",
    },
    "language_differs_item": {
        "en": "Item {item} behaves differently by language (item-total {r_en} in English, "
        "{r_zh} in Chinese); check its translation.",
        "zh-hans": "题目 {item} 在不同语言版本中表现不同（题总相关：英文 {r_en}，中文 {r_zh}）；请检查它的翻译。",
    },
}


@dataclass(frozen=True)
class QualityWarning:
    """Something to check about a scale; params say which item and what values."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, language: str) -> str:
        """A plain sentence in 'en' or 'zh-hans' (anything not English gets Chinese)."""
        key = self.code
        if key == "language_differs":
            key = "language_differs_item" if "item" in self.params else "language_differs_alpha"
        lang = "en" if language.lower().startswith("en") else "zh-hans"
        shown = {k: f"{v:.2f}" if isinstance(v, float) else v for k, v in self.params.items()}
        return _MESSAGES[key][lang].format(**shown)


@dataclass(frozen=True)
class ScaleQuality:
    """Reliability of one subscale in a set of responses."""

    subscale: str
    n_complete: int
    alpha: float | None
    omega: float | None
    item_total: dict[str, float | None]
    warnings: tuple[QualityWarning, ...]


def _complete(matrix: Matrix) -> npt.NDArray[np.float64]:
    rows = [[np.nan if v is None else float(v) for v in row] for row in matrix]
    data = np.array(rows, dtype=float)
    if data.ndim != 2 or data.size == 0:
        return np.empty((0, len(rows[0]) if rows else 0))
    complete: npt.NDArray[np.float64] = data[~np.isnan(data).any(axis=1)]
    return complete


def cronbach_alpha(matrix: Matrix) -> float | None:
    """Cronbach's alpha; None with fewer than 2 items or 3 complete rows, or zero total variance."""
    data = _complete(matrix)
    n, k = data.shape
    if k < 2 or n < 3:
        return None
    total_var = float(np.var(data.sum(axis=1), ddof=1))
    if total_var == 0:
        return None
    item_var = float(np.var(data, axis=0, ddof=1).sum())
    return float(k / (k - 1) * (1 - item_var / total_var))


def _loadings(
    corr: npt.NDArray[np.float64], iterations: int = 500, tol: float = 1e-8
) -> npt.NDArray[np.float64]:
    """One-factor loadings by iterated principal-axis factoring."""
    try:
        h2 = 1 - 1 / np.diag(np.linalg.inv(corr))
    except np.linalg.LinAlgError:
        h2 = np.max(np.abs(corr - np.eye(len(corr))), axis=1)
    h2 = np.clip(h2, 0.005, 0.995)
    loadings = np.sqrt(h2)
    for _ in range(iterations):
        reduced = corr.copy()
        np.fill_diagonal(reduced, h2)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        # Heywood cases: keep communalities just below 1 so uniquenesses stay positive.
        new_h2 = np.clip(loadings**2, 0.0, 0.995)
        if np.max(np.abs(new_h2 - h2)) < tol:
            h2 = new_h2
            break
        h2 = new_h2
    if loadings.sum() < 0:
        loadings = -loadings
    return np.asarray(np.sign(loadings) * np.sqrt(h2), dtype=float)


def mcdonald_omega(matrix: Matrix) -> float | None:
    """Omega total from a one-factor principal-axis model; None like cronbach_alpha or on a constant item."""
    data = _complete(matrix)
    n, k = data.shape
    if k < 2 or n < 3:
        return None
    if np.any(np.var(data, axis=0, ddof=1) == 0):
        return None
    corr = np.asarray(np.corrcoef(data, rowvar=False), dtype=float)
    loadings = _loadings(corr)
    common = float(loadings.sum()) ** 2
    unique = float((1 - loadings**2).sum())
    if common + unique == 0:
        return None
    return common / (common + unique)


def _corr(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float | None:
    sx, sy = float(np.std(x)), float(np.std(y))
    if sx == 0 or sy == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def corrected_item_total(matrix: Matrix) -> list[float | None]:
    """Each item's correlation with the sum of the other items (None when undefined)."""
    data = _complete(matrix)
    n, k = data.shape
    if k < 2 or n < 3:
        return [None] * k
    total = data.sum(axis=1)
    return [_corr(data[:, j], total - data[:, j]) for j in range(k)]


def _language(code: str) -> str:
    code = code.lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-hans"
    return "en" if code.startswith("en") else code


def scale_quality(
    instrument: Instrument,
    subscale_id: str,
    responses: Sequence[Mapping[str, int | None]],
    languages: Sequence[str] | None = None,
) -> ScaleQuality:
    """Alpha, omega and item-total correlations of one subscale on reverse-scored answers, with warnings."""
    subscale = instrument.subscale(subscale_id)
    items = [instrument.item(item_id) for item_id in subscale.items]
    rows: list[list[float | None]] = []
    for answers in responses:
        row: list[float | None] = []
        for item in items:
            value = check_answer(item, answers.get(item.id))
            row.append(None if value is None else float(item.keyed(value)))
        rows.append(row)
    n_complete = sum(all(v is not None for v in row) for row in rows)
    alpha = cronbach_alpha(rows)
    correlations = corrected_item_total(rows) if rows else [None] * len(items)
    item_total = dict(zip(subscale.items, correlations, strict=True))

    warnings: list[QualityWarning] = []
    if alpha is not None and alpha < ALPHA_LOW:
        warnings.append(QualityWarning("alpha_low", {"alpha": alpha, "threshold": ALPHA_LOW}))
    for item in items:
        r = item_total[item.id]
        if item.reverse and r is not None and r < 0:
            warnings.append(QualityWarning("reverse_item_negative", {"item": item.id, "r": r}))
    if languages is not None:
        if len(languages) != len(rows):
            raise ValueError("languages must have one entry per response")
        groups: dict[str, list[list[float | None]]] = {"en": [], "zh-hans": []}
        for row, language in zip(rows, languages, strict=True):
            lang = _language(language)
            if lang in groups and all(v is not None for v in row):
                groups[lang].append(row)
        if all(len(g) >= LANGUAGE_MIN_COMPLETE for g in groups.values()):
            alpha_en, alpha_zh = cronbach_alpha(groups["en"]), cronbach_alpha(groups["zh-hans"])
            if (
                alpha_en is not None
                and alpha_zh is not None
                and abs(alpha_en - alpha_zh) > LANGUAGE_ALPHA_GAP
            ):
                warnings.append(
                    QualityWarning("language_differs", {"alpha_en": alpha_en, "alpha_zh": alpha_zh})
                )
            r_en = corrected_item_total(groups["en"])
            r_zh = corrected_item_total(groups["zh-hans"])
            for item_id, a, b in zip(subscale.items, r_en, r_zh, strict=True):
                if a is not None and b is not None and abs(a - b) > LANGUAGE_ITEM_GAP:
                    warnings.append(
                        QualityWarning("language_differs", {"item": item_id, "r_en": a, "r_zh": b})
                    )
    return ScaleQuality(
        subscale=subscale_id,
        n_complete=n_complete,
        alpha=alpha,
        omega=mcdonald_omega(rows),
        item_total=item_total,
        warnings=tuple(warnings),
    )
