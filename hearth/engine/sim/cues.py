"""Practice-specific cue lexicons (zh and en) for agent replies: blame, canned templates, rudeness,
concrete solutions and courtesy. Hearth's own phrase lists, in the style of detectors/lexicons.py.

Empathy, apology and ownership come from the signal engine (detectors.score_agent); these lists
add what a trainer looks for in a practice reply and the detectors do not cover.
"""

from __future__ import annotations

import re
from functools import lru_cache

ZH_CUES: dict[str, list[str]] = {
    # Putting the fault on the customer.
    "blame": [
        r"您自己没看清楚", r"你自己没看清楚", r"(?:您|你)自己(?:没|不)(?:看|注意|仔细|填|选)", r"(?:您|你)没(?:有)?(?:仔细)?看(?:清楚|详情|说明)",
        r"是(?:您|你)(?:自己)?的(?:问题|责任|错)", r"(?:您|你)(?:自己)?填错", r"(?:您|你)(?:自己)?选错", r"怪(?:您|你)自己",
        r"谁让(?:您|你)", r"早(?:就)?跟(?:您|你)说(?:过|了)", r"页面上写(?:得)?(?:很)?(?:清楚|明白)", r"(?:您|你)应该(?:早点|自己|先)",
        r"不是我们的(?:问题|责任)", r"跟我们(?:没|无)关", r"那是快递的(?:事|问题|责任)", r"找快递去", r"(?:您|你)自己去(?:问|找|联系)",
    ],
    # Canned lines that answer nothing by themselves.
    "template": [
        r"亲[，,]?您的问题(?:我们)?已(?:经)?收到", r"请(?:您)?耐心等待", r"感谢您的(?:来信|咨询)", r"已(?:经)?为您反馈(?:给)?相关部门",
        r"请以(?:页面|系统)(?:信息|显示)为准", r"我们会尽快(?:为您)?处理(?:的)?[。！]?$", r"给您带来的不便敬请谅解", r"如有(?:其他)?疑问请(?:随时)?联系",
        r"这边(?:已经)?帮您催促了?哦", r"一切以平台规则为准",
    ],
    # Rude or dismissive toward the customer.
    "rude": [
        r"爱买不买", r"你烦不烦", r"别(?:再)?烦", r"有完没完", r"听不懂(?:吗|是吧)", r"说了多少遍", r"我也没办法", r"不归我管",
        r"(?:你|您)冷静(?:一下|点)", r"随便(?:你|您)", r"你(?:想|要)投诉就投诉", r"懒得", r"自己看(?:吧|去)",
    ],
    # A concrete action already taken or promised, with its specifics.
    "action": [
        r"已(?:经)?(?:为|给|帮)您(?:补发|重新发|退款|退回|申请|登记|加急|改|换|发起|安排|办理|升级|提交|开通|备注|修改|处理)",
        r"(?:马上|立即|现在|今天)(?:为|给|帮)您(?:补发|退款|申请|安排|办理|发起|登记|联系)", r"(?:为|给|帮)您(?:补发|退款|换货|重新发货|上门取件|免运费)",
        r"已(?:经)?(?:补发|退款|登记|提交|加急|发起|升级)", r"(?:退款|补发|换货|工单|理赔)(?:已|会在|将在)", r"运费(?:由我们|我们来)承担",
        r"已(?:经)?(?:把|将)?[^，。！？]{0,12}(?:提交|申请|安排|通知|登记|补发|退回|同意|开通|预约)", r"原路退回", r"上门取件", r"优惠券", r"无忧退",
        r"(?:现在|马上|立即|立刻|今天)(?:就)?(?:可以)?(?:为|给|帮)?(?:您)?(?:办理|补发|退款|提交|安排|申请|寄出|发出|出库|同意)",
        r"免费(?:换新|补发|退货|重发|护理)", r"(?:换新|补偿\d+元|全额退款)",
    ],
    # Acknowledging the customer's situation, beyond the signal engine's empathy phrases.
    "ack": [
        r"确实(?:太|很|挺|让人|是)", r"(?:您|你)(?:生气|着急|担心|不满)(?:是)?(?:完全)?(?:应该的|可以理解|正常)", r"换(?:谁|做是我)都会", r"让您(?:久等|担心|着急|失望|受委屈|不放心)",
        r"不用担心", r"(?:您)?别着急", r"理解您", r"您说得对", r"是我们的(?:错|问题|失误)",
    ],
    "specific": [
        r"\d{1,2}月\d{1,2}[日号]", r"(?:今天|明天|后天|本周[一二三四五六日])", r"\d+\s*(?:个)?(?:小时|工作日|天|分钟)(?:内|之内|以内)?", r"\d+(?:\.\d+)?\s*元",
        r"[¥￥]\s*\d+", r"订单(?:号)?\s*[:：]?\s*\w*\d{4,}", r"单号\s*[:：]?\s*\w*\d{4,}", r"工单(?:号)?\s*[:：]?\s*\w*\d{3,}", r"\d{1,2}[:：]\d{2}",
        r"(?:下午|上午|晚上|中午)\d{1,2}点",
    ],
    "polite": [r"您", r"请", r"谢谢", r"感谢", r"麻烦您", r"辛苦", r"好的"],
}

