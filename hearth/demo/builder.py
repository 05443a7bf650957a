"""The demo centre: a believable cross-border customer-service centre with six months of check-ups.

`demo_plan` decides everything (people, latent burnout, answers) from a seed without touching the
database; `demo_load` writes that plan through the apps' models and services, once.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hearth.assessments.models import Campaign, Invitation, Recurrence
from hearth.assessments.services import (
    campaign_create,
    campaign_open,
    invitation_record_past,
    outreach_consent_set,
)
from hearth.audit.services import audit_record
from hearth.care.models import SupportRequestStatus
from hearth.care.services import support_request_create, support_request_update
from hearth.demo import names
from hearth.people.models import (
    Centre,
    HelpdeskAccount,
    Person,
    PersonStatus,
    Role,
    RoleAssignment,
    Team,
)

DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105 -- published on purpose: the demo holds only invented data
DEMO_URL = "http://127.0.0.1:8000/"
CENTRE_ZONE = ZoneInfo("Asia/Shanghai")
INSTRUMENTS = ("cbi", "who5", "single_item_burnout", "moaq_satisfaction", "moaq_turnover")
PAST_WAVES = 6
WAVES = PAST_WAVES + 1  # the last one is open now
TEAM_SIZES = {"eu": 22, "sea": 18, "dom": 16, "vip": 4}  # agents, 60 in all
VIP_CURRENT_MAX = 3  # below k=5, so the VIP lead sees "not enough responses"

# Fixed by roster slot (not by seed) so tests and the radar can pin them whatever the seed.
DRIFTING = {
    "A1005": "basic", "A1011": "developmental",
    "A1026": "belonging", "A1033": "developmental",
    "A1044": "basic", "A1050": "belonging",
}
# Leavers: employee id → (reason key, last wave answered).
LEAVERS = {"A1014": ("burnout", 3), "A1019": ("burnout", 6), "A1030": ("pay", 4), "A1047": ("study", 5)}
SUPPORT_FROM_DRIFTING = "A1005"


class DemoError(Exception):
    """The demo cannot be loaded here; the message says why."""


@dataclass(frozen=True)
class DemoSummary:
    """What `demo_load` built: where to sign in, and which people the data was planted around."""

    centre_id: int
    logins: list[tuple[str, str, str]]
    drifting: dict[str, str]
    leavers: list[str]

    def describe(self) -> str:
        """A bilingual welcome for the console: the URL, one line per login, the two-factor note."""
        width = max(_width(label) for label, _u, _p in self.logins)
        lines = [
            "Hearth 演示中心已就绪 / The Hearth demo centre is ready.",
            f"打开 / Open: {DEMO_URL}",
            "登录账号 / Sign in as:",
        ]
        lines += [
            f"  {label}{' ' * (width - _width(label))}  {username:<9}  {password}"
            for label, username, password in self.logins
        ]
        lines += [
            "演示中心免除两步验证，所有账号可直接登录。",
            "Two-factor sign-in is waived in the demo centre; every login above works without it.",
            "演示数据均为虚构 / All demo data is invented.",
        ]
        return "\n".join(lines)


def _width(text: str) -> int:
    """Columns `text` takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class PlannedPerson:
    """One person of the demo roster."""

    employee_id: str
    name: str
    team: str  # team key, or "" for staff outside the teams
    role: str
    username: str
    ui_language: str
    languages: tuple[str, ...]
    time_zone: str
    shift: str
    hire_date: date
    leave_date: date | None = None
    leave_reason: str = ""
    helpdesk: tuple[str, str] | None = None  # (source, external id)
    consent: bool | None = None  # None: never decided


@dataclass(frozen=True)
class PlannedWave:
    """One monthly check-up wave (1-based); the last is open now."""

    number: int
    opens_at: datetime
    closes_at: datetime


@dataclass(frozen=True)
class PlannedAnswer:
    """One submitted check-up: {instrument: {item: value or None}}."""

    employee_id: str
    wave: int
    submitted_at: datetime
    language: str
    answers: dict[str, dict[str, int | None]]


