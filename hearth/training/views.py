"""Training pages for trainees (anyone signed in may practise): the training home, a simulated chat (htmx),
certification tests and certificates, and the person's own growth portfolio."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.access import require_person
from hearth.people.models import Role
from hearth.training import selectors, services
from hearth.training.access import (
    EDITOR_ROLES,
    access_certificate,
    access_certification_test,
    access_scenario,
    access_simulation,
)
from hearth.training.models import DIMENSION_LABELS, Mode, Simulation
from hearth.training.services_certification import (
    attempt_blocker,
    attempt_start,
    scenario_pass_mark,
    test_scenarios,
)
from hearth.training.services_scenarios import TrainingRuleError, scenario_library_seed


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Scenarios to practise (filtered by language, platform, level), certification tests, my recent runs."""
    reader = require_person(request)
    if not selectors.scenarios_filtered(centre_id=reader.centre_id).exists():
        scenario_library_seed(centre=reader.centre)  # a centre's first visit: the shipped library, published
    language = request.GET.get("language", "")
    platform, level = request.GET.get("platform", ""), request.GET.get("level", "")
    return render(request, "training/home.html", {
        "scenarios": selectors.scenarios_filtered(centre_id=reader.centre_id, language=language, platform=platform,
                                                  level=level, published_only=True),
        "facets": selectors.scenario_facets(centre_id=reader.centre_id),
        "chosen": {"language": language, "platform": platform, "level": level},
        "tests": selectors.tests_open(person=reader),
        "recent": selectors.recent_simulations(person=reader),
        "is_editor": reader.has_role(*EDITOR_ROLES), "is_trainer": reader.has_role(Role.TRAINER),
    })


@login_required
@require_POST
def practise(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a practice (or ungraded test-mode) run of a published scenario."""
    reader = require_person(request)
    record = access_scenario(reader, pk)
    mode = Mode.TEST if request.POST.get("mode") == Mode.TEST else Mode.PRACTICE
    try:
        simulation = services.simulation_start(person=reader, record=record, mode=mode)
    except TrainingRuleError as error:
        messages.error(request, str(error))
        return redirect("training:home")
    return redirect("training:simulation", pk=simulation.pk)


def _chat_context(simulation: Simulation, *, hint: str = "", error: str = "") -> dict[str, object]:
    turns = selectors.transcript(simulation)
    waiting = turns[-1] if turns and turns[-1].replied_at is None else None
    scenario = simulation.scenario_data
    attempt = simulation.attempt
    next_simulation = certificate = None
    if attempt is not None and simulation.finished_at is not None:
        next_simulation = attempt.simulations.filter(finished_at=None).first()
        certificate = getattr(attempt, "certificate", None) if attempt.passed else None
    return {
        "simulation": simulation, "turns": turns, "waiting": waiting, "scenario": scenario,
        "practice": simulation.mode == Mode.PRACTICE,
        "show_feedback": simulation.mode == Mode.PRACTICE or simulation.finished_at is not None,
        "target": scenario["rubric"]["response_time_target_seconds"],
        "elapsed": round((timezone.now() - waiting.served_at).total_seconds()) if waiting else 0,
        "hint": hint, "error": error, "attempt": attempt, "next_simulation": next_simulation,
        "certificate": certificate,
        "dimensions": [(DIMENSION_LABELS.get(k, k), v) for k, v in (simulation.dimensions or {}).items()
                       if v is not None],
    }


def _chat(request: HttpRequest, simulation: Simulation, **extra: str) -> HttpResponse:
    simulation.refresh_from_db()
    template = "training/simulation.html#chat" if request.htmx else "training/simulation.html"  # type: ignore[attr-defined]
    return render(request, template, _chat_context(simulation, **extra))


@login_required
def simulation(request: HttpRequest, pk: int) -> HttpResponse:
    """The chat: the customer's messages, my replies, the response clock, feedback (practice) or result (end)."""
    reader = require_person(request)
    return _chat(request, access_simulation(reader, pk))


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a reply: it is timed and scored; the customer answers (script or model) or the run ends."""
    reader = require_person(request)
    sim = access_simulation(reader, pk)
    try:
        services.simulation_reply(simulation=sim, by=reader, reply=request.POST.get("reply", ""))
    except TrainingRuleError as error:
        if request.htmx:  # type: ignore[attr-defined]
            return _chat(request, sim, error=str(error))
        messages.error(request, str(error))
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("training:simulation", pk=sim.pk)
    return _chat(request, sim)


@login_required
@require_POST
def hint(request: HttpRequest, pk: int) -> HttpResponse:
    """Practice: show a model reply for the waiting message."""
    reader = require_person(request)
    sim = access_simulation(reader, pk)
    try:
        text = services.simulation_hint(simulation=sim, by=reader) or _("No model reply for this message.")
    except TrainingRuleError as error:
        return _chat(request, sim, error=str(error))
    return _chat(request, sim, hint=text)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Practice: take back the last reply and answer the same message again."""
    reader = require_person(request)
    sim = access_simulation(reader, pk)
    try:
        services.simulation_retry(simulation=sim, by=reader)
    except TrainingRuleError as error:
        return _chat(request, sim, error=str(error))
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("training:simulation", pk=sim.pk)
    return _chat(request, sim)


@login_required
def certification(request: HttpRequest, pk: int) -> HttpResponse:
    """A certification test: its scenarios and pass marks, my attempts, and the way to start or resume."""
    reader = require_person(request)
    test = access_certification_test(reader, pk)
    attempts = list(test.attempts.filter(person=reader).prefetch_related("simulations"))
    return render(request, "training/certification.html", {
        "test": test, "attempts": attempts,
        "scenarios": [(r, scenario_pass_mark(test, r)) for r in test_scenarios(test)],
        "open_attempt": next((a for a in attempts if a.finished_at is None), None),
        "blocker": attempt_blocker(test=test, person=reader),
    })


@login_required
@require_POST
def certification_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start or resume an attempt: the next scenario in test mode."""
    reader = require_person(request)
    test = access_certification_test(reader, pk)
    try:
        sim = attempt_start(test=test, person=reader)
    except TrainingRuleError as error:
        messages.error(request, str(error))
        return redirect("training:certification", pk=test.pk)
    return redirect("training:simulation", pk=sim.pk)


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable certificate: name, level, date, number."""
    reader = require_person(request)
    return render(request, "training/certificate.html", {"certificate": access_certificate(reader, pk)})


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Check a certificate number of the centre: whose it is, which level, when."""
    reader = require_person(request)
    number = request.GET.get("number", "").strip()[:40]
    found = selectors.certificate_by_number(centre_id=reader.centre_id, number=number) if number else None
    return render(request, "training/verify.html", {"number": number, "found": found})


@login_required
def my_portfolio(request: HttpRequest) -> HttpResponse:
    """My growth portfolio (my own data: not audited)."""
    reader = require_person(request)
    return render(request, "training/portfolio.html", portfolio_context(selectors.portfolio(reader=reader, person=reader)))


def portfolio_context(folio: selectors.Portfolio) -> dict[str, object]:
    """The portfolio page's context: the scores-over-time chart config and the portfolio itself."""
    chart = {
        "kind": "line", "labels": folio.weeks, "min": 0, "max": 100, "label_title": _("Week"),
        "value_title": _("Score"),
        "series": [{"label": str(DIMENSION_LABELS.get(name, name)), "data": values}
                   for name, values in folio.series.items()],
    }
    return {"folio": folio, "chart": chart, "language": get_language()}
