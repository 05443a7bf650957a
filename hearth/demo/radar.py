"""The demo centre's radar history: the nightly run replayed over the last two weeks of helpdesk data."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hearth.people.models import Centre
from hearth.radar.models import RiskRun
from hearth.radar.services import default_as_of, risk_run


def demo_radar_history(*, centre: Centre, nights: int = 14, now: datetime | None = None) -> list[RiskRun]:
    """Run the radar as it would have run each night of the last `nights` days (idempotent)."""
    if not centre.is_demo:
        raise ValueError("demo radar history goes only into the demo centre")
    last = default_as_of(centre, now)
    runs = []
    for back in range(nights - 1, -1, -1):
        run = RiskRun.objects.create(centre=centre, as_of=last - timedelta(days=back), trigger="demo",
                                     created_at=timezone.now())
        runs.append(risk_run(run=run))
    return runs
