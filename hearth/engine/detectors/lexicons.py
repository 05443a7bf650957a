"""Hearth's own customer-service phrase lists (zh and en), compiled into one regex per use.

Each category is a list of regular-expression alternatives. Customer categories carry a weight
(evidence added to the model's logit) and a floor (a hit guarantees at least this score): a
direct insult or threat at the agent is hostile whatever the model says. All lists are Hearth's
own; third-party word lists stay out of the repository (the shared data's rules), and what the
models learned from their training sets (data/ATTRIBUTION.md) covers wider profanity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Category:
    """One cue category: its name, which detector it feeds, evidence weight and floor."""

    name: str
    detector: str  # "hostility" | "negative" | "empathy" | "apology" | "ownership"
    weight: float = 0.0
    floor: float = 0.0


# ---------------------------------------------------------------- customer, Chinese
ZH_CUSTOMER: dict[str, list[str]] = {
    "insult": [
        r"废物", r"垃圾客服", r"饭桶", r"白痴", r"智障", r"弱智", r"脑残", r"蠢货", r"蠢猪",
        r"猪脑子?", r"是猪吗?", r"你是猪", r"傻子", r"傻瓜", r"笨蛋", r"神经病", r"有病吧?",
        r"脑子(?:有病|进水|有问题|被驴踢)", r"没脑子", r"狗东西", r"畜生", r"人渣", r"贱人",
        r"混蛋", r"王八蛋", r"不要脸", r"吃屎", r"听不懂人话", r"是不是傻", r"你们?(?:客服)?都是(?:废物|垃圾|骗子|白痴|猪)",
        r"骗子公司", r"一群骗子", r"你个(?:骗子|废物|垃圾)", r"没用的东西", r"死全家", r"干什么吃的", r"吃干饭的",
    ],
    "profanity": [
        r"卧槽", r"我靠", r"尼玛", r"你妈", r"妈的", r"他妈", r"特么", r"tmd", r"nmd", r"nmsl",
        r"cnm", r"sb", r"傻逼", r"傻b", r"煞笔", r"傻叉", r"操你", r"草泥马", r"狗日", r"日你",
        r"滚蛋", r"妈蛋", r"他娘的", r"去死", r"屁话", r"放屁",
    ],
    "threat": [
        r"投诉你", r"投诉你们", r"我要投诉", r"举报你", r"告你们?", r"曝光你们?", r"找你们?领导",
        r"让你(?:丢|下岗|失业|滚蛋)", r"开除你", r"你等着", r"等着瞧", r"走着瞧", r"(?<!\d)(?:12)?315(?!\d)", r"工商局", r"消协", r"消费者协会", r"媒体曝光", r"起诉", r"律师函", r"法院见",
        r"差评", r"黑猫投诉", r"市场监管", r"要你好看", r"弄死你",
    ],
    "contempt": [
        r"什么破", r"什么玩意", r"什么垃圾", r"就这服务", r"就这态度", r"呵呵", r"能不能专业点?",
        r"有没有脑子", r"你懂不懂", r"会不会说话", r"你们?是干什么吃的", r"干什么吃的", r"一问三不知",
        r"机器人吗", r"复读机", r"不想跟你说", r"跟你说不清", r"什么态度", r"态度(?:太|真)?差", r"服务(?:太|真)?差",
    ],
    "command": [
        r"给我闭嘴", r"你闭嘴", r"给我滚", r"滚开", r"滚吧", r"叫你们?(?:领导|经理|主管|上级)(?:来|出来)?",
        r"换个人", r"换(?:个)?客服", r"别废话", r"少废话", r"马上给我", r"立刻给我", r"赶紧给我", r"现在就给我",
        r"给我(?:退款|退钱|处理|解决)",
    ],
    "anger": [
        r"生气", r"气死", r"火大", r"愤怒", r"恼火", r"太过分", r"过分了?", r"欺人太甚", r"受够了", r"忍无可忍",
        r"太差", r"差劲", r"恶心", r"坑人", r"坑爹", r"被坑", r"骗人", r"欺骗", r"骗钱", r"垃圾", r"无语",
    ],
    "frustration": [
        r"失望", r"郁闷", r"烦死", r"心烦", r"太慢", r"好慢", r"慢死", r"等了(?:很久|好久|[一两三四五六七八九十\d]+天)",
        r"还没(?:到|发货|收到|退|处理|解决|回复)", r"一直(?:没|不)", r"到现在(?:还|都)", r"没人(?:管|理|回复|处理)",
        r"不满意", r"糟糕", r"后悔", r"退货", r"退款", r"不能用", r"用不了", r"坏了", r"破损", r"质量(?:太|很|真)?差",
        r"不靠谱", r"敷衍", r"推卸", r"踢皮球", r"又是", r"怎么回事", r"搞什么", r"到底什么时候", r"什么时候才", r"再也不",
        r"上当", r"不值", r"太贵", r"不好用", r"难用", r"一般般?", r"不推荐", r"不行", r"没用",
    ],
    "distress": [
        r"崩溃", r"着急", r"急死", r"急用", r"担心", r"害怕", r"焦虑", r"难受", r"伤心", r"难过",
        r"绝望", r"委屈", r"心累", r"受不了", r"怎么办", r"求求", r"拜托",
    ],
}

# ---------------------------------------------------------------- customer, English
EN_CUSTOMER: dict[str, list[str]] = {
    "insult": [
        r"are you (?:stupid|dumb|an idiot|a moron|retarded|serious|kidding me|deaf|blind)",
        r"you(?:'re| are| r) (?:so |an? |such an? |completely |totally |fucking |bloody )?(?:stupid|dumb|idiots?|morons?|useless|incompetent|pathetic|clueless|worthless|joke|clowns?|liars?|thie(?:f|ves)|scammers?|crooks?)",
        r"(?:idiots?|morons?|imbeciles?|clowns?|incompetent|clueless|brainless|useless|worthless|pathetic) (?:people|staff|agents?|company|service|bunch|lot)",
        r"bunch of (?:idiots|morons|clowns|crooks|liars|thieves|monkeys)", r"idiot", r"moron", r"imbecile",
        r"dumbass", r"jackass", r"scumbags?", r"loser", r"useless", r"incompetent", r"clueless", r"pathetic",
        r"can(?:'t|not) you read", r"do you even speak english", r"learn to read", r"brain dead",
    ],
    "profanity": [
        r"f+u+c+k\w*", r"f\*+k\w*", r"sh[i1]t\w*", r"bullshit", r"wtf", r"stfu", r"damn(?:ed|it)?", r"goddamn",
        r"crap(?:py)?", r"assholes?", r"bitch\w*", r"bastards?", r"dicks?", r"piss(?:ed)?(?: off)?", r"hell no",
        r"what the hell", r"bloody",
    ],
    "threat": [
        r"(?:get|have|make) (?:you|u|someone) fired", r"you(?:'ll| will) be fired", r"report you",
        r"report (?:this|your company)", r"sue (?:you|your company|them)", r"(?:see|take) you (?:in|to) court",
        r"my (?:lawyer|attorney)", r"legal action", r"better business bureau", r"\bbbb\b", r"small claims",
        r"file a complaint", r"(?:i'll|i will|gonna|going to) (?:post|tweet|tell everyone|go public|leave a review)",
        r"(?:1|one)[ -]star", r"chargeback", r"dispute (?:the|this) charge", r"you(?:'ll| will) regret",
        r"watch your back", r"i know where", r"i'll find you", r"cancel(?:ling|ing)? my (?:account|subscription|service)",
    ],
    "contempt": [
        r"what a joke", r"joke of a", r"are you kidding", r"you people", r"seriously\?+", r"unbelievable",
        r"do your job", r"how hard is it", r"not rocket science", r"speak to (?:a|your) (?:manager|supervisor|human|real person)",
        r"(?:let me |i want to |i need to )?talk to (?:a|your) (?:manager|supervisor|human|real person)",
        r"(?:is|are) (?:a|an) (?:joke|disgrace)", r"disgrace", r"shame on you", r"ridiculous", r"absurd",
    ],
    "command": [
        r"shut up", r"shut your", r"get me (?:a|your) (?:manager|supervisor)", r"just do (?:it|your job)",
        r"fix it now", r"do it now", r"right now", r"answer me", r"give me my money", r"i demand",
    ],
    "anger": [
        r"angry", r"furious", r"livid", r"outraged", r"pissed", r"mad (?:at|about)", r"hate", r"disgust(?:ed|ing)",
        r"sick (?:and tired )?of", r"fed up", r"enough is enough", r"unacceptable", r"outrageous", r"insult(?:ing|ed)",
        r"scam(?:med|mers?)?", r"rip(?:ped)?[ -]?off", r"stole", r"robbed", r"lied", r"liars?",
    ],
    "frustration": [
        r"frustrat\w*", r"annoy\w*", r"disappoint\w*", r"upset", r"irritat\w*",
        r"delayed", r"cancell?ed", r"refund", r"missing", r"lost my", r"for (?:hours|days|weeks)",
        r"(?:two|three|four|\d+) (?:hours|days|weeks)", r"why (?:is|are|does|do|did|can't|won't|hasn't|haven't)",
        r"what is going on", r"what's going on", r"fail(?:ed|s|ure)?", r"poor", r"again\?+", r"ugh+", r"not happy", r"unhappy",
    ],
    # A service failure stated plainly is a complaint, the frustration a customer-service detector must count,
    # even with no emotion word in it ("still waiting for my refund", "charged twice", "nobody answers").
    "service_failure": [
        r"terrible", r"awful", r"horrible", r"worst", r"poor (?:service|quality|experience)",
        r"bad (?:service|experience|customer service)",
        r"still (?:waiting|no|not|haven't|hasn't|have not|broken|down|nothing)",
        r"(?:no|zero) (?:response|reply|answer|help|update)", r"no one (?:helps|answers|replies|responds|cares)",
        r"nobody (?:helps|answers|replies|responds|cares)",
        r"(?:never|not|hasn't|haven't|has not|have not|didn't|did not) (?:arrived|received|delivered|showed up|come|came|been fixed|fixed|resolved|refunded)",
        r"never again", r"waste of (?:time|money)", r"wasted", r"not working", r"doesn'?t work", r"does not work",
        r"stopped working", r"broken", r"keeps? (?:crashing|failing|dropping)", r"down again", r"late again",
        r"overcharged", r"double charged", r"charged twice", r"on hold for", r"hours? on hold", r"useless", r"sucks?",
        r"no excuse", r"can'?t (?:log ?in|sign in|access|connect|get through)",
    ],
    "distress": [
        r"worried", r"anxious", r"scared", r"afraid", r"stress(?:ed|ful)?", r"desperate", r"panic\w*",
        # a plea, not a request: "please help!", "somebody help me." (but not "can you help me update…")
        r"(?:(?:please|pls|plz|somebody|someone|anyone) )?help(?: me| us)?(?= *(?:[!.,]|$))", r"i'm begging", r"can'?t afford", r"in tears", r"crying", r"devastated", r"heartbroken",
        r"sad", r"depressed", r"hopeless", r"at my wit'?s end", r"nightmare",
    ],
}

CUSTOMER_CATEGORIES: dict[str, Category] = {
    "insult": Category("insult", "hostility", weight=3.0, floor=0.85),
    "threat": Category("threat", "hostility", weight=2.5, floor=0.75),
    "command": Category("command", "hostility", weight=2.0, floor=0.6),
    "profanity": Category("profanity", "hostility", weight=2.0, floor=0.6),
    "contempt": Category("contempt", "hostility", weight=1.5),
    "anger": Category("anger", "negative", weight=2.0, floor=0.65),
    "frustration": Category("frustration", "negative", weight=1.2),
    "service_failure": Category("service_failure", "negative", weight=1.5, floor=0.6),
    "distress": Category("distress", "negative", weight=1.5, floor=0.55),
}
# Hostile cues are also evidence of negative emotion, a little weaker.
HOSTILE_TO_NEGATIVE = 0.6

# ---------------------------------------------------------------- customer politeness, both languages
# Request and courtesy markers. Hostility toward the agent rarely comes wrapped in them, while the
# tweet- and forum-trained n-gram models know nothing of customer service and read "can you update
# my address please" as aimed at someone. When one of these fires and no hostile cue (lexicon or
# style) did, the message's hostility logit drops by POLITE_HOSTILITY (and, with no negative cue,
# its negative logit by POLITE_NEGATIVE): a polite request needs more model evidence to be
# flagged. A lexicon insult, threat or profanity still fires whatever the courtesy around it.
# Not cues: they lower a score, they are not evidence of what a customer faced.
ZH_POLITE: dict[str, list[str]] = {
    "polite": [
        r"请问", r"麻烦(?:您|你|了|帮|给|把|请)", r"您", r"谢谢", r"感谢", r"多谢", r"劳驾", r"打扰(?:一下|了|您)",
        r"辛苦(?:了|您|你)", r"请(?:帮|把|给|您|尽快|核实|确认|查)", r"能不能帮", r"可以帮", r"能帮",
    ],
}
EN_POLITE: dict[str, list[str]] = {
    "polite": [
        r"please", r"pls", r"plz", r"kindly", r"thanks?", r"thank you", r"thx", r"cheers", r"appreciated?",
        r"(?:could|would|can|may) (?:you|i|we)", r"would you mind", r"sorry to bother", r"i'd like to", r"i would like to",
        r"hi", r"hello", r"good (?:morning|afternoon|evening)", r"dear",
    ],
}
POLITE_HOSTILITY = 1.5  # logit units; a prior, not fitted: threshold calibration runs with it in place
POLITE_NEGATIVE = 0.75

# ---------------------------------------------------------------- agent, both languages
ZH_AGENT: dict[str, list[str]] = {
    "empathy": [
        r"理解您", r"理解你", r"明白您", r"能理解", r"可以理解", r"体谅", r"感同身受", r"您的心情", r"您别着急",
        r"您先别着急", r"别担心", r"请您放心", r"辛苦您", r"让您久等", r"给您带来(?:的)?不便", r"给您添麻烦",
        r"感谢您的(?:耐心|理解|支持)", r"谢谢您的(?:耐心|理解)", r"确实(?:让人|挺|很)", r"换做是我",
    ],
    "apology": [
        r"抱歉", r"不好意思", r"对不起", r"致歉", r"道歉", r"歉意", r"非常遗憾", r"添麻烦了", r"是我们的(?:失误|问题|错)",
    ],
    "ownership": [
        r"我来(?:帮|为|给)?您?(?:处理|解决|跟进|查|核实|办理|安排|看)", r"我(?:这边|马上|立即|立刻|现在)?(?:帮|为|给)您",
        r"我这边", r"这边(?:帮|为|给)您", r"我会(?:帮|为|给|尽快|马上|立即|负责|跟进|持续|一直|确保)",
        r"我已(?:经)?(?:帮|为|给)您", r"我已(?:经)?(?:提交|反馈|申请|加急|催促|联系|登记|备注)", r"(?:帮|为)您(?:处理|解决|跟进|查询|核实|加急|申请|登记|催促)",
        r"负责到底", r"跟进到底", r"一定(?:帮|为|给)您", r"请交给我", r"包在我身上",
    ],
}
EN_AGENT: dict[str, list[str]] = {
    "empathy": [
        r"i (?:completely |totally |fully |can |do )?understand", r"i can (?:only )?imagine", r"i can see (?:how|why|that)",
        r"i hear you", r"i know how", r"that must (?:be|have been)", r"understandabl[ey]", r"must be (?:frustrating|annoying|stressful|difficult)",
        r"(?:thank you|thanks) for (?:your )?(?:patience|understanding|bearing with)", r"i appreciate (?:your|you)",
        r"sorry to hear", r"i get (?:it|that|how)", r"i'd feel the same", r"that's not the experience",
        r"frustrating for you", r"i see where you're coming from", r"you're right to",
    ],
    "apology": [
        r"sorry", r"apologi[sz]e\w*", r"apologies", r"my bad", r"(?:our|my) mistake", r"(?:our|my) fault",
        r"pardon", r"regret (?:the|any|that)",
    ],
    "ownership": [
        r"i(?:'ll| will) (?:make sure|ensure|take care|personally|look into|follow up|escalate|get (?:this|that|it|you)|fix|check|handle|sort|keep you|be happy to|help|arrange|process|send|update|reach out|contact)",
        r"let me (?:check|look|fix|help|sort|handle|get|see|find|take|escalate|make sure|follow)",
        r"i(?:'ve| have) (?:escalated|raised|fixed|processed|refunded|issued|sent|arranged|credited|reported|flagged|updated|submitted|contacted|requested)",
        r"leave it with me", r"i'm on it", r"i am on it", r"i'm (?:looking|checking) into", r"i am (?:looking|checking) into",
        r"i'll keep you (?:updated|posted)", r"(?:i|we)(?:'ll| will) get (?:this|it) (?:sorted|fixed|resolved)",
        r"i(?:'m| am) going to (?:make sure|fix|escalate|check|look)", r"i take (?:full )?responsibility",
    ],
}
AGENT_DETECTORS = ("empathy", "apology", "ownership")


def _alternation(phrases: list[str], literal: list[str]) -> str:
    """One alternation, longest literals first so the cue names the whole phrase."""
    alts = list(phrases) + [re.escape(p) for p in sorted(set(literal), key=lambda p: (-len(p), p))]
    return "|".join(alts)


def _first_chars(pattern: str) -> set[str] | None:
    """The set of characters a match can start with, or None when that is not simple to tell."""
    from re import _parser  # type: ignore[attr-defined]

    first: set[str] = set()

    def walk(items: list[tuple[object, object]]) -> bool:
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                first.add(chr(int(av)))  # type: ignore[call-overload]
                return True
            if name == "IN":
                for sub_op, sub_av in av:  # type: ignore[attr-defined]
                    if str(sub_op) == "LITERAL":
                        first.add(chr(sub_av))
                    elif str(sub_op) == "CATEGORY" and str(sub_av) == "CATEGORY_DIGIT":
                        first.update("0123456789")
                    else:
                        return False
                return True
            if name == "BRANCH":
                return all(walk(list(branch)) for branch in av[1])  # type: ignore[index]
            if name == "SUBPATTERN":
                return walk(list(av[3]))  # type: ignore[index]
            if name in ("ASSERT_NOT", "ASSERT", "AT"):
                continue
            if name in ("MAX_REPEAT", "MIN_REPEAT"):
                if not walk(list(av[2])):  # type: ignore[index]
                    return False
                if av[0] >= 1:  # type: ignore[index]
                    return True
                continue
            return False
        return False

    return first if walk(list(_parser.parse(pattern))) else None


@lru_cache(maxsize=8)
def matcher(lang: str, role: str) -> re.Pattern[str]:
    """The compiled single-pass regex for a language ("zh"/"en") and role ("customer", "polite", "agent").

    Each category is a named group, so one finditer() gives every hit and its category.
    """
    tables = {
        "customer": (ZH_CUSTOMER, EN_CUSTOMER),
        "polite": (ZH_POLITE, EN_POLITE),
        "agent": (ZH_AGENT, EN_AGENT),
    }
    table = tables[role][0 if lang == "zh" else 1]
    groups = []
    for name, phrases in table.items():
        literal: list[str] = []
        groups.append(f"(?P<{name}>{_alternation(phrases, literal)})")
    body = "|".join(groups)
    first = _first_chars(body)
    if first:
        # Python's re tries every branch at every position; a one-character-class lookahead
        # rejects most positions at once (the Aho-Corasick-like shortcut, without a dependency).
        body = f"(?=[{re.escape(''.join(sorted(first)))}])(?:{body})"
    if lang == "en":
        # Whole words only: "hell" must not fire inside "hello", nor "ass" inside "class".
        body = rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"
    return re.compile(body)
