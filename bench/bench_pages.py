"""Benchmark the radar's dashboard pages against a running Hearth with a 2,000-agent centre.

    .venv/bin/python bench/bench_pages.py [--agents 2000] [--days 180] [--requests 200] [--concurrency 4]
                                          [--var /tmp/hearth-bench] [--keep]

1. Generates a centre into a fresh SQLite database under --var (or the DATABASE_URL you set): 100 teams
   of 20 agents with leads, a social worker, HR, a manager and an admin; 180 days of agent-day features;
   two check-up waves of CBI scores; four weeks of hostile customer chats for the heat maps; 12 weeks of
   daily risk history; then the real nightly run (features → risk → alerts) for the last night, timed.
2. Starts `hearth serve` on a free port and signs in as each role.
3. Views each page once (caches fill on a first view, as after each night's run), then loads every
   dashboard page with ApacheBench (`ab`, Debian package apache2-utils) at each concurrency level and
   prints the median, 95th percentile and worst time per page. The target is p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pages-2026"  # noqa: S105 - a throwaway local database


def _setup(var: Path) -> None:
    os.environ["HEARTH_VAR_DIR"] = str(var)
    os.environ.setdefault("HEARTH_DEMO", "0")
    if not os.environ.get("HEARTH_FIELD_KEYS"):  # a throwaway key for a throwaway database
        from cryptography.fernet import Fernet

        os.environ["HEARTH_FIELD_KEYS"] = Fernet.generate_key().decode()
    sys.path.insert(0, str(ROOT))
    from hearth.commands import django_setup

    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(*, agents: int, days: int, seed: int) -> dict[str, object]:
    """Fill the database; returns the ids the page list needs."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from hearth.assessments.models import Campaign, Invitation, OutreachConsent, Score
    from hearth.ingest.models import AgentDay, FeatureRun, SourceConversation, SourceMessage
    from hearth.people.models import Centre, Person, RoleAssignment, Team
    from hearth.radar.models import RiskRun, RiskWeek

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    centre = Centre.objects.create(name="Bench centre", two_factor_waived=True, k_anonymity=5)
    team_count = max(1, agents // 20)
    teams = Team.objects.bulk_create([Team(centre=centre, name=f"Team {i:03d}") for i in range(team_count)])
    password = make_password(PASSWORD)
    staff = [("lead", "team_lead"), ("sw", "social_worker"), ("hr", "hr"), ("mgr", "manager"), ("admin", "admin")]
    usernames = [f"a{i:05d}" for i in range(agents)] + [u for u, _ in staff]
    User.objects.bulk_create([User(username=u, password=password) for u in usernames], batch_size=2000)
    users = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    people = Person.objects.bulk_create([
        Person(centre=centre, user_id=users[u], employee_id=u, name=f"Agent {u}",
               team=teams[i % team_count] if i < agents else teams[0], ui_language="en",
               shift_pattern=rng.choice(["day", "evening", "night"]))
        for i, u in enumerate(usernames)
    ], batch_size=2000)
    roles = {u: r for u, r in staff}
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(person=p, role=roles.get(p.employee_id, "agent")) for p in people], batch_size=2000)
    by_id = {p.employee_id: p for p in people}
    teams[0].leads.add(by_id["lead"])
    agent_people = people[:agents]

    feature_run = FeatureRun.objects.create(centre=centre, started_at=now, finished_at=now, status="succeeded",
                                            engine_version="bench")
    rows = []
    for person in agent_people:
        night = person.shift_pattern == "night"
        for back in range(days):
            day = today - timedelta(days=back + 1)
            if rng.random() < 0.28:
                continue
            hostile = rng.choice([0, 0, 1, 1, 2, 3, 5])
            rows.append(AgentDay(person=person, day=day, run=feature_run, engine_version="bench", features={
                "conversations": rng.randint(25, 60), "agent_messages": rng.randint(120, 300),
                "customer_messages": rng.randint(120, 300), "hostile_messages": hostile * 2,
                "hostile_conversations": hostile, "negative_share": rng.random() * 0.3,
                "night_minutes": rng.uniform(200, 480) if night else 0.0, "work_minutes": rng.uniform(420, 600),
                "consecutive_days": rng.randint(1, 7), "rest_hours_before": rng.uniform(10, 16),
                "quick_return": rng.random() < 0.05, "first_response_seconds_mean": rng.uniform(30, 200),
                "response_seconds_mean": rng.uniform(40, 300), "empathy_rate": rng.uniform(0.1, 0.4),
                "canned_rate": rng.uniform(0.1, 0.5), "csat_mean": rng.uniform(3.5, 5), "csat_count": rng.randint(0, 8),
            }))
        if len(rows) > 20000:
            AgentDay.objects.bulk_create(rows, batch_size=5000)
            rows = []
    AgentDay.objects.bulk_create(rows, batch_size=5000)

    for wave, back in ((1, 90), (2, 30)):
        opened = now - timedelta(days=back)
        campaign = Campaign.objects.create(centre=centre, title=f"Check-up {wave}", instruments=["cbi"],
                                           opens_at=opened, closes_at=opened + timedelta(days=7), wave=wave)
        campaign.teams.set(teams)
        invitations = Invitation.objects.bulk_create([
            Invitation(campaign=campaign, person=p, team_id=p.team_id, shift_pattern=p.shift_pattern,
                       status="submitted", language="en", submitted_at=opened + timedelta(days=1))
            for p in agent_people if rng.random() < 0.85
        ], batch_size=2000)
        scores = []
        for inv in invitations:
            for sub in ("personal", "work", "client"):
                value = min(100.0, max(0.0, rng.gauss(42, 16)))
                level = 0 if value < 50 else 1 if value < 75 else 2 if value < 100 else 3
                scores.append(Score(invitation=inv, person_id=inv.person_id, campaign=campaign, instrument="cbi",
                                    subscale=sub, value=value, level=level, answered=6, items=6,
                                    submitted_at=inv.submitted_at))
        Score.objects.bulk_create(scores, batch_size=5000)
    OutreachConsent.objects.bulk_create([
        OutreachConsent(person=p, granted=rng.random() < 0.6, decided_at=now) for p in agent_people])

    # Four weeks of hostile chats (one customer message and one reply each) for the heat maps.
    conversations, replies = [], []
    for person in agent_people:
        for back in range(28):
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                at = now - timedelta(days=back, minutes=rng.randint(0, 1439))
                conversations.append(SourceConversation(centre=centre, source="bench",
                                                        external_id=f"{person.pk}-{len(conversations)}", started_at=at))
                replies.append((person, at))
    SourceConversation.objects.bulk_create(conversations, batch_size=5000)
    messages = []
    for conversation, (person, at) in zip(conversations, replies, strict=True):
        messages.append(SourceMessage(conversation=conversation, external_id="c", sent_at=at, author_role="customer",
                                      hostile=True, detectors_version="bench"))
        messages.append(SourceMessage(conversation=conversation, external_id="a", sent_at=at + timedelta(minutes=1),
                                      author_role="agent", person=person, detectors_version="bench"))
    SourceMessage.objects.bulk_create(messages, batch_size=5000)

    # Twelve weeks of daily risk history (as the nightly run leaves it), then tonight's real run.
    history = RiskRun.objects.create(centre=centre, as_of=today - timedelta(days=2), trigger="bench",
                                     created_at=now, status="succeeded")
    weeks = []
    for back in range(2, 85):
        as_of = today - timedelta(days=back)
        for person in agent_people:
            levels = [min(3, max(0, int(rng.gauss(0.6, 0.8)))) for _ in range(3)]
            weeks.append(RiskWeek(person=person, as_of=as_of, run=history, model_version="bench", level=max(levels),
                                  score=25.0 * max(levels), level_basic=levels[0], level_belonging=levels[1],
                                  level_developmental=levels[2], score_basic=25.0 * levels[0],
                                  score_belonging=25.0 * levels[1], score_developmental=25.0 * levels[2],
                                  reasons={}, has_checkup=True))
        if len(weeks) > 20000:
            RiskWeek.objects.bulk_create(weeks, batch_size=5000)
            weeks = []
    RiskWeek.objects.bulk_create(weeks, batch_size=5000)

    # Fresh planner statistics, as autovacuum (PostgreSQL) or a maintenance ANALYZE (SQLite) would leave them
    # after a bulk load: without them PostgreSQL plans the joins for empty tables.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from hearth.radar.services import risk_run

    started = time.perf_counter()
    run = risk_run(run=RiskRun.objects.create(centre=centre, as_of=today - timedelta(days=1), trigger="bench",
                                              created_at=timezone.now()))
    seconds = time.perf_counter() - started
    from hearth.radar.models import Alert

    alert = Alert.objects.filter(route="outreach").first()
    return {"run_seconds": seconds, "run": run, "team": teams[0].pk, "alert": alert.pk if alert else None,
            "agent": agent_people[0].employee_id}


