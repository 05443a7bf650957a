"""Who hears about an alert, and in what words.

Individual alerts: to the social workers' outreach queue when the agent consented (the social workers
get a count and a link, the chat channels a count only), otherwise a private nudge to the agent alone.
Team alerts: to the team's leads in-app and by email, and to the team's chat channels; they are built
from workload only.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hearth.notices.services import notice_send, webhook_outreach_queue_send, webhook_send
from hearth.people.models import Centre, Person, PersonStatus, Role
from hearth.radar.models import Alert, AlertRoute, TeamAlert, TeamAlertKind

# Chat-channel wording of team alerts: (title, text), rendered in each channel's language.
TEAM_ALERT_WORDS: dict[str, tuple[Any, Any]] = {
    TeamAlertKind.HOSTILE_EXPOSURE: (
        _("Heavy hostile exposure today"),
        _("%(count)s agents faced %(threshold)s or more hostile conversations today: %(names)s."),
    ),
    TeamAlertKind.OVERTIME_CAP: (
        _("Over the weekly hours cap"),
        _("%(count)s agents are over the %(cap)s h weekly cap: %(names)s."),
    ),
    TeamAlertKind.HOSTILE_BURST: (
        _("Abusive chats in a short time"),
        _("%(names)s just had %(count)s abusive chats in %(minutes)s minutes (%(at)s). Time to step in or give a break."),
    ),
}


def _params(alert: TeamAlert, *, names: bool) -> dict[str, Any]:
    """Leads see names in Hearth; group chats, whose members Hearth does not control, see employee ids."""
    who = alert.params.get("agents" if names else "agent_ids", [])
    return {**alert.params, "names": "、".join(who), "team": alert.team.name}


def team_alert_announce(*, alert: TeamAlert) -> None:
    """Tell the team's leads (notice + email) and the team's chat channels."""
    url = reverse("radar:team", args=[alert.team_id])
    for lead in alert.team.leads.filter(status=PersonStatus.ACTIVE):
        notice_send(person=lead, kind=f"team_{alert.kind}", params=_params(alert, names=True), url=url,
                    dedupe_key=f"team_alert:{alert.pk}")
    title, text = TEAM_ALERT_WORDS[alert.kind]
    webhook_send(centre=alert.team.centre, topic="team_load", title=title, text=text, url=url, team=alert.team,
                 dedupe_key=f"team_alert:{alert.pk}", params=_params(alert, names=False))


def alerts_announce(*, centre: Centre, alerts: list[Alert]) -> None:
    """Nudge each non-consenting agent privately; tell social workers how many new items wait."""
    outreach = [a for a in alerts if a.route == AlertRoute.OUTREACH]
    for alert in alerts:
        if alert.route == AlertRoute.NUDGE:
            notice_send(person=alert.person, kind=f"nudge_{alert.kind}", params={}, url=reverse("radar:mine"),
                        dedupe_key=f"nudge:{alert.pk}")
    if not outreach:
        return
    key = "outreach:" + ",".join(str(a.pk) for a in outreach)[:100]
    for worker in _social_workers(centre):
        notice_send(person=worker, kind="outreach_new", params={"count": len(outreach)},
                    url=reverse("radar:queue"), dedupe_key=key)
    webhook_outreach_queue_send(centre=centre, count=len(outreach), url=reverse("radar:queue"), dedupe_key=key)


def _social_workers(centre: Centre) -> list[Person]:
    return list(Person.objects.filter(centre=centre, status=PersonStatus.ACTIVE, roles__role=Role.SOCIAL_WORKER).distinct())
