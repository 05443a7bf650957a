"""Mask personal data in a message: emails, phone numbers, order numbers, amounts, handles, names."""

from __future__ import annotations

import re

_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9])"

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_HANDLE = re.compile(r"(?<![A-Za-z0-9._])@[A-Za-z0-9_]{1,30}")
_AMOUNT = re.compile(
    r"(?:[$€£¥￥]|(?:RMB|CNY|USD|HKD|EUR|GBP)\s?)\s?\d[\d,]*(?:\.\d+)?"
    r"|\d[\d,]*(?:\.\d+)?\s?(?:元|块钱?|美元|美金|欧元|英镑|港币|dollars?|bucks|euros?|pounds|yuan|USD|RMB|CNY)"
    + _NOT_ALNUM_AFTER
)
_PHONE = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:"
    r"(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}"  # CN mobile
    r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}"  # international
    r"|\(?0\d{2,3}\)?[\s-]?\d{7,8}"  # CN landline
    r"|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"  # North American
    r"|400[\s-]?\d{3}[\s-]?\d{4}"  # CN service numbers
    r")"
    + _NOT_ALNUM_AFTER
)
# Order, tracking and ticket ids: 6+ digits, or 8+ letters/digits/dashes containing 4+ digits.
_ORDER = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\d{6,}|(?=[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{7,})"
    + _NOT_ALNUM_AFTER
)
_NOT_NAMES_ZH = "顾客|用户|客户|会员|朋友|亲|买家|家长|同学|您|你"
_NAME_ZH = re.compile(
    r"(亲爱的|尊敬的)\s*(?!(?:" + _NOT_NAMES_ZH + r")(?:[，,：:！!\s]|$))"
    r"([\u4e00-\u9fff]{1,4}?)(先生|女士|小姐|同学|老师|[，,：:！!\s]|$)"
)
_TITLE_ZH = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](先生|女士|小姐)")
_NOT_NAMES_EN = r"(?:There|Team|All|Everyone|Sir|Madam|Customer|Friend|Friends|Folks|Guys)\b"
_NAME_EN = re.compile(
    r"\b(Dear|Hi|Hello|Hey|Thanks|Thank you|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+(?!" + _NOT_NAMES_EN + r")"
    r"[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?"
)


def mask_personal(text: str) -> str:
    """Replace personal data with [email] [phone] [order] [amount] [name] placeholders."""
    text = _EMAIL.sub("[email]", text)
    text = _HANDLE.sub("[name]", text)
    text = _AMOUNT.sub("[amount]", text)
    text = _PHONE.sub("[phone]", text)
    text = _ORDER.sub("[order]", text)
    text = _NAME_ZH.sub(r"\1[name]\3", text)
    text = _TITLE_ZH.sub(r"[name]\1", text)
    return _NAME_EN.sub(lambda m: f"{m.group(1)} [name]", text)
