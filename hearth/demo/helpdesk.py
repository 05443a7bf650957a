"""Load the demo centre's helpdesk history through the real ingest path (reader → detectors → features)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from hearth.demo import names
from hearth.demo.builder import DRIFTING
from hearth.demo.conversations import generate_export, write_export
from hearth.ingest.models import SourceMessage
from hearth.people.models import Centre, HelpdeskAccount, Role


@dataclass(frozen=True)
class HelpdeskSummary:
    """What the demo's helpdesk load did."""

    messages: int
    agent_days: int
    export_path: str


def demo_helpdesk_load(*, centre: Centre, seed: int = 7, now: datetime | None = None, weeks: int = 4) -> HelpdeskSummary | None:
    """Generate four weeks of chats for the demo agents and ingest them; None if already loaded."""
    if not centre.is_demo:
        raise ValueError("demo helpdesk data goes only into the demo centre")
    if SourceMessage.objects.filter(conversation__centre=centre).exists():
        return None
    now = now or timezone.now()
    team_keys = {name: key for key, name in names.TEAM_NAMES.items()}
    agents = []
    for account in (
        HelpdeskAccount.objects.filter(centre=centre, person__roles__role=Role.AGENT)
        .select_related("person", "person__team").order_by("person__employee_id")
    ):
        person = account.person
        team_name = person.team.name if person.team else ""
        agents.append({
            "account": account.external_id, "source": account.source, "team": team_keys.get(team_name, ""),
            "team_name": team_name, "time_zone": person.time_zone, "shift": person.shift_pattern,
            "language": "zh" if (person.languages or ["zh"])[0] == "zh" and team_keys.get(team_name) != "eu" else "en",
            "drifting": DRIFTING.get(person.employee_id, ""), "left_on": person.leave_date,
        })
    path = Path(settings.VAR_DIR) / "demo" / "helpdesk-export.jsonl"
    count = write_export(path, generate_export(agents=agents, now=now, seed=seed, weeks=weeks))

    from hearth.engine.readers import read
    from hearth.ingest import services
    from hearth.ingest.features import agent_days_recompute

    run = services.ingest_run_start(centre=centre, format="generic", paths=[str(path)], strict=True)
    stream = read("generic", [path], strict=True)
    counts = services.ingest_records(centre=centre, records=stream, run=run)
    services.ingest_run_finish(run=run, counts=counts, errors=list(getattr(stream, "errors", [])))
    feature_run = agent_days_recompute(centre=centre, touched=counts.touched)
    return HelpdeskSummary(messages=count, agent_days=feature_run.rows, export_path=str(path))