@dataclass(frozen=True)
class DemoPlan:
    """Everything the demo holds, decided from a seed; no database involved."""

    people: list[PlannedPerson]
    waves: list[PlannedWave]
    invited: dict[int, list[str]]  # wave → employee ids, for the past waves
    answers: list[PlannedAnswer]
    support: list[tuple[str, str, str, bool]] = field(default_factory=list)  # id, message, contact, in contact


def _clip(x: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(max(x, low), high)


def _waves(now: datetime) -> list[PlannedWave]:
    local = now.astimezone(CENTRE_ZONE)
    waves = []
    for back in range(PAST_WAVES, 0, -1):
        index = local.year * 12 + local.month - 1 - back
        opens = datetime(index // 12, index % 12 + 1, 1, 9, 0, tzinfo=CENTRE_ZONE)
        waves.append(PlannedWave(len(waves) + 1, opens, opens + timedelta(days=10)))
    waves.append(PlannedWave(WAVES, now - timedelta(days=2), now + timedelta(days=8)))
    return waves


def _roster(rng: random.Random, today: date, waves: list[PlannedWave]) -> list[PlannedPerson]:
    fixed = {v[0]: (username, v) for username, v in names.STAFF.items()}
    chinese = [s + g for s in names.SURNAMES for g in names.GIVEN_NAMES]
    rng.shuffle(chinese)
    local_names = {zone: list(pool) for zone, pool in names.LOCAL_NAMES.items()}
    for pool in local_names.values():
        rng.shuffle(pool)
    # Between wave 1 closing and wave 2 opening, so `agent` has answered five past waves.
    agent_hired = (waves[0].closes_at + timedelta(days=5)).astimezone(CENTRE_ZONE).date()
    people: list[PlannedPerson] = []
    number = 1001
    for team, size in TEAM_SIZES.items():
        for _slot in range(size):
            eid = f"A{number}"
            number += 1
            long_serving = eid in DRIFTING or eid in LEAVERS
            hired = today - timedelta(days=rng.randint(220 if long_serving else 45, 3 * 365))
            zone, shift, langs = _profile(rng, team)
            if eid in fixed:
                username, (_e, name, _r, _t, ui, zone, shift) = fixed[eid]
                langs = ("zh", "en") if ui == "zh-hans" else ("en", "es")
                hired = agent_hired if username == "agent" else hired
            else:
                username, ui = "", "zh-hans"
                name = local_names[zone].pop() if zone in local_names and local_names[zone] else chinese.pop()
                if zone != "Asia/Shanghai":
                    ui = "en"
            leave_date, reason = None, ""
            if eid in LEAVERS:
                key, last = LEAVERS[eid]
                after = waves[last - 1].closes_at.astimezone(CENTRE_ZONE).date()
                leave_date, reason = after + timedelta(days=rng.randint(3, 12)), names.LEAVE_REASONS[key]
            source = "zendesk" if team in ("eu", "vip") else "chatwoot"
            external = str(rng.randint(360000000000, 369999999999)) if source == "zendesk" else str(rng.randint(1000, 9999))
            people.append(PlannedPerson(
                employee_id=eid, name=name, team=team, role=Role.AGENT, username=username, ui_language=ui,
                languages=langs, time_zone=zone, shift=shift, hire_date=hired, leave_date=leave_date,
                leave_reason=reason, helpdesk=(source, external),
            ))
    for username, (eid, name, role, team, ui, zone, shift) in names.STAFF.items():
        if role != Role.AGENT:
            people.append(_staff(eid, name, role, team, username, ui, zone, shift, today, rng))
    for team, (eid, name) in names.OTHER_LEADS.items():
        people.append(_staff(eid, name, Role.TEAM_LEAD, team, "", "zh-hans", "Asia/Shanghai", "day", today, rng))
    return people


def _staff(eid: str, name: str, role: str, team: str, username: str, ui: str, zone: str, shift: str,
           today: date, rng: random.Random) -> PlannedPerson:
    return PlannedPerson(
        employee_id=eid, name=name, team=team, role=role, username=username, ui_language=ui,
        languages=("zh", "en"), time_zone=zone, shift=shift,
        hire_date=today - timedelta(days=rng.randint(500, 3 * 365)),
    )


def _profile(rng: random.Random, team: str) -> tuple[str, str, tuple[str, ...]]:
    """Time zone, shift pattern and languages for one agent of `team`."""
    if team == "eu":
        zone = rng.choices(["Asia/Shanghai", "Europe/Berlin", "America/Los_Angeles"], [18, 2, 1])[0]
        if zone != "Asia/Shanghai":
            return zone, "day", ("en", "es") if rng.random() < 0.3 else ("en",)
        shift = rng.choices(["night", "rotating", "evening"], [7, 2, 1])[0]
        return zone, shift, ("zh", "en", "es") if rng.random() < 0.15 else ("zh", "en")
    if team == "sea":
        zone = rng.choices(["Asia/Shanghai", "Asia/Singapore", "Asia/Manila", "Asia/Jakarta"], [7, 3, 4, 4])[0]
        shift = rng.choices(["day", "evening", "rotating"], [5, 3, 2])[0]
        langs = {
            "Asia/Shanghai": ("zh", "en", rng.choice(["th", "vi", "ms"])),
            "Asia/Singapore": ("en", "zh", "ms"),
            "Asia/Manila": ("en",),
            "Asia/Jakarta": ("id", "en"),
        }[zone]
        return zone, shift, langs
    if team == "dom":
        return "Asia/Shanghai", rng.choices(["day", "evening"], [3, 2])[0], ("zh",)
    return "Asia/Shanghai", rng.choice(["rotating", "day"]), ("zh", "en", "ja") if rng.random() < 0.5 else ("zh", "en")


def _trajectory(rng: random.Random, person: PlannedPerson) -> list[tuple[float, float, float, float]]:
    """Per wave: latent exhaustion e, customer cynicism c, intention to leave t, and personal offset."""
    base_e = rng.gauss(0.36, 0.13)
    if person.shift == "night":
        base_e += 0.12 if person.team == "eu" else 0.06
    elif person.shift == "rotating":
        base_e += 0.04
    base_e += 0.05 if person.team == "vip" else 0.0
    # Steady agents stay below the instruments' "high" cut-offs (CBI 75, intention to leave 5 of 7), personal offset included:
    # the demo plants exactly who is drifting, so the radar's flags can be checked against it.
    base_e = _clip(base_e, 0.05, 0.5)
    base_c = _clip(0.3 + 0.6 * (base_e - 0.36) + rng.gauss(0, 0.12), 0.02, 0.55)
    base_t = _clip(0.25 + 0.7 * (base_e - 0.36) + rng.gauss(0, 0.15), 0.02, 0.5)
    offset = rng.gauss(0, 0.06)
    kind = DRIFTING.get(person.employee_id)
    leaver = LEAVERS.get(person.employee_id)
    out = []
    for wave in range(1, WAVES + 1):
        f = (wave - 1) / (PAST_WAVES - 1)  # 0 at the first wave, 1 at the last past wave
        e, c, t = base_e, base_c, base_t
        if kind == "basic":
            e, c, t = 0.33 + 0.52 * f, base_c + 0.1 * f, base_t + 0.1 * f
        elif kind == "belonging":
            e, c, t = 0.40 + 0.12 * f, 0.25 + 0.55 * f, base_t + 0.05 * f
        elif kind == "developmental":
            e, c, t = 0.40 + 0.12 * f, base_c + 0.05 * f, 0.15 + 0.70 * f
        elif person.username == "agent":
            e, c, t = 0.50 + 0.03 * (wave - 2), 0.40 + 0.01 * wave, 0.35 + 0.02 * (wave - 2)
        elif leaver is not None:
            g = wave / leaver[1]
            if leaver[0] == "burnout":
                e, t = 0.50 + 0.35 * g, 0.40 + 0.45 * g
            else:
                e, t = 0.40 + 0.08 * g, 0.35 + 0.45 * g
        # A steady agent's true level barely moves between waves; answers still vary item by item.
        sd = 0.035 if kind or leaver or person.username == "agent" else 0.015
        out.append((
            _clip(e + rng.gauss(0, sd), 0.02, 0.97), _clip(c + rng.gauss(0, sd), 0.02, 0.97),
            _clip(t + rng.gauss(0, sd), 0.02, 0.97), offset,
        ))
    return out


def _answers(rng: random.Random, e: float, c: float, t: float, offset: float) -> dict[str, dict[str, int | None]]:
    """Item answers from the latent levels; ~2% of CBI and MOAQ items left blank."""

    def item(level: float, low: int, high: int, sd: float) -> int:
        return int(min(max(round(low + (high - low) * level + rng.gauss(0, sd)), low), high))

    def maybe(value: int) -> int | None:
        return None if rng.random() < 0.02 else value

    cbi: dict[str, int | None] = {}
    for i in range(1, 7):
        cbi[f"p{i}"] = maybe(item(_clip(e + offset), 0, 4, 0.5))
    for i in range(1, 7):
        cbi[f"w{i}"] = maybe(item(e, 0, 4, 0.5))
    cbi["w7"] = maybe(item(1 - e, 0, 4, 0.5))  # reverse-keyed: high means good
    for i in range(1, 7):
        cbi[f"c{i}"] = maybe(item(c, 0, 4, 0.5))
    satisfied = _clip(1 - 0.7 * e - 0.3 * t)
    return {
        "cbi": cbi,
        "who5": {f"i{i}": item(1 - e, 0, 5, 0.6) for i in range(1, 6)},
        "single_item_burnout": {"b1": item(e, 1, 5, 0.5)},
        "moaq_satisfaction": {
            "s1": maybe(item(satisfied, 1, 7, 0.7)),
            "s2": maybe(item(1 - satisfied, 1, 7, 0.7)),  # reverse-keyed
            "s3": maybe(item(satisfied, 1, 7, 0.7)),
        },
        "moaq_turnover": {f"t{i}": maybe(item(t, 1, 7, 0.7)) for i in range(1, 4)},
    }


def demo_plan(*, seed: int = 7, now: datetime) -> DemoPlan:
    """Decide the whole demo from `seed`: same seed, same people and answers (dates follow `now`)."""
    rng = random.Random(seed)
    waves = _waves(now)
    today = now.astimezone(CENTRE_ZONE).date()
    people = _roster(rng, today, waves)
    invited: dict[int, list[str]] = {w.number: [] for w in waves[:-1]}
    answers: list[PlannedAnswer] = []
    vip_current = 0
    for person in people:
        if not person.team:
            continue
        path = _trajectory(rng, person)
        propensity = _clip(rng.gauss(0.86, 0.1), 0.4, 0.99)
        forced = person.username == "agent" or person.employee_id in DRIFTING or person.employee_id in LEAVERS
        language = "en" if person.ui_language == "en" else "zh-hans"
        for wave in waves:
            # Draw everything for every wave, invited or not, so the answers do not shift with `now`.
            e, c, t, offset = path[wave.number - 1]
            sheet = _answers(rng, e, c, t, offset)
            draw = rng.random()
            minutes = rng.randint(60, int(9.5 * 24 * 60))
            opened = wave.opens_at.astimezone(CENTRE_ZONE).date()
            if person.hire_date > opened or (person.leave_date is not None and person.leave_date <= opened):
                continue
            if wave.number == WAVES:
                answered = person.username != "agent" and draw < 0.62
                if answered and person.team == "vip":
                    answered = vip_current < VIP_CURRENT_MAX
                    vip_current += answered
                submitted = now - timedelta(minutes=10 + minutes % (46 * 60))
            else:
                invited[wave.number].append(person.employee_id)
                answered = forced or draw < propensity
                submitted = wave.opens_at + timedelta(minutes=minutes)
            if answered:
                answers.append(PlannedAnswer(person.employee_id, wave.number, submitted, language, sheet))
    people = [_with_consent(rng, p) for p in people]
    return DemoPlan(people=people, waves=waves, invited=invited, answers=answers, support=_support(rng, people))


def _with_consent(rng: random.Random, person: PlannedPerson) -> PlannedPerson:
    if person.role != Role.AGENT or person.leave_date is not None:
        return person
    if person.username in ("agent", "agent.en") or person.employee_id == SUPPORT_FROM_DRIFTING:
        consent: bool | None = person.username != "agent.en"
    else:
        draw = rng.random()
        consent = True if draw < 0.6 else (False if draw < 0.8 else None)
    return replace(person, consent=consent)


def _support(rng: random.Random, people: list[PlannedPerson]) -> list[tuple[str, str, str, bool]]:
    requests = [(SUPPORT_FROM_DRIFTING, names.SUPPORT_MESSAGES[0], "chat", True)]
    for team, message, contact in (("dom", names.SUPPORT_MESSAGES[1], "in_person"), ("sea", names.SUPPORT_MESSAGES[2], "any")):
        pool = [p.employee_id for p in people if p.team == team and p.role == Role.AGENT and p.consent
                and p.employee_id not in DRIFTING]
        requests.append((rng.choice(pool), message, contact, False))
    return requests


def demo_load(*, seed: int = 7, now: datetime | None = None) -> DemoSummary:
    """Build the demo centre once (refusing a real centre's database); later calls just summarise it."""
    now = now or timezone.now()
    with transaction.atomic():
        if Centre.objects.filter(is_demo=False).exists():
            raise DemoError("This database belongs to a real centre; the demo uses its own database. "
                            "此数据库属于真实中心，演示请使用单独的数据库。")
        existing = Centre.objects.filter(is_demo=True).order_by("pk").first()
        if existing is not None:
            return _summary(existing)
        plan = demo_plan(seed=seed, now=now)
        centre = Centre.objects.create(
            name=names.CENTRE_NAME, language="zh-hans", time_zone="Asia/Shanghai", is_demo=True,
            two_factor_waived=True, k_anonymity=5,
        )
        people = _people_write(centre, plan)
        _checkups_write(centre, plan, people, now)
        for planned in plan.people:
            if planned.consent is not None:
                outreach_consent_set(person=people[planned.employee_id], granted=planned.consent, actor=None)
        social = people[names.STAFF["social"][0]]
        for eid, message, contact, in_contact in plan.support:
            request = support_request_create(person=people[eid], message=message, contact_preference=contact)
            if in_contact:
                support_request_update(request=request, status=SupportRequestStatus.IN_CONTACT, by=social)
        from hearth.demo.care import demo_care  # here: demo.care reads this module's planted agents

        demo_care(centre=centre, people=people, now=now)
        from hearth.demo.programmes import demo_programmes

        demo_programmes(centre=centre, people=people, now=now)
        from hearth.demo.training import demo_training

        demo_training(centre=centre, people=people, now=now)
        from hearth.demo.activities import demo_activities

        demo_activities(centre=centre, people=people, now=now)
        from hearth.demo.diaries import demo_diaries

        demo_diaries(centre=centre, people=people, now=now)
        audit_record(actor=None, action="demo.load", reason=f"seed={seed}")
    return _summary(centre)


def _people_write(centre: Centre, plan: DemoPlan) -> dict[str, Person]:
    """Teams, logins, people, roles and helpdesk accounts, in a handful of queries."""
    teams = {key: Team.objects.create(centre=centre, name=name) for key, name in names.TEAM_NAMES.items()}
    encoded = make_password(DEMO_PASSWORD)  # hashed once: every demo login shares the published password
    user_model = get_user_model()
    users = {}
    for planned in plan.people:
        if planned.username:
            users[planned.username] = user_model.objects.create(
                username=planned.username, password=encoded, email=f"{planned.username}@{names.EMAIL_DOMAIN}",
                is_staff=planned.role == Role.ADMIN, is_superuser=planned.role == Role.ADMIN,
            )
    people = Person.objects.bulk_create([
        Person(
            centre=centre, user=users.get(p.username), employee_id=p.employee_id, name=p.name,
            email=f"{p.username}@{names.EMAIL_DOMAIN}" if p.username else "",
            team=teams.get(p.team), hire_date=p.hire_date, languages=list(p.languages), time_zone=p.time_zone,
            shift_pattern=p.shift, status=PersonStatus.LEFT if p.leave_date else PersonStatus.ACTIVE,
            leave_date=p.leave_date, leave_reason=p.leave_reason, ui_language=p.ui_language,
        )
        for p in plan.people
    ])
    by_id = {person.employee_id: person for person in people}
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(person=by_id[p.employee_id], role=p.role) for p in plan.people]
    )
    HelpdeskAccount.objects.bulk_create([
        HelpdeskAccount(centre=centre, person=by_id[p.employee_id], source=p.helpdesk[0], external_id=p.helpdesk[1])
        for p in plan.people if p.helpdesk
    ])
    for p in plan.people:
        if p.role == Role.TEAM_LEAD:
            teams[p.team].leads.add(by_id[p.employee_id])
    return by_id


