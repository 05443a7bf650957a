"""Per-message language: Chinese, English, both, or something else, from character classes alone."""

from __future__ import annotations

import re

# Han ideographs (CJK Unified + Extension A + compatibility), the script of zh-Hans text.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Kana and Hangul mark Japanese and Korean, which share Han characters but are not zh.
OTHER_SCRIPT = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")


def detect_language(text: str) -> str:
    """"zh", "en", "mixed" or "other" for one message, by counting Han characters and Latin words."""
    han = len(HAN.findall(text))
    if han and OTHER_SCRIPT.search(text):
        return "other"
    words = len(LATIN_WORD.findall(text))
    if han == 0:
        return "en" if words else "other"
    # A brand name or "OK" inside Chinese is still Chinese; two or more real words make it mixed.
    if words >= 2 and words * 2 >= han // 4:
        return "mixed"
    return "zh"
