"""The demo centre's case work: a resource directory and cases at every stage, written through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta

from hearth.care.models import Case, CaseSource, SupportRequest
from hearth.care.services import case_refer
from hearth.care.services_cases import (
    case_advance,
    case_assessment_save,
    case_close,
    case_consent_set,
    case_goal_add,
    case_goal_rate,
    case_open,
    case_plan_agree,
    case_referral_save,
    case_session_add,
    case_task_add,
    case_task_done,
)
from hearth.care.services_family import family_contact_add, resource_link_save, resource_save
from hearth.demo import names
from hearth.demo.builder import DRIFTING, LEAVERS
from hearth.people.models import Centre, Person

# (kind, name, what it offers, how to reach it): the centre's own directory, in the demo's language.
RESOURCES = [
    ("family_jobs", "园区家属就业推荐", "园区物流仓、安检和食堂岗位，优先推荐员工家属；白班为主。", "人事部 王老师 分机 8021"),
    ("hardship", "员工困难互助金", "家庭遭遇重病、意外等突发困难时申请，一次最高 5000 元。", "工会办公室，每周二、四下午"),
    ("childcare", "夜班员工子女托管", "与社区合作的晚间托管，夜班员工子女 3–12 岁可报名。", "社区服务中心 0571-8800 1234"),
    ("health", "员工心理援助热线（EAP）", "7×24 小时保密心理咨询，每人每年 6 次免费面谈。", "400-800-1234"),
    ("legal", "劳动与家事法律咨询", "合作律所每月一次驻场咨询，涉及劳动合同、婚姻家事。", "每月第一个周五，3 楼会议室"),
]


def _at(case: Case, when: datetime) -> None:
    """Date a demo case as if it had opened then (the services stamp 'now')."""
    Case.objects.filter(pk=case.pk).update(opened_at=when, first_contact_at=when + timedelta(days=1))
    case.refresh_from_db()


def demo_care(*, centre: Centre, people: dict[str, Person], now: datetime) -> None:
    """Resources and five cases: waiting referral, assessment, plan, services (the support request), closed."""
    if Case.objects.filter(centre=centre).exists():
        return
    social = people[names.STAFF["social"][0]]
    lead = people[names.STAFF["lead"][0]]
    directory = {kind: resource_save(centre_id=centre.pk, by=social, kind=kind, name=name, description=text,
                                     contact=contact)
                 for kind, name, text, contact in RESOURCES}

    # 1. Services: the agent who asked for a conversation (basic burnout: nights, no sleep).
    request = SupportRequest.objects.filter(person=people["A1005"]).first()
    case = case_open(person=people["A1005"], by=social, source=CaseSource.SELF, support_request=request)
    _at(case, now - timedelta(days=24))
    for kind in ("services", "statistics"):
        case_consent_set(case=case, kind=kind, granted=True, by=social)
    case_advance(case=case, by=social)
    case_assessment_save(
        case=case, by=social, primary_type="basic", needs=["health_safety", "belonging"],
        support_map={"family": 1, "friends": 1, "colleagues": 2, "mentor": 0},
        personal_factors="连续四个月夜班，白天入睡困难；独自在杭州，家人在老家。英语和小语种沟通能力强。",
        enterprise_factors="夜班排班固定、缺少轮换；跨境平台 3 分钟响应考核压力大。",
    )
    case_advance(case=case, by=social)
    sleep = case_goal_add(case=case, by=social, description="夜班后能连续睡满 6 小时", indicator="睡眠日记，每周至少 4 天")
    case_goal_add(case=case, by=social, description="两个月内换到晚班或轮换班", indicator="排班表")
    diary = case_task_add(case=case, by=social, title="记两周睡眠日记", owner="agent", due_on=(now + timedelta(days=3)).date())
    case_task_add(case=case, by=social, title="和组长沟通排班轮换", owner="worker", due_on=(now - timedelta(days=2)).date())
    case_plan_agree(case=case, by=social)
    case_advance(case=case, by=social)
    for days, notes, summary in (
        (20, "初次面谈：主要困扰是睡眠和孤独感，情绪尚稳定。", "我们一起看了你的排班，约定先记睡眠日记。"),
        (13, "睡眠日记显示平均 4.5 小时；讨论了遮光和固定作息。", "试试遮光窗帘和下班后不看手机。"),
        (6, "情绪好转，愿意参加师徒帮小组。", ""),
    ):
        case_session_add(case=case, by=social, held_on=(now - timedelta(days=days)).date(), kind="individual",
                         minutes=50, techniques=["active_listening", "psychoeducation"], notes=notes,
                         summary_for_agent=summary, shared_with_agent=bool(summary))
    case_task_done(task=diary, by=people["A1005"])
    case_goal_rate(goal=sleep, by=social, attainment=0)
    resource_link_save(case=case, by=social, resource=directory["health"], note="已告知 EAP 热线，作为夜间备用支持。")

    # 2. Assessment: a belonging case from the team lead's referral, taken by the social worker.
    referred = case_refer(person=people["A1026"], by=lead, concern="最近对客户回复很冷淡，常用模板，组会也不说话。")
    from hearth.care.services_cases import case_assign

    case_assign(case=referred, worker=social, by=social)
    _at(referred, now - timedelta(days=6))
    case_consent_set(case=referred, kind="services", granted=True, by=social)
    case_advance(case=referred, by=social)

    # 3. Service plan: a developmental case the social worker opened after a radar alert.
    plan = case_open(person=people["A1011"], by=social, source=CaseSource.RADAR)
    _at(plan, now - timedelta(days=12))
    for kind in ("services", "statistics"):
        case_consent_set(case=plan, kind=kind, granted=True, by=social)
    case_advance(case=plan, by=social)
    case_assessment_save(case=plan, by=social, primary_type="developmental", needs=["development"],
                         support_map={"family": 2, "friends": 2, "colleagues": 1, "mentor": 0},
                         personal_factors="入职两年半，希望转向质检或培训岗；自我评价偏低。",
                         enterprise_factors="晋升标准不透明，近半年 CSAT 下滑。")
    case_advance(case=plan, by=social)
    case_goal_add(case=plan, by=social, description="写出一份一年职业规划", indicator="规划书，与组长讨论过")
    case_task_add(case=plan, by=social, title="报名职引未来小组", owner="agent",
                  due_on=(now + timedelta(days=10)).date())

    # 4. Closed: a family case (belonging burnout) with a mediation, a resource for the family, and an outcome.
    steady = [p for eid, p in sorted(people.items()) if eid.startswith("A1") and eid not in DRIFTING
              and eid not in LEAVERS and eid != "A1005" and p.status == "active" and p.team_id == lead.team_id]
    closed = case_open(person=steady[0], by=social, source=CaseSource.SOCIAL_WORKER, kind="family")
    _at(closed, now - timedelta(days=100))
    for kind in ("services", "family", "statistics"):
        case_consent_set(case=closed, kind=kind, granted=True, by=social)
    case_advance(case=closed, by=social)
    case_assessment_save(case=closed, by=social, primary_type="belonging", needs=["belonging"],
                         support_map={"family": 1, "friends": 2, "colleagues": 2, "mentor": 1})
    case_advance(case=closed, by=social)
    goal = case_goal_add(case=closed, by=social, description="和爱人就夜班作息达成一致", indicator="家庭会谈约定")
    partner = family_contact_add(case=closed, by=social, name="张丽", relation="partner", phone="138 0000 1234",
                                note="只谈排班与家务分工")
    case_advance(case=closed, by=social)
    case_session_add(case=closed, by=social, held_on=(now - timedelta(days=80)).date(), kind="mediation", minutes=90,
                     techniques=["mediation", "problem_solving"], family_present=[partner],
                     notes="双方同意工作日由爱人接送孩子，周末轮流。", summary_for_agent="家庭会谈约定已写下，各执一份。",
                     shared_with_agent=True)
    resource_link_save(case=closed, by=social, resource=directory["childcare"], for_family=True, status="granted")
    case_goal_rate(goal=goal, by=social, attainment=1)
    case_referral_save(case=closed, by=social, service="legal", status="completed", organisation="合作律所驻场咨询")
    case_advance(case=closed, by=social)
    case_close(case=closed, by=social, reason="goals_met", satisfaction=5)

    # 5. A referral no one has taken yet: it waits in the ledger.
    case_refer(person=steady[1], by=lead, concern="连续几天下班后情绪低落，想请社工关心一下。")
