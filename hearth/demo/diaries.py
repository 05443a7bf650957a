"""The demo centre's emotion diaries and a buddy pair.

Three weeks of diary history for the demo's Chinese agent (A1001) and two for the English one (A1002), written
through the diary service (so the thinking traps are found by the real detector), a few with a reframe and one
shared with the social worker; the two are buddies, paired by the social worker, with weekly check-ins; two more
agents have opted in, so the social worker's pairing page has someone to pair. All words are invented.
Idempotent: an agent who already has entries, or a pair that exists, is left alone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from hearth.diaries.models import BuddyPair, CheckIn, Entry
from hearth.diaries.services import (
    buddy_pair_create,
    buddy_willingness_set,
    checkin_create,
    entry_create,
    entry_reframe,
    entry_share,
)
from hearth.people.models import Centre, Person, PersonStatus, Role

AGENT, AGENT_EN, SOCIAL = "A1001", "A1002", "S2005"

# (mood, situation, thought, feelings, what I did, reframe or "")
ZH_ENTRIES = [
    (2, "夜班最后一单，美国客户因为物流延误骂了二十分钟，还说要给差评。",
     "这个客户就是故意针对我，我永远也做不好这份工作。", ["wronged", "tired"], "下线后去茶水间喝了杯热水。",
     "客户是在气物流和等待，不是在气我；这单我已经按流程做到能做的了。"),
    (3, "质检抽查了我上周的三通对话。", "肯定又要被扣分了，组长一定觉得我很差。", ["anxious"], "先把手头的工单做完。", ""),
    (2, "连续第五个晚班，凌晨三点进线量突然翻倍。", "我撑不下去了，一切都完了。", ["tired", "helpless"],
     "和旁边的同事换着休息了十分钟。", "今晚很难，但高峰一般两小时就过去，我以前也撑过来了。"),
    (4, "一位德国客户专门留言感谢我帮她找回包裹。", "这只是运气好，不算什么。", ["happy"], "截图存了下来。",
     "是我追了三次物流才找回来的，这也是我的本事。"),
    (3, "退款政策又改了，话术还没更新。", "我应该什么都记得住，忘了就是我不专业。", ["anxious"], "把新政策做成了便签。", ""),
    (2, "有客户在对话里用脏话骂人，我按流程结束了对话。", "我就是个没用的人，连一个客户都安抚不了。", ["wronged", "sad"],
     "给家里打了个电话。", ""),
    (3, "白天睡不好，楼下装修。", "今天肯定会很糟糕。", ["tired"], "戴上耳塞补了两小时觉。", ""),
    (4, "组长在早会上提到我的满意度上升了。", "总算有点进步。", ["calm", "happy"], "晚上和室友去吃了火锅。", ""),
    (3, "跨时区排班，和家人一周没说上话。", "大家都觉得我不在乎他们。", ["sad"], "约好了周末视频。", ""),
    (2, "一张工单被退回三次，系统一直报错。", "每次都是这样，什么都不顺。", ["angry", "tired"], "把报错截图提交给了技术支持。",
     "系统的错不是我的错；我已经把问题报上去了。"),
    (4, "顺利处理了一个复杂的退换货。", "我能处理好难的单子。", ["calm"], "记下了这次的处理步骤。", ""),
    (3, "明天要考英语口语。", "我感觉自己会考砸，所以一定会考砸。", ["anxious"], "练了半小时常用句型。", ""),
    (4, "夜班结束看到日出。", "今天还不错。", ["calm"], "散步回宿舍。", ""),
    (3, "新同事问了我很多问题。", "我得把每件事都做到完美才行。", ["tired"], "给她整理了一份常见问题清单。", ""),
]
EN_ENTRIES = [
    (2, "A customer in Texas called me incompetent over a late parcel.",
     "Everyone thinks I am useless, I always mess up.", ["wronged"], "Took five minutes off the queue.",
     "One customer was angry at a late parcel. My CSAT this week is fine."),
    (3, "Quality review flagged my tone in two chats.", "I should never make mistakes like that.", ["anxious"],
     "Asked the trainer for an example of a better reply.", ""),
    (4, "Solved a tricky refund in one contact.", "That went well.", ["happy"], "Told my buddy.", ""),
    (2, "Back-to-back night shifts again.", "This will never get better.", ["tired", "helpless"], "Went to bed early.", ""),
    (3, "Customer apologised after shouting.", "Maybe it wasn't about me after all.", ["calm"], "Had tea.", ""),
    (4, "Finished the business English course module.", "I'm getting better at this.", ["happy"], "Went for a run.", ""),
]
ZH_SKIP = {9, 15}  # days (ago) without an entry in A1001's three weeks
CHECKINS = [  # (days ago, writer is the Chinese agent?, how, note)
    (16, True, 2, "这周夜班好累，谢谢你听我吐槽。"),
    (14, False, 4, "Glad we talked. Try the earplugs!"),
    (9, True, 3, "睡得好一点了，周末和家人视频了。"),
    (2, False, 3, "Busy week here too. Same time next Monday?"),
]


def _at(person: Person, now: datetime, days_ago: int, hour: int, minute: int = 0) -> datetime:
    """A moment `days_ago` days before `now`, at a local hour of the person's own time zone, never after now."""
    zone = ZoneInfo(person.time_zone or "Asia/Shanghai")
    day = now.astimezone(zone).date() - timedelta(days=days_ago)
    moment = datetime.combine(day, time(hour, minute), tzinfo=zone)
    return min(moment, now - timedelta(minutes=5))