EN_CUES: dict[str, list[str]] = {
    "blame": [
        r"that'?s your (?:fault|problem|responsibility)", r"it'?s your (?:fault|problem|responsibility)", r"you should have (?:read|checked|looked|ordered|known)",
        r"you didn'?t (?:read|check|look)", r"as (?:clearly )?stated (?:on|in) the (?:listing|page|description|policy)", r"you (?:chose|selected|entered|typed) the wrong",
        r"you must have", r"if you had (?:read|checked)", r"not our (?:fault|problem|responsibility)", r"take it up with the (?:courier|carrier)",
        r"(?:that'?s|it'?s) the (?:courier|carrier)'?s (?:fault|problem)", r"blame the (?:courier|carrier)", r"read the (?:policy|listing|description)",
    ],
    "template": [
        r"thank you for (?:contacting|reaching out to) us", r"we apologi[sz]e for any inconvenience(?: caused)?", r"your (?:satisfaction|business) is (?:our|very) (?:top )?(?:priority|important)",
        r"please be patient", r"we value your (?:feedback|business)", r"please allow (?:some|a few) (?:time|days)", r"we will get back to you as soon as possible",
        r"(?:rest assured|kindly note) (?:that )?", r"we have (?:received|noted) your (?:request|concern|complaint)", r"per our policy", r"as per (?:our|the) policy",
    ],
    "rude": [
        r"calm down", r"relax", r"whatever(?= *(?:[.!,]|$))", r"whatever you (?:say|want)", r"deal with it", r"nothing i can do", r"not my (?:job|problem)", r"i already told you", r"like i said",
        r"go ahead and (?:complain|report|leave)", r"do what you want", r"stop (?:shouting|yelling|complaining)",
    ],
    "action": [
        r"i(?:'ve| have) (?:already |just |now )?(?:issued|processed|refunded|sent|arranged|created|opened|filed|booked|scheduled|requested|credited|reshipped|upgraded|escalated|emailed)",
        r"(?:i|we)(?:'ll| will) (?:issue|refund|reship|resend|send|arrange|credit|replace|cover|waive|call|email)", r"(?:full|partial) refund",
        r"(?:free|prepaid) (?:return )?(?:label|replacement|shipping)", r"replacement (?:is|has been|will be)", r"refund (?:is|has been|will be)",
        r"tracking number", r"return label", r"voucher", r"coupon",
        r"i(?:'ve| have) (?:already |just )?(?:asked|filed|released|added|marked|escalated|sent)", r"i can (?:send|refund|reship|issue|replace|ship|arrange|release|approve)",
        r"(?:is|are|was|has been) (?:filed|issued|released|processed|arranged|booked|approved|on its way)",
        r"(?:ships?|shipping|arrives?|released|issued|filed) (?:today|now|tomorrow|within)", r"no (?:need to|return) (?:return|send|needed)", r"no return needed",
        r"free (?:replacement|reship|of charge)", r"you (?:can )?keep (?:it|the)",
    ],
    "ack": [
        r"(?:that'?s|that is|it'?s|this is) (?:really |so |very |not )?(?:frustrating|annoying|stressful|worrying|acceptable|unacceptable|a real loss|serious)",
        r"you'?re right", r"fair (?:question|point|feedback|enough)", r"i understand", r"sorry (?:for|about) the (?:wait|delay|trouble|confusion|mix-up|worry|long wait)",
        r"(?:that'?s|it'?s|the mistake is) (?:our|my) (?:mistake|fault)", r"you should have had", r"you'?ve waited long enough", r"no need to apologi[sz]e",
    ],
    "specific": [
        r"(?:by|on|before) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today)", r"within \d+ (?:hours?|days?|business days?|minutes?)",
        r"\d+ (?:hours?|business days?|days?|minutes?)", r"[$€£]\s?\d+(?:\.\d\d)?", r"\d+(?:\.\d\d)? (?:usd|dollars|eur|sgd|rm|php)",
        r"order (?:number |no\.? |#)?\w*\d{4,}", r"#\s?\w*\d{4,}", r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}", r"\d{1,2}(?::\d\d)? ?(?:am|pm)",
        r"today", r"tomorrow",
    ],
    "polite": [r"please", r"thank you", r"thanks", r"i appreciate", r"kindly", r"happy to", r"glad to", r"sorry", r"apologi[sz]e", r"hi", r"hello"],
}