def _checkups_write(centre: Centre, plan: DemoPlan, people: dict[str, Person], now: datetime) -> None:
    """Six closed monthly waves written as history, then the current wave opened for real."""
    teams = list(centre.teams.all())
    manager = people[names.STAFF["manager"][0]]
    answers = {(a.employee_id, a.wave): a for a in plan.answers}
    head: Campaign | None = None
    past: list[Campaign] = []
    for wave in plan.waves[:-1]:
        campaign = Campaign.objects.create(
            centre=centre, title=names.CHECKUP_TITLE, instruments=list(INSTRUMENTS), opens_at=wave.opens_at,
            closes_at=wave.closes_at, recurrence=Recurrence.MONTHLY, series=head, wave=wave.number,
            created_by=manager, invitations_sent_at=wave.opens_at, next_wave_created=True,
        )
        campaign.teams.set(teams)
        head = head or campaign
        past.append(campaign)
    invitations = []
    for campaign in past:
        for eid in plan.invited[campaign.wave]:
            person = people[eid]
            silent = (eid, campaign.wave) not in answers
            invitations.append(Invitation(
                campaign=campaign, person=person, team_id=person.team_id, shift_pattern=person.shift_pattern,
                reminders_sent=2 if silent else 0,
                reminded_at=campaign.closes_at - timedelta(days=1) if silent else None,
            ))
    Invitation.objects.bulk_create(invitations)
    current = campaign_create(
        centre=centre, created_by=manager, title=names.CHECKUP_TITLE, instruments=INSTRUMENTS, teams=teams,
        opens_at=plan.waves[-1].opens_at, closes_at=plan.waves[-1].closes_at, recurrence=Recurrence.MONTHLY,
    )
    Campaign.objects.filter(pk=current.pk).update(series=head, wave=WAVES)
    current.series, current.wave = head, WAVES
    campaign_open(campaign=current)  # no-op when campaign_create already opened it (it checks the real clock)
    invitations += list(current.invitations.select_related("campaign", "person"))
    by_key = {(inv.person.employee_id, inv.campaign.wave): inv for inv in invitations}
    for answer in plan.answers:
        invitation = by_key[(answer.employee_id, answer.wave)]
        invitation_record_past(invitation=invitation, answers=answer.answers,
                               submitted_at=answer.submitted_at, language=answer.language)


def _summary(centre: Centre) -> DemoSummary:
    leavers = sorted(Person.objects.filter(centre=centre, status=PersonStatus.LEFT).values_list("employee_id", flat=True))
    logins = [(names.ROLE_LABELS[username], username, DEMO_PASSWORD) for username in names.STAFF]
    return DemoSummary(centre_id=centre.pk, logins=logins, drifting=dict(DRIFTING), leavers=leavers)
