"""Training pages for trainers (and admins): the scenario editor (list, edit, publish, copy, import, export),
certification tests, the centre's trainees and their portfolios, and the admin's endpoint settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearth.core.access import client_ip, require_person, roles_required
from hearth.engine.sim import ScenarioError
from hearth.people.models import Role
from hearth.training import selectors
from hearth.training.access import access_certification_test, access_scenario, access_trainee
from hearth.training.forms import (
    PLATFORMS,
    CertificationTestForm,
    NewScenarioForm,
    TrainingSettingsForm,
    editor_context,
    field_for_path,
    scenario_from_post,
)
from hearth.training.models import CertificationTest, Level
from hearth.training.services_certification import (
    certification_test_save,
    training_settings_for,
    training_settings_update,
)
from hearth.training.services_scenarios import (
    TrainingRuleError,
    scenario_copy,
    scenario_export,
    scenario_import,
    scenario_library_seed,
    scenario_new,
    scenario_publish,
    scenario_save,
)
from hearth.training.views import portfolio_context

EDITORS = (Role.TRAINER, Role.ADMIN)


@roles_required(*EDITORS)
def scenarios(request: HttpRequest) -> HttpResponse:
    """The centre's scenarios (drafts too), filtered by language, platform and level."""
    reader = require_person(request)
    if not selectors.scenarios_filtered(centre_id=reader.centre_id).exists():
        scenario_library_seed(centre=reader.centre, by=reader)
    chosen = {k: request.GET.get(k, "") for k in ("language", "platform", "level")}
    return render(request, "training/scenarios.html", {
        "scenarios": selectors.scenarios_filtered(centre_id=reader.centre_id, **chosen),
        "facets": selectors.scenario_facets(centre_id=reader.centre_id), "chosen": chosen,
    })


@roles_required(*EDITORS)
def scenario_new_view(request: HttpRequest) -> HttpResponse:
    """A new scenario from a short form: the customer, their goal, the rules and the opening; then the editor."""
    reader = require_person(request)
    form = NewScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = scenario_new(centre=reader.centre, by=reader, fields=form.cleaned_data)
        except ScenarioError as exc:
            form.add_error(None, str(exc))
        except TrainingRuleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("A draft was made. Now add the customer's next turns, where each kind of "
                                        "reply leads, and model replies."))
            return redirect("training:scenario_edit", pk=record.pk)
    return render(request, "training/scenario_new.html", {"form": form, "platforms": PLATFORMS})


@roles_required(*EDITORS)
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit every field of a scenario; `load_scenario` judges it, nothing is saved on an error."""
    reader = require_person(request)
    record = access_scenario(reader, pk, write=True)
    data, error, error_field = record.data, "", ""
    if request.method == "POST":
        data = scenario_from_post(request.POST, record.data)
        try:
            record = scenario_save(record=record, by=reader, data=data)
        except ScenarioError as exc:
            error = str(exc)
            error_field = field_for_path(error.split(":", 1)[0])
        except TrainingRuleError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Saved as version %(n)s.") % {"n": record.version})
            return redirect("training:scenario_edit", pk=record.pk)
    return render(request, "training/scenario_edit.html", {
        **editor_context(data, error_field), "record": record, "error": error,
        "versions": record.versions.select_related("by")[:20],
    })


@roles_required(*EDITORS)
@require_POST
def scenario_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the scenario, or take it back to draft."""
    reader = require_person(request)
    record = access_scenario(reader, pk, write=True)
    published = request.POST.get("published", "1") == "1"
    scenario_publish(record=record, by=reader, published=published)
    messages.success(request, _("Published: trainees can practise it.") if published else _("Back to draft."))
    return redirect("training:scenario_edit", pk=record.pk)