def _write(person: Person, now: datetime, plan: list[tuple[int, tuple[int, str, str, list[str], str, str]]],
           hour: int) -> list[Entry]:
    entries = []
    for days_ago, (mood, situation, thought, feelings, did, reframe) in plan:
        entry = entry_create(person=person, mood=mood, situation=situation, thought=thought, feelings=feelings,
                             did=did, now=_at(person, now, days_ago, hour, 10 + days_ago))
        if reframe:
            entry_reframe(entry=entry, by=person, reframe=reframe)
        entries.append(entry)
    return entries


def _active_agent(people: dict[str, Person], employee_id: str) -> Person | None:
    person = people.get(employee_id)
    if person is None or person.status != PersonStatus.ACTIVE or not person.has_role(Role.AGENT):
        return None
    return person


def demo_diaries(*, centre: Centre, people: dict[str, Person], now: datetime) -> None:
    """Diary history for the demo agents, a buddy pair with check-ins, and two more agents who opted in."""
    agent, agent_en, social = _active_agent(people, AGENT), _active_agent(people, AGENT_EN), people.get(SOCIAL)
    with transaction.atomic():
        if agent is not None and not Entry.objects.filter(person=agent).exists():
            days = [d for d in range(20, -1, -1) if d not in ZH_SKIP]
            entries = _write(agent, now, [(d, ZH_ENTRIES[i % len(ZH_ENTRIES)]) for i, d in enumerate(days)], hour=7)
            if social is not None:
                entry_share(entry=entries[0], by=agent, reader_id=social.pk)
        if agent_en is not None and not Entry.objects.filter(person=agent_en).exists():
            _write(agent_en, now, [(d, EN_ENTRIES[i % len(EN_ENTRIES)]) for i, d in enumerate(range(13, -1, -2))],
                   hour=20)
        if agent is None or agent_en is None or social is None:
            return
        if BuddyPair.objects.filter(first=agent, second=agent_en).exists():
            return
        buddy_willingness_set(person=agent, offers=False, seeks=True)
        buddy_willingness_set(person=agent_en, offers=True, seeks=False)
        pair = buddy_pair_create(by=social, first=agent, second=agent_en)
        started = _at(agent, now, 18, 10)
        BuddyPair.objects.filter(pk=pair.pk).update(created_at=started, started_at=started)
        for days_ago, by_agent, how, note in CHECKINS:
            writer = agent if by_agent else agent_en
            checkin = checkin_create(pair=pair, by=writer, how=how, note=note,
                                     held_on=_at(writer, now, days_ago, 12).date())
            CheckIn.objects.filter(pk=checkin.pk).update(created_at=_at(writer, now, days_ago, 12))
        others = [p for p in sorted(people.values(), key=lambda p: p.employee_id)
                  if p.centre_id == centre.pk and p.employee_id not in (AGENT, AGENT_EN)
                  and _active_agent(people, p.employee_id) is not None][:2]
        for person, offers in zip(others, (True, False), strict=False):
            buddy_willingness_set(person=person, offers=offers, seeks=not offers)
