"""The demo centre's preventive programmes: a month of activities with sign-ups and past attendance, a family open
day with headcounts, the leadership open channel with answered questions, and a job-rotation plan.

Everything goes through the activities services (audited, with the same rules as real use); sign-ups for past
dates pass the day they were made as `now`. Idempotent: a centre that already has activities is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction

from hearth.activities.models import Activity, ActivityKind, Audience, ParticipationStatus, Question
from hearth.activities.selectors import zone_of
from hearth.activities.services import (
    ActivityDetails,
    Mark,
    activity_create,
    attendance_mark,
    participation_signup,
)
from hearth.activities.services_plan import question_answer, question_ask, rotation_save
from hearth.people.models import Centre, Person, PersonStatus, Role

# Staff of the demo (hearth/demo/names.py STAFF): employee ids.
MANAGER, HR, SOCIAL, AGENT, AGENT_EN = "S2008", "S2007", "S2005", "A1001", "A1002"

QUESTIONS = [  # (text, with the asker's name?, answer, published)
    ("夜班结束是早上六点，公司班车七点半才发，能不能加一班早班车？", False,
     "从下月起，每周一至周五早上 6:20 加开一班班车，停靠地铁站和员工宿舍。", True),
    ("Could escalation macros for the EU store be reviewed with us? Some of them sound cold in English.", True,
     "Yes: the VIP team lead will run a review session with volunteers from the EU team next month.", True),
    ("希望英语等级证书能计入绩效考核和晋升。", False,
     "人力资源正在修订考评方案，证书加分会在下季度试行，方案定稿前会征求大家的意见。", False),
    ("退款纠纷队列连续排班太久了，可以按周轮换吗？", False, "", False),
]


def demo_activities(*, centre: Centre, people: dict[str, Person], now: datetime) -> None:
    """A month of preventive activities for the demo centre (`people` by employee id), as of `now`."""
    if Activity.objects.filter(centre=centre).exists():
        return
    rng = random.Random(11)
    zone = zone_of(centre.time_zone)
    today = now.astimezone(zone).date()
    manager, hr, social = people[MANAGER], people[HR], people[SOCIAL]
    agent_ids = set(Person.objects.filter(centre=centre, status=PersonStatus.ACTIVE, roles__role=Role.AGENT)
                    .values_list("pk", flat=True))
    agents = sorted((p for p in people.values() if p.pk in agent_ids), key=lambda p: p.employee_id)
    teams = {t.name: t for t in centre.teams.all()}
    eu = next((t for name, t in teams.items() if "Europe" in name), None)

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour, minute), tzinfo=zone)

    def details(kind: str, title: str, start: datetime, hours: float, **extra: object) -> ActivityDetails:
        return ActivityDetails(kind=kind, title=title, starts_at=start, ends_at=start + timedelta(hours=hours),
                               **extra)  # type: ignore[arg-type]

    with transaction.atomic():
        english = activity_create(centre=centre, by=hr, recurrence="weekly", occurrences=4, details=details(
            ActivityKind.BUSINESS_ENGLISH, "商务英语：退款纠纷中的得体表达 · Business English for refund disputes",
            at(-14, 17, 30), 1.5, place="培训室 2 Training room 2", capacity=12,
            signup_deadline=at(-15, 12), description="用真实（已脱敏）的对话练习：道歉、解释政策、给出方案。"
            " Practise with real, masked conversations: apologising, explaining a policy, offering a way out.",
            audience=Audience.SHIFTS, shifts=("night", "evening", "rotating")))
        cross = activity_create(centre=centre, by=social, details=details(
            ActivityKind.CROSS_CULTURAL, "跨文化沟通工作坊：欧美客户的期待 · Cross-cultural workshop: EU & US customers",
            at(-6, 16), 2, online_link="https://meet.example.com/cross-cultural", capacity=20,
            audience=Audience.TEAMS if eu else Audience.ALL, teams=(eu,) if eu else (),
            description="直接与委婉、节假日与时差、投诉的语气：看同一句话在不同文化里怎么被理解。"))[0]
        badminton = activity_create(centre=centre, by=hr, details=details(
            ActivityKind.SPORTS, "羽毛球之夜 · Badminton evening", at(5, 19), 2, place="园区体育馆 Campus gym",
            capacity=8, signup_deadline=at(4, 18), description="球拍和球由公司准备。Rackets and shuttles provided."))[0]
        family = activity_create(centre=centre, by=social, details=details(
            ActivityKind.FAMILY, "家庭开放日：来看看我们的工作 · Family open day", at(12, 10), 4,
            place="客服中心一楼 Ground floor", capacity=40, signup_deadline=at(10, 18),
            description="带家人参观工位、体验一次模拟接待、和同事的家人认识。No names needed: just tell us how many."))[0]
        channel = activity_create(centre=centre, by=manager, details=details(
            ActivityKind.OPEN_CHANNEL, "你问我答：与中心领导面对面 · Ask leadership", at(8, 15), 1,
            place="多功能厅 Meeting hall", description="把问题带来，也可以先在“沟通渠道”匿名提问。"))[0]

        # Past workshops: sign-ups made days before, then attendance (most came, a few did not).
        night = [p for p in agents if p.shift_pattern in ("night", "evening", "rotating")]
        for occurrence in english[:2]:
            joined = rng.sample(night, min(len(night), 11)) + ([people[AGENT]] if AGENT in people else [])
            for person in dict.fromkeys(joined):
                participation_signup(activity=occurrence, person=person, now=occurrence.starts_at - timedelta(days=3))
            holding = occurrence.participations.filter(status=ParticipationStatus.SIGNED_UP)
            attendance_mark(activity=occurrence, by=hr, now=now, marks={
                p.person_id: Mark(attended=rng.random() < 0.85) for p in holding})
        if eu is not None:
            eu_agents = [p for p in agents if p.team_id == eu.pk]
            for person in rng.sample(eu_agents, min(len(eu_agents), 9)):
                participation_signup(activity=cross, person=person, now=cross.starts_at - timedelta(days=2))
            attendance_mark(activity=cross, by=social, now=now, marks={
                p.person_id: Mark(attended=rng.random() < 0.9)
                for p in cross.participations.filter(status=ParticipationStatus.SIGNED_UP)})
        # Coming up: the next English date, badminton (full, with a waiting list), the family day, ask leadership.
        for occurrence in english[2:]:  # signed up before their deadlines (the third date may be today)
            for person in rng.sample(night, min(len(night), 6)):
                participation_signup(activity=occurrence, person=person,
                                     now=min(now, occurrence.signup_deadline or now) - timedelta(days=1))
        for person in rng.sample(agents, min(len(agents), 10)):
            participation_signup(activity=badminton, person=person, now=now)
        for person in rng.sample(agents, min(len(agents), 9)):
            participation_signup(activity=family, person=person, adults=rng.choice([1, 1, 2]),
                                 children=rng.choice([0, 1, 1, 2]), now=now)
        for person in rng.sample(agents, min(len(agents), 5)):
            participation_signup(activity=channel, person=person, now=now)

        # The open channel: questions, most answered, some published on the board.
        askers = [people[AGENT_EN]] if AGENT_EN in people else agents[:1]
        for text, named, answer, published in QUESTIONS:
            question = question_ask(person=askers[0] if named else rng.choice(agents), text=text, anonymous=not named)
            if answer:
                question_answer(question=question, by=manager if published else hr, answer=answer,
                                published=published)
        Question.objects.filter(centre=centre).update(asked_on=today - timedelta(days=5))

        # The rotation plan: relief from the refund-dispute queue, and a month with the escalations team.
        vip = next((t for name, t in teams.items() if "VIP" in name), None)
        movers = [p for p in agents if p.team_id is not None][:2]
        if len(movers) == 2:
            rotation_save(by=hr, person=movers[0], starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=21),
                          from_team=movers[0].team, from_queue="退款纠纷队列 Refund disputes", to_queue="售前咨询 Pre-sales chat",
                          reason="暂离退款纠纷队列，缓解连续高压 · Relief from the refund-dispute queue", status="active")
            rotation_save(by=manager, person=movers[1], starts_on=today + timedelta(days=14),
                          ends_on=today + timedelta(days=44), from_team=movers[1].team, to_team=vip,
                          to_queue="升级工单 Escalations", reason="发展轮岗：学习处理升级工单 · Development: escalations")
