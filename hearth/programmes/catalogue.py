"""The group programmes a social worker can start from, as data (en and zh-Hans, in Hearth's own words).

Drawn from corporate social work with customer-service agents: a mentoring circle for agents held back
by work skills (师徒帮), a confidence and resilience group for exhausted agents (自信昂扬), a career
exploration group (职引未来) and a question time with leadership (你问我答). Starting a group from a
template copies its name, purpose, goals, session outline and before/after questionnaire; the social
worker edits them from there. Personality typologies with weak evidence are left out on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

from hearth.engine.instruments import text_for

Text = dict[str, str]


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
)}


def template_choices(language: str) -> list[tuple[str, str]]:
    """(key, name) of every template in the reader's language."""
    return [(t.key, text_for(t.name, language)) for t in TEMPLATES.values()]
