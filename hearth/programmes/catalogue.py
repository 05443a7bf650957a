"""The group programmes a social worker can start from, as data (en and zh-Hans, in Hearth's own words).

Drawn from corporate social work with customer-service agents: a mentoring circle for agents held back
by work skills (师徒帮), a confidence and resilience group for exhausted agents (自信昂扬), a career
exploration group (职引未来) and a question time with leadership (你问我答). Starting a group from a
template copies its name, purpose, goals, session outline and before/after questionnaire; the social
worker edits them from there. Personality typologies with weak evidence are left out on purpose.

The stress-coping programme (kind "coping", run by a social worker or a trainer) follows how such training
is given in the field: basic understanding (about two days), simulated practice (about three days), then a
month of coaching, each phase with its modules (cognitive, emotional, behavioural, support, action plan),
its sessions and an assessment with a pass mark. Its text lives in catalogue_coping.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hearth.engine.instruments import text_for

Text = dict[str, str]


@dataclass(frozen=True)
class ModuleTemplate:
    """One module of a phase: its kind (cognitive, emotional, behavioural, support, action_plan) and content."""

    kind: str
    title: Text
    outline: Text
    link: str = ""  # a page of Hearth to practise on (the training app's simulations), or empty


@dataclass(frozen=True)
class PhaseTemplate:
    """One phase of a coping programme: planned days, pass criteria and mark, modules, sessions (theme, minutes)."""

    name: Text
    days: int
    pass_criteria: Text
    pass_mark: int
    modules: tuple[ModuleTemplate, ...]
    sessions: tuple[tuple[Text, int], ...]


@dataclass(frozen=True)
class ProgrammeTemplate:
    """One starting point: what the group is for, its default goals, its sessions and its questionnaire."""

    key: str
    name: Text
    purpose: Text
    goals: tuple[tuple[Text, Text], ...]  # (goal, measurable indicator)
    sessions: tuple[Text, ...]  # the themes, in order
    instrument: str
    enrolment: str  # "invite" or "open"
    mentoring: bool = False
    kind: str = "counselling"  # "counselling" (social workers only) or "coping" (social workers and trainers)
    phases: tuple[PhaseTemplate, ...] = ()

    def text(self, value: Text, language: str) -> str:
        """A text of the template in a Django language code ('zh-hans', 'en')."""
        return text_for(value, language)


def _t(en: str, zh: str) -> Text:
    return {"en": en, "zh-hans": zh}




TEMPLATES: dict[str, ProgrammeTemplate] = {t.key: t for t in (
    ProgrammeTemplate(
        key="mentoring",
        name=_t("Mentoring circle", "师徒帮"),
        purpose=_t(
            "Experienced agents pair with newer colleagues who find parts of the job hard. Skills grow faster "
            "with someone at your side, and talking with colleagues eases the distance from customers that "
            "burnout brings. Mentors' effort is recognised with rewards.",
            "由经验丰富的客服与在工作技能上遇到困难的新同事结对。身边有人带，技能提升更快；与同事多交流，也能缓解倦怠带来的"
            "对客户的疏离感。导师的付出会以奖励的形式得到认可。"),
        goals=(
            (_t("Mentees handle their most difficult kind of customer contact on their own",
                "学员能独立处理自己最难应对的一类客户沟通"),
             _t("Mentor and mentee agree at the last session that the mentee handles it alone",
                "最后一次活动时，导师与学员一致认为学员能独立处理")),
            (_t("Members feel less distant from customers", "成员对客户的疏离感减轻"),
             _t("Customer-related burnout score lower after than before", "结束时的客户相关倦怠分数低于开始时")),
            (_t("Every pair meets between sessions", "每对师徒在活动之间都有见面交流"),
             _t("At least four meetings per pair, reported at the sessions", "每对至少见面四次，在活动中汇报")),
        ),
        sessions=(
            _t("Getting to know each other and forming pairs", "相互认识，师徒结对"),
            _t("The calls and chats we find hardest", "我们觉得最难的电话和会话"),
            _t("Shadowing: learning by watching and being watched", "跟岗学习：看别人做，请别人看"),
            _t("Difficult customers: words that work", "难缠的客户：管用的话术"),
            _t("Looking after yourself after a hard contact", "一次艰难沟通之后如何照顾自己"),
            _t("What we learned; thanks and rewards for mentors", "收获分享，感谢并奖励导师"),
        ),
        instrument="cbi",
        enrolment="invite",
        mentoring=True,
    ),
    ProgrammeTemplate(
        key="confidence",
        name=_t("Confidence and resilience group", "自信昂扬小组"),
        purpose=_t(
            "For agents who feel drained or doubt they are good at the job. Over tea and shared stories, "
            "members learn to spot unhelpful thoughts, see their work more accurately and cope better with "
            "pressure. Anyone can sign up.",
            "面向感到精疲力竭、怀疑自己能否胜任的客服。在茶话会和故事分享中，成员学习识别不合理的情绪和想法，更客观地看待"
            "工作，提升应对压力的能力。自由报名。"),
        goals=(
            (_t("Members recognise an unhelpful thought when it comes and answer it", "成员能察觉并回应不合理的想法"),
             _t("Each member brings one example they caught and reframed", "每位成员带来一个自己察觉并调整的例子")),
            (_t("Less exhaustion", "疲惫感减轻"),
             _t("Personal and work-related burnout scores lower after than before", "结束时的个人倦怠与工作相关倦怠分数降低")),
            (_t("Members have someone to turn to at work", "成员在工作中有可以求助的人"),
             _t("Each member names a colleague they would ask for help", "每位成员能说出一位可以求助的同事")),
        ),
        sessions=(
            _t("Group tea: why we are here", "小组茶话会：我们为什么来这里"),
            _t("Stories you didn't know about each other", "你不知道的故事"),
            _t("Spotting unhelpful thoughts", "识别不合理的想法"),
            _t("Seeing the work as it is", "客观看待我们的工作"),
            _t("Pressure: what helps us cope", "压力面前，什么帮得上忙"),
            _t("Sharing what worked, and going on", "经验分享，勇往直前"),
        ),
        instrument="cbi",
        enrolment="open",
    ),
    ProgrammeTemplate(
        key="career",
        name=_t("Career exploration group", "职引未来小组"),
        purpose=_t(
            "For agents unsure where their work is leading. Through reflection exercises, picture-book "
            "reading and role play, members explore their interests and strengths and leave with a personal "
            "career plan.",
            "面向对职业发展感到迷茫的客服。通过自我探索练习、绘本阅读和角色扮演，成员了解自己的兴趣和能力，最终制定个人"
            "职业生涯规划。"),
        goals=(
            (_t("Every member writes a personal career plan", "每位成员写出个人职业生涯规划"),
             _t("A plan with a next step and a date, shared at the last session", "最后一次活动时分享含下一步行动和日期的规划")),
            (_t("Members know the paths open to them in the centre", "成员了解中心内可选的发展路径"),
             _t("Members can name two paths and what each asks for", "成员能说出两条路径及其要求")),
        ),
        sessions=(
            _t("Where am I now?", "我现在在哪里"),
            _t("Interests and strengths", "我的兴趣与能力"),
            _t("Picture-book reading: stories of choices", "绘本阅读：关于选择的故事"),
            _t("Paths in our centre and beyond", "中心内外的发展路径"),
            _t("Role play: the conversation with my lead", "角色扮演：和组长谈发展"),
            _t("My plan and my next step", "我的规划与下一步"),
        ),
        instrument="moaq_turnover",
        enrolment="open",
    ),
    ProgrammeTemplate(
        key="qa_leadership",
        name=_t("Question time with leadership", "你问我答"),
        purpose=_t(
            "Agents meet senior leaders face to face, raise what concerns them and get answers. Questions can "
            "be gathered in advance; the social worker follows up on every promise made.",
            "为客服提供与高层领导面对面交流的机会，就自己关心的问题直接反馈和建议，并得到解答。问题可提前收集；社工跟进"
            "每一项承诺的落实。"),
        goals=(
            (_t("Agents' questions get answers", "客服的问题得到解答"),
             _t("Every question gathered is answered at the meeting or in writing within two weeks",
                "收集到的每个问题都在会上或两周内书面答复")),
            (_t("Promises made are kept", "承诺得到落实"),
             _t("Follow-up on each promise reported at the next session", "每项承诺的进展在下一次活动中通报")),
        ),
        sessions=(
            _t("Gathering the questions", "收集问题"),
            _t("Question time with leadership", "与领导面对面问答"),
            _t("What happened since: follow-up", "后续进展通报"),
        ),
        instrument="moaq_satisfaction",
        enrolment="open",
    ),
    ProgrammeTemplate(
        key="stress_coping",
        kind="coping",
        name=_t("Stress-coping programme", "压力应对培训"),
        purpose=_t(
            "Chat and phone work brings a steady load of contacts, customers' anger carried over to the agent "
            "and a product range that never stops changing. This programme gives agents tools for all three, "
            "in three phases: two days to understand where pressure comes from and how to meet it, three days "
            "of practice on simulated difficult contacts, then a month of weekly coaching on a personal action "
            "plan. Each phase ends with an assessment.",
            "会话和电话工作意味着源源不断的咨询量、客户转嫁过来的情绪，以及不断更新的商品知识。本培训针对这三方面为客服"
            "提供应对工具，分三个阶段：两天的基础认知，理解压力从哪里来、怎样应对；三天的模拟实战，在模拟的棘手沟通中练习；"
            "之后一个月，围绕个人行动计划每周辅导一次。每个阶段结束时都有考核。"),
        goals=(
            (_t("Members catch a thinking trap and reframe it", "成员能察觉思维陷阱并进行重构"),
             _t("Each member passes the phase 1 check and brings one reframed example to coaching",
                "每位成员通过第一阶段考核，并在辅导中带来一个自己重构的例子")),
            (_t("Members stay calm and kind with a difficult customer", "面对难缠的客户，成员能保持冷静与善意"),
             _t("Each member passes the simulated practice assessment", "每位成员通过模拟实战考核")),
            (_t("Less exhaustion", "疲惫感减轻"),
             _t("Personal and work-related burnout scores lower after than before", "结束时的个人倦怠与工作相关倦怠分数降低")),
            (_t("Every member leaves with an action plan they use", "每位成员都有一份真正用起来的行动计划"),
             _t("The plan is reviewed at all four coaching check-ins", "四次辅导面谈都回顾了行动计划")),
        ),
        sessions=(),  # filled from the phases below
        instrument="cbi",
        enrolment="invite",
        phases=(
            PhaseTemplate(
                name=_t("Basic understanding", "基础认知"),
                days=2,
                pass_criteria=_t(
                    "A short written check at the end of day 2: name the three pressures of the job, spot the "
                    "thinking trap in three sample thoughts and reframe one, and say which tools you will try. "
                    "60 points or more passes.",
                    "第二天结束时进行简短笔试：说出客服工作的三类压力来源，找出三个示例想法中的思维陷阱并重构其中一个，"
                    "说出自己准备尝试的工具。60分及以上为通过。"),
                pass_mark=60,
                modules=(
                    ModuleTemplate("cognitive", _t("Thinking traps and reframing", "认知调整：思维陷阱与重构"), _t(
                        "Most complaints are about a parcel, a refund or a rule, not about the agent who answers. "
                        "Three traps make them feel personal: taking it personally (\"it is my fault\"), "
                        "catastrophising (one bad chat means I will never be good at this) and absolutes "
                        "(\"customers always nitpick\"). Reframing: check the thought against the facts and "
                        "replace it with one that is true and useful — \"this is a process problem; here is what "
                        "I can offer\".",
                        "大多数投诉针对的是包裹、退款或规则，而不是接待的客服本人。三种思维陷阱会让人把投诉当成针对自己："
                        "个人化（“都是我的错”）、灾难化（一次没处理好，就觉得自己永远做不好）、绝对化（“客户总是挑剔”）。"
                        "认知重构：用事实检验想法，换成一个既真实又有用的想法——“这是流程问题，我可以给客户提供这些办法”。")),
                    ModuleTemplate("emotional", _t("Emotional labour: deep rather than surface acting",
                                                   "情绪劳动：深层扮演而非表层扮演"), _t(
                        "Surface acting is a fixed smile over what you really feel; done all day it drains you. "
                        "Deep acting means trying to see the customer's situation until the calm is partly real. "
                        "Empathy language names the customer's feeling and the next step (\"I can see the delay "
                        "has spoiled your plans; let me check the parcel now\") instead of a scripted apology.",
                        "表层扮演是在真实感受之上挂一张固定的笑脸，整天如此会让人耗竭。深层扮演是努力理解客户的处境，"
                        "让平静在一定程度上发自内心。同理心语言会说出客户的感受和下一步（“我理解延误打乱了您的安排，"
                        "我现在就帮您查包裹”），而不是套话式的道歉。")),
                    ModuleTemplate("behavioural", _t("The toolbox: time, micro-breaks, relaxation",
                                                     "行为策略：时间管理、微休息与放松"), _t(
                        "Work in short focused blocks and batch similar tickets; take a micro-break of a minute "
                        "between hard contacts (stand, breathe out slowly, look away from the screen); a few "
                        "relaxation exercises that work at the desk; small changes to the workplace such as "
                        "plants and water within reach.",
                        "以短时专注的时间块工作，把同类工单集中处理；在两次艰难沟通之间做一分钟微休息（站起来、慢慢呼气、"
                        "把视线移开屏幕）；几种在工位上就能做的放松练习；工作环境的小改变，比如绿植、随手可取的饮水。")),
                    ModuleTemplate("support", _t("Who can help: peers, mentor, counsellor",
                                                 "支持体系：同事、导师与心理咨询"), _t(
                        "Pressure is lighter when it is shared: a colleague to talk to after a hard shift, a "
                        "mentor for skills, the team's morning huddle to swap tips, and the centre's social "
                        "worker or counsellor, confidentially, when it is more than a bad day.",
                        "压力有人分担就会轻一些：难熬的班次后可以倾诉的同事、在技能上带你的导师、交流经验的班前会，"
                        "以及当问题不只是糟糕的一天时，可以保密求助的中心社工或心理咨询师。")),
                ),
                sessions=(
                    (_t("Day 1 morning: where our pressure comes from", "第一天上午：我们的压力从哪里来"), 180),
                    (_t("Day 1 afternoon: thinking traps and reframing", "第一天下午：思维陷阱与认知重构"), 180),
                    (_t("Day 2 morning: emotional labour and empathy language", "第二天上午：情绪劳动与同理心语言"), 180),
                    (_t("Day 2 afternoon: the toolbox and who can help; the written check",
                        "第二天下午：减压工具箱与支持体系；笔试考核"), 180),
                ),
            ),
            PhaseTemplate(
                name=_t("Simulated practice", "模拟实战"),
                days=3,
                pass_criteria=_t(
                    "Three simulated contacts on day 3 — an angry complaint, a refund dispute and a customer "
                    "who will not end the chat — rated on de-escalation, empathy language and how you recover "
                    "afterwards. 70 points or more passes.",
                    "第三天进行三个模拟沟通——愤怒的投诉、退款纠纷、迟迟不肯结束会话的客户——从情绪降温、同理心语言"
                    "以及事后的自我恢复三方面评分。70分及以上为通过。"),
                pass_mark=70,
                modules=(
                    ModuleTemplate("emotional", _t("De-escalation under pressure", "压力下的情绪降温"), _t(
                        "Role play in pairs and threes: let the customer finish, name the feeling, say what you "
                        "will do and by when; what to do when a customer insults you, and when to hand over.",
                        "两人或三人一组角色扮演：让客户把话说完、说出对方的感受、说明你将做什么以及何时完成；"
                        "客户辱骂时怎么办，什么时候应当转交。")),
                    ModuleTemplate("cognitive", _t("Reframing in the moment: case analysis", "即时重构：案例分析"), _t(
                        "Real contacts with names removed: what did the customer need, which thought got in the "
                        "way, what would a reframed reply have said.",
                        "去掉姓名的真实案例：客户真正需要什么，哪个想法起了阻碍，重构后的回复会怎么说。")),
                    ModuleTemplate("behavioural", _t("Simulated chats and the one-minute reset",
                                                     "模拟会话与一分钟复位"), _t(
                        "Practise on the training app's simulated customers, then the one-minute reset after each "
                        "hard contact: breathe out, stretch, note one thing that went well.",
                        "在培训应用的模拟客户上练习，每次艰难沟通后做一分钟复位：呼气、伸展、记下一件做得好的事。"),
                        link="/training/"),
                ),
                sessions=(
                    (_t("Day 3: role play — the angry complaint", "第三天：角色扮演——愤怒的投诉"), 180),
                    (_t("Day 3: case analysis — what the customer needed", "第三天：案例分析——客户真正需要什么"), 180),
                    (_t("Day 4: simulated chats in the training app", "第四天：在培训应用中进行模拟会话"), 180),
                    (_t("Day 4: de-escalation drills and the one-minute reset", "第四天：情绪降温演练与一分钟复位"), 180),
                    (_t("Day 5: practice assessment — three simulated contacts", "第五天：实战考核——三个模拟沟通"), 240),
                ),
            ),
            PhaseTemplate(
                name=_t("Coaching", "持续辅导"),
                days=30,
                pass_criteria=_t(
                    "A written action plan, reviewed with your coach (an experienced agent or a counsellor) at "
                    "four weekly check-ins, with at least two tools from the programme in regular use. The coach "
                    "rates pass or fail, or gives a score: 60 or more passes.",
                    "一份书面行动计划，在四次每周辅导面谈中与辅导员（资深客服或心理咨询师）一起回顾，并且至少有两种"
                    "培训中学到的工具在日常中坚持使用。辅导员评定通过或不通过，或给出分数：60分及以上为通过。"),
                pass_mark=60,
                modules=(
                    ModuleTemplate("action_plan", _t("My action plan", "我的行动计划"), _t(
                        "Two or three tools you will use and when; the early signs that pressure is rising for "
                        "you; who you will turn to; one change you will ask your team for.",
                        "你将使用的两三种工具以及使用时机；提示自己压力正在上升的早期信号；你会向谁求助；希望团队做出的一项改变。")),
                    ModuleTemplate("support", _t("Weekly coaching", "每周辅导"), _t(
                        "Thirty minutes a week with your coach: what happened, which tool helped, what to try "
                        "next. The coach points you to the social worker when more help is needed.",
                        "每周与辅导员面谈三十分钟：发生了什么，哪个工具有用，下周尝试什么。需要更多帮助时，辅导员会引导你联系社工。")),
                ),
                sessions=(
                    (_t("Coaching week 1: writing my action plan", "辅导第一周：写下我的行动计划"), 45),
                    (_t("Coaching week 2: what helped, what to try next", "辅导第二周：哪些有用，下一步尝试什么"), 45),
                    (_t("Coaching week 3: early signs and support", "辅导第三周：早期信号与支持"), 45),
                    (_t("Coaching week 4: review and the phase assessment", "辅导第四周：回顾与阶段考核"), 45),
                ),
            ),
        ),
    ),
)}


# A phased template's session outline is the sessions of its phases, in order.
TEMPLATES = {key: (t if not t.phases else replace(t, sessions=tuple(theme for phase in t.phases
                                                                   for theme, _m in phase.sessions)))
             for key, t in TEMPLATES.items()}


def template_choices(language: str) -> list[tuple[str, str]]:
    """(key, name) of every template in the reader's language."""
    return [(t.key, text_for(t.name, language)) for t in TEMPLATES.values()]


def template_kind(key: str) -> str:
    """The kind of programme a template starts ("counselling" for custom groups and unknown keys)."""
    chosen = TEMPLATES.get(key)
    return chosen.kind if chosen else "counselling"