@roles_required(*EDITORS)
@require_POST
def scenario_copy_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a new scenario as a draft copy of this one."""
    reader = require_person(request)
    copy = scenario_copy(record=access_scenario(reader, pk, write=True), by=reader)
    messages.success(request, _("A draft copy was made. Give it its own title and turns."))
    return redirect("training:scenario_edit", pk=copy.pk)


@roles_required(*EDITORS)
def scenario_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The scenario as a JSON file."""
    reader = require_person(request)
    filename, content = scenario_export(record=access_scenario(reader, pk, write=True))
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles_required(*EDITORS)
def scenario_import_view(request: HttpRequest) -> HttpResponse:
    """Import a scenario file (JSON): a new draft, or a new version of the scenario with that id."""
    reader = require_person(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a scenario file (JSON)."))
        else:
            try:
                record, changed = scenario_import(centre=reader.centre, by=reader, filename=upload.name or "",
                                                  content=upload.read())
            except TrainingRuleError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Imported as version %(n)s.") % {"n": record.version} if changed
                                 else _("Nothing changed: the centre already has this scenario as it is in the file."))
                return redirect("training:scenario_edit", pk=record.pk)
    return render(request, "training/scenario_import.html", {})


@roles_required(*EDITORS)
def tests(request: HttpRequest) -> HttpResponse:
    """The centre's certification tests."""
    reader = require_person(request)
    return render(request, "training/tests.html", {
        "tests": CertificationTest.objects.filter(centre_id=reader.centre_id).prefetch_related("scenarios"),
    })


def _test_form(request: HttpRequest, test: CertificationTest | None) -> HttpResponse:
    reader = require_person(request)
    initial = ({"title": test.title, "level": test.level, "pass_mark": test.pass_mark, "active": test.active,
                "attempts_allowed": test.attempts_allowed, "cooldown_hours": test.cooldown_hours} if test else {})
    form = CertificationTestForm(request.POST or None, initial=initial)
    records = list(selectors.scenarios_filtered(centre_id=reader.centre_id))
    chosen = {r.pk for r in test.scenarios.all()} if test else set()
    marks = dict(test.scenario_pass_marks) if test else {}
    if request.method == "POST":
        chosen = {r.pk for r in records if request.POST.get(f"scenario-{r.pk}") == "on"}
        marks = {str(pk): request.POST.get(f"mark-{pk}", "").strip() for pk in chosen}
        if form.is_valid():
            try:
                scenario_marks = {pk: int(marks[str(pk)]) if marks[str(pk)] else None for pk in chosen}
            except ValueError:
                form.add_error(None, _("Pass marks are between 0 and 100."))
            else:
                try:
                    test = certification_test_save(centre=reader.centre, by=reader, test=test,
                                                   scenario_marks=scenario_marks, **form.cleaned_data)
                except TrainingRuleError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, _("The test is saved."))
                    return redirect("training:tests")
    return render(request, "training/test_edit.html", {
        "form": form, "test": test, "levels": Level.choices,
        "rows": [(r, r.pk in chosen, marks.get(str(r.pk), "")) for r in records],
    })


@roles_required(*EDITORS)
def test_new(request: HttpRequest) -> HttpResponse:
    """Define a certification test: level, scenarios with pass marks, attempts and cool-down."""
    return _test_form(request, None)


@roles_required(*EDITORS)
def test_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a certification test."""
    return _test_form(request, access_certification_test(require_person(request), pk, write=True))


@roles_required(Role.TRAINER)
def people(request: HttpRequest) -> HttpResponse:
    """The centre's agents, each with a link to their portfolio."""
    reader = require_person(request)
    return render(request, "training/people.html", {"people": selectors.trainees(centre_id=reader.centre_id)})


@roles_required(Role.TRAINER)
def person_portfolio(request: HttpRequest, pk: int) -> HttpResponse:
    """A trainee's portfolio (audited)."""
    reader = require_person(request)
    person = access_trainee(reader, pk)
    folio = selectors.portfolio(reader=reader, person=person, ip=client_ip(request))
    return render(request, "training/portfolio.html", portfolio_context(folio))


@roles_required(Role.ADMIN)
def settings_view(request: HttpRequest) -> HttpResponse:
    """The centre's optional language-model endpoint for the simulated customer (off by default)."""
    reader = require_person(request)
    current = training_settings_for(reader.centre)
    form = TrainingSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        training_settings_update(centre=reader.centre, by=reader, values=form.cleaned_data)
        messages.success(request, _("Training settings saved."))
        return redirect("training:settings")
    return render(request, "training/settings.html", {"form": form, "has_key": bool(current.api_key)})