def _existing() -> dict[str, object]:
    """The ids the page list needs, from a database generated earlier (--reuse)."""
    from hearth.people.models import Team
    from hearth.radar.models import Alert

    alert = Alert.objects.filter(route="outreach").first()
    team = Team.objects.order_by("name").first()
    return {"team": team.pk if team else None, "alert": alert.pk if alert else None}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _session(base: str, username: str) -> str:
    """Sign in through the login form; returns the session cookie value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()  # noqa: S310 - local server
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "username": username,
                                   "password": PASSWORD}).encode()
    request = urllib.request.Request(  # noqa: S310 - the local server just started
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"})
    opener.open(request).read()  # noqa: S310
    for cookie in jar:
        if cookie.name == "sessionid":
            return str(cookie.value)
    raise SystemExit(f"could not sign in as {username}")


def _ab(url: str, cookie: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    """(median, p95, worst) in ms from ApacheBench's percentile table; fails on any non-2xx answer."""
    out = subprocess.run(  # noqa: S603
        ["ab", "-q", "-n", str(requests), "-c", str(concurrency), "-C", f"sessionid={cookie}", url],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout
    bad = re.search(r"Non-2xx responses:\s+(\d+)", out)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} non-2xx responses")
    pct = {int(m.group(1)): float(m.group(2)) for m in re.finditer(r"^\s+(\d+)%\s+(\d+)", out, re.M)}
    return pct[50], pct[95], pct[100]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=2000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", default="1,4", help="comma-separated levels (default 1,4)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--var", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--reuse", action="store_true", help="use the database already in --var (skip generating)")
    args = parser.parse_args()
    if shutil.which("ab") is None:
        raise SystemExit("needs ApacheBench: apt-get install apache2-utils")
    var = args.var or Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    levels = [int(c) for c in str(args.concurrency).split(",")]
    _setup(var)
    if args.reuse:
        made = _existing()
    else:
        started = time.perf_counter()
        made = generate(agents=args.agents, days=args.days, seed=args.seed)
        print(f"generated {args.agents} agents × {args.days} days in {time.perf_counter() - started:.0f} s; "
              f"nightly run (features → risk → alerts) {made['run_seconds']:.1f} s, {made['run'].counts}")  # type: ignore[attr-defined]
    port = _free_port()
    env = {**os.environ, "HEARTH_VAR_DIR": str(var)}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "hearth.cli", "serve", "--port", str(port), "--threads", str(max(levels))],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise SystemExit(f"hearth serve exited with {server.returncode} (is the database migrated?)")
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        pages = [
            ("mgr", "/radar/", "centre overview"),
            ("lead", f"/radar/teams/{made['team']}/", "team page"),
            ("sw", "/radar/queue/", "outreach queue"),
            ("a00000", "/radar/me/", "agent's page"),
            ("admin", "/radar/runs/", "runs"),
        ]
        if made["alert"]:
            pages.insert(3, ("sw", f"/radar/alerts/{made['alert']}/", "alert detail"))
        sessions: dict[str, str] = {}
        for user, path, _label in pages:  # sign in, and warm each page once (caches fill on first view)
            cookie = sessions.get(user) or sessions.setdefault(user, _session(base, user))
            _ab(base + path, cookie, 5, 1)
        for concurrency in levels:
            print(f"{'page':<18} {'median':>8} {'p95':>8} {'worst':>8}  ({args.requests} requests, {concurrency} at a time)")
            for user, path, label in pages:
                median, p95, worst = _ab(base + path, sessions[user], args.requests, concurrency)
                flag = "" if p95 < 300 else "  ← over the 300 ms target"
                print(f"{label:<18} {median:>6.0f}ms {p95:>6.0f}ms {worst:>6.0f}ms{flag}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if not args.keep and args.var is None:
            shutil.rmtree(var, ignore_errors=True)
    print(f"machine: {os.cpu_count()} CPUs; database: {os.environ.get('DATABASE_URL', 'SQLite')}; "
          f"server: hearth serve (waitress, {max(levels)} threads); date: {datetime.now(UTC).date().isoformat()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