CATEGORIES = ("blame", "template", "rude", "action", "ack", "specific", "polite")


# Courtesy words sit inside other cues ("让您久等" holds "您"), so they get a pass of their own.
_SEPARATE = ("polite",)


@lru_cache(maxsize=8)
def cue_matcher(lang: str, separate: bool = False) -> re.Pattern[str]:
    """One regex with a named group per category for "zh" or "en" (whole words for en)."""
    table = ZH_CUES if lang == "zh" else EN_CUES
    names = [n for n in CATEGORIES if (n in _SEPARATE) == separate]
    body = "|".join(f"(?P<{name}>{'|'.join(table[name])})" for name in names)
    if lang == "en":
        body = rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"
    return re.compile(body, re.MULTILINE)


def find_cues(text: str, lang: str) -> dict[str, list[str]]:
    """The phrases of each category found in text, in order, without repeats."""
    found: dict[str, list[str]] = {name: [] for name in CATEGORIES}
    lowered = text.lower()
    langs = ("zh", "en") if lang in ("mixed", "other") else (lang,)
    for ll, separate in ((ll, sep) for ll in langs for sep in (False, True)):
        for m in cue_matcher(ll, separate).finditer(lowered):
            name = m.lastgroup or ""
            phrase = m.group().strip()
            if phrase and phrase not in found[name]:
                found[name].append(phrase)
    return found


def find_phrases(text: str, phrases: tuple[str, ...]) -> list[str]:
    """Which of the scenario's forbidden phrases appear in text (case-insensitive, as written)."""
    lowered = text.lower()
    return [p for p in phrases if p.lower() in lowered]


def find_terms(text: str, terms: tuple[str, ...]) -> list[str]:
    """Which solution terms appear; a term may list alternatives separated by "|"."""
    lowered = text.lower()
    hits: list[str] = []
    for term in terms:
        for alt in term.split("|"):
            alt = alt.strip()
            if alt and alt.lower() in lowered:
                hits.append(alt)
                break
    return hits
