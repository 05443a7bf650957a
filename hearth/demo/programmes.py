"""The demo centre's group programmes: a running mentoring circle (师徒帮), an ended confidence group (自信昂扬)
and a stress-coping programme (压力应对培训) run by the trainer, in its second phase (simulated practice) with
the first phase assessed.

Built through the programme services, as a social worker would; the before/after questionnaires are written
as answered history (closed campaigns, `invitation_record_past`), so no one gets a notice for them.
Idempotent: a second call finds the groups and changes nothing (each part is looked up by its template).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction

from hearth.assessments.models import Campaign, CampaignPurpose, Invitation
from hearth.assessments.services import campaign_create, invitation_record_past
from hearth.demo import names
from hearth.people.models import Centre, Person, PersonStatus, Role
from hearth.programmes import services, services_coping
from hearth.programmes.models import Membership, Programme, ProgrammeStatus

SEED = 11


def _agents(people: dict[str, Person]) -> list[Person]:
    """Active agents of the demo, the demo's own agent logins first, then by employee id."""
    ids = [p.pk for p in people.values()]
    agents = list(Person.objects.filter(pk__in=ids, roles__role=Role.AGENT, status=PersonStatus.ACTIVE)
                  .distinct().order_by("employee_id"))
    own = [names.STAFF["agent"][0], names.STAFF["agent.en"][0]]
    return sorted(agents, key=lambda p: (p.employee_id not in own, p.employee_id))


def _cbi(rng: random.Random, level: float) -> dict[str, dict[str, int | None]]:
    """CBI answers around a burnout level between 0 (none) and 4 (always)."""

    def item(shift: float = 0.0) -> int:
        return int(min(max(round(level + shift + rng.gauss(0, 0.5)), 0), 4))

    answers: dict[str, int | None] = {f"p{i}": item() for i in range(1, 7)}
    answers |= {f"w{i}": item() for i in range(1, 7)}
    answers["w7"] = 4 - item()  # reverse-keyed
    answers |= {f"c{i}": item(-0.5) for i in range(1, 7)}
    return {"cbi": answers}


def _measure(programme: Programme, by: Person, phase: str, members: list[Person], opens_at: datetime,
             levels: dict[int, float], rng: random.Random) -> Campaign:
    """A before/after questionnaire already closed, answered by the members in `levels` during its window."""
    label = "前测" if phase == "pre" else "后测"
    campaign = campaign_create(
        centre=programme.centre, created_by=by, title=f"{programme.title} · {label}", instruments=["cbi"],
        people=members, opens_at=opens_at, closes_at=opens_at + timedelta(days=7), purpose=CampaignPurpose.PROGRAMME,
    )
    Invitation.objects.bulk_create([
        Invitation(campaign=campaign, person=p, team_id=p.team_id, shift_pattern=p.shift_pattern) for p in members
    ])
    for invitation in campaign.invitations.select_related("person"):
        if invitation.person_id in levels:
            invitation_record_past(invitation=invitation, answers=_cbi(rng, levels[invitation.person_id]),
                                   submitted_at=opens_at + timedelta(days=1, hours=rng.randint(1, 100)))
    Campaign.objects.filter(pk=campaign.pk).update(invitations_sent_at=opens_at)
    if phase == "pre":
        programme.pre_campaign = campaign
    else:
        programme.post_campaign = campaign
    programme.save(update_fields=["pre_campaign", "post_campaign"])
    return campaign


def _group(centre: Centre, social: Person, template: str, members: list[Person], counted: int,
           start: datetime) -> tuple[Programme, list[Membership]]:
    programme = services.programme_create(centre=centre, by=social, template=template, language="zh-hans",
                                          starts_on=start.date())
    memberships = []
    for index, person in enumerate(members):
        membership = services.membership_invite(programme=programme, by=social, person=person)
        services.membership_respond(membership=membership, accept=True)
        if index < counted:
            services.membership_consent_set(membership=membership, counted=True)
        memberships.append(membership)
    services.programme_status_set(programme=programme, by=social, status=ProgrammeStatus.RUNNING)
    return programme, memberships


def _sessions(programme: Programme, social: Person, memberships: list[Membership], start: datetime, held: int,
              rng: random.Random, notes: list[str]) -> None:
    for index, session in enumerate(list(programme.sessions.all())[:held]):
        marks = {m.pk: "present" if rng.random() < 0.85 else rng.choice(["absent", "excused"]) for m in memberships}
        services.session_record(session=session, by=social, held_on=(start + timedelta(days=7 * index)).date(),
                                minutes=90, attendance=marks, notes=notes[index % len(notes)])


def demo_programmes(*, centre: Centre, people: dict[str, Person], now: datetime) -> None:
    """The demo's group programmes (idempotent): a running 师徒帮 and an ended 自信昂扬 with before/after results."""
    if not centre.is_demo:
        raise ValueError("demo programmes go only into the demo centre")
    agents = _agents(people)
    social = people[names.STAFF["social"][0]]
    if not Programme.objects.filter(centre=centre, template="mentoring").exists():
        _counselling_groups(centre, social, agents, now)
    if not Programme.objects.filter(centre=centre, template="stress_coping").exists():
        _coping_programme(centre, people[names.STAFF["trainer"][0]], social, agents, now)


def _counselling_groups(centre: Centre, social: Person, agents: list[Person], now: datetime) -> None:
    """师徒帮 three weeks in, and 自信昂扬 ended a week ago with before and after answered."""
    rng = random.Random(SEED)
    with transaction.atomic():
        # 师徒帮: eight agents, four experienced mentors (earliest hired) with four newer mentees; three weeks in.
        start = now - timedelta(days=21)
        circle_people = agents[:1] + agents[2:9]
        circle, memberships = _group(centre, social, "mentoring", circle_people, counted=6, start=start)
        by_hire = sorted(memberships, key=lambda m: (m.person.hire_date or now.date(), m.person.employee_id))
        mentors, mentees = by_hire[:4], by_hire[4:]
        for mentor, mentee in zip(mentors, mentees, strict=True):
            services.pair_add(programme=circle, by=social, mentor=mentor, mentee=mentee)
        mentors[0].refresh_from_db()
        services.reward_add(mentor=mentors[0], by=social, kind="certificate", awarded_on=(now - timedelta(days=7)).date(),
                            note="耐心带教，学员已能独立处理退款纠纷")
        _measure(circle, social, "pre", circle_people, start - timedelta(days=2),
                 {p.pk: rng.uniform(1.5, 3.2) for p in circle_people[:7]}, rng)
        _sessions(circle, social, memberships, start, 3, rng, [
            "大家结对后互相介绍，气氛轻松；下次带上最难处理的一通来电。",
            "组员分享了最难的会话，导师示范了安抚话术；多数人表示有收获。",
            "跟岗观摩进行顺利，下次重点练习投诉升级前的沟通。",
        ])

        # 自信昂扬: seven agents, open enrolment; six weeks, ended a week ago, before and after answered.
        start = now - timedelta(days=56)
        group_people = agents[1:2] + agents[9:15]
        group, memberships = _group(centre, social, "confidence", group_people, counted=6, start=start)
        before = {p.pk: rng.uniform(2.0, 3.4) for p in group_people}
        _measure(group, social, "pre", group_people, start - timedelta(days=3), before, rng)
        _sessions(group, social, memberships, start, 6, rng, [
            "茶话会上大家说出了参加的原因，彼此很快熟悉起来。",
            "“你不知道的故事”环节中组员互相支持，气氛温暖。",
            "练习识别不合理的想法，组员举出了很多工作中的例子。",
            "讨论如何客观看待客服工作的价值，大家更愿意表达。",
            "分享应对压力的方法，整理出一份小组的减压清单。",
            "经验分享与告别，组员约定继续互相支持。",
        ])
        after = {pk: max(level - rng.uniform(0.2, 1.0), 0.3) for pk, level in before.items() if rng.random() < 0.95}
        _measure(group, social, "post", group_people, start + timedelta(days=40), after, rng)
        for goal, rating in zip(group.goals.all(), [1, 0, 1], strict=False):
            services.programme_goal_rate(goal=goal, by=social, attainment=rating)
        services.programme_status_set(programme=group, by=social, status=ProgrammeStatus.ENDED)
        group.ends_on = (start + timedelta(days=42)).date()
        group.save(update_fields=["ends_on"])


PHASE_ONE_NOTES = [
    "能准确识别个人化想法，重构的句子自然，可在辅导中继续练习。",
    "对情绪劳动理解到位，同理心表达还可以更具体。",
    "",
]


def _coping_programme(centre: Centre, trainer: Person, social: Person, agents: list[Person], now: datetime) -> None:
    """压力应对培训 run by the trainer with the social worker: phase 1 held and assessed, phase 2 under way."""
    rng = random.Random(SEED + 1)
    start = now - timedelta(days=5)
    members = agents[:1] + agents[15:22]
    with transaction.atomic():
        programme, memberships = _group(centre, trainer, "stress_coping", members, counted=6, start=start)
        services.programme_facilitator_add(programme=programme, by=trainer, worker=social)
        _measure(programme, trainer, "pre", members, start - timedelta(days=3),
                 {p.pk: rng.uniform(1.8, 3.3) for p in members}, rng)
        held_on = [start, start, start + timedelta(days=1), start + timedelta(days=1),
                   start + timedelta(days=4), start + timedelta(days=4)]
        notes = ["大家梳理了各自的压力来源，咨询量和客户情绪最常被提到。",
                 "练习识别三种思维陷阱，组员给出了很多工作中的例子。",
                 "分组练习同理心语言，体会深层扮演和表层扮演的区别。",
                 "整理减压工具箱，完成第一阶段笔试。",
                 "角色扮演愤怒的投诉，组员轮流扮演客户和客服。",
                 "分析去掉姓名的真实会话，讨论客户真正需要什么。"]
        for session, day, note in zip(programme.sessions.order_by("number"), held_on, notes, strict=False):
            marks = {m.pk: "present" if rng.random() < 0.9 else "excused" for m in memberships}
            services.session_record(session=session, by=trainer, held_on=day.date(), minutes=session.minutes,
                                    attendance=marks, notes=note)
        phase_one = programme.phases.get(order=1)
        scores = [rng.randint(62, 95) for _m in memberships]
        scores[-1] = 52  # one member retakes the written check in coaching
        services_coping.phase_assessments_record(phase=phase_one, by=trainer, entries={
            m.pk: (score, None, PHASE_ONE_NOTES[i % len(PHASE_ONE_NOTES)])
            for i, (m, score) in enumerate(zip(memberships, scores, strict=True))
        })
