"""What trainers and trainees see: the editor (errors name the field, nothing saved), import/export, the chat
with per-reply feedback in practice and none until the end in a test, certificates and portfolios."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hearth.audit.models import AuditEvent
from hearth.training import services
from hearth.training.forms import editor_context
from hearth.training.models import Mode, ScenarioRecord, Simulation
from hearth.training.tests.fixtures import english, passed_certificate
from hearth.training.tests.test_services import GOOD_REPLY


def editor_post(record: ScenarioRecord, **changes: str) -> dict[str, str]:
    """The editor's fields as the page would post them, with `changes` applied."""
    ctx = editor_context(record.data)
    post: dict[str, str] = {
        "title": record.data["title"], "platform": record.data["platform"], "persona": record.data["persona"],
        "goal": record.data["goal"], "language": record.data["language"], "level": record.data["level"],
        "tags": ctx["tags"], "policy_facts": ctx["policy_facts"], "node_count": str(ctx["node_count"]),
        "pass_mark": str(ctx["pass_mark"]), "forbidden_phrases": ctx["forbidden_phrases"],
        "response_time_target_seconds": str(ctx["response_time_target_seconds"]),
    }
    for d, w in ctx["weights"]:
        post[f"weight-{d}"] = str(w)
    for n in ctx["nodes"]:
        p = f"node-{n['index']}-"
        post.update({p + "id": n["id"], p + "text": n["text"], p + "mood": n["mood"],
                     p + "solution_terms": n["solution_terms"], p + "replies": n["replies"]})
        if n["apology_due"]:
            post[p + "apology_due"] = "on"
        for cat, target in n["branches"]:
            post[p + cat] = target
    post.update(changes)
    return post


def test_a_trainer_changes_the_opening_and_a_weight(cast: Any) -> None:
    record = english(cast)
    response = cast.client_for("tina").post(reverse("training:scenario_edit", args=[record.pk]),
                                            editor_post(record, **{"node-0-text": "Where is my parcel?!",
                                                                   "weight-empathy": "3"}), follow=True)
    assert "Saved as version 2." in response.content.decode()
    record.refresh_from_db()
    assert record.data["nodes"][0]["text"] == "Where is my parcel?!"
    assert record.data["rubric"]["weights"]["empathy"] == 3


def test_an_editor_error_names_the_field_and_nothing_is_saved(cast: Any) -> None:
    record = english(cast)
    response = cast.client_for("tina").post(reverse("training:scenario_edit", args=[record.pk]),
                                            editor_post(record, pass_mark="250"))
    page = response.content.decode()
    assert "Not saved:" in page and "rubric.pass_mark" in page and 'value="250"' in page
    record.refresh_from_db()
    assert record.version == 1


NEW = {
    "language": "en", "platform": "Shopee", "level": "junior", "title": "Shopee: a broken phone case",
    "persona": "Aiko in Singapore; the case arrived cracked; she is polite but tired of waiting.",
    "goal": "A replacement before the weekend, or her money back.",
    "policy_facts": "Damaged on arrival: free replacement or full refund of S$19.90.\n\nAgent authority: both, no approval.",
    "opening": "Hi, the phone case I got is cracked right across the back.", "mood": "upset",
    "response_time_target_seconds": "120",
}


def test_a_trainer_starts_a_new_scenario_builds_a_turn_publishes_it_and_a_trainee_practises_it(cast: Any) -> None:
    tina = cast.client_for("tina")
    assert "New scenario" in tina.get(reverse("training:scenarios")).content.decode()
    response = tina.post(reverse("training:scenario_new"), NEW, follow=True)
    record = ScenarioRecord.objects.get(key="shopee-a-broken-phone-case-en")
    assert response.redirect_chain[-1][0] == reverse("training:scenario_edit", args=[record.pk])
    assert "A draft was made." in response.content.decode()
    assert record.status == "draft" and record.platform == "shopee" and record.version == 1
    data = record.data
    assert data["policy_facts"] == ["Damaged on arrival: free replacement or full refund of S$19.90.",
                                    "Agent authority: both, no approval."]
    assert data["nodes"][0]["text"] == NEW["opening"] and data["nodes"][0]["branches"] == {}
    assert data["rubric"]["response_time_target_seconds"] == 120 and data["rubric"]["pass_mark"] == 70
    assert "please be patient" in data["rubric"]["forbidden_phrases"]
    assert AuditEvent.objects.filter(action="training.scenario_new", object_id=str(record.pk)).exists()

    # In the editor she adds the customer's last turn and sends every kind of reply there, then publishes.
    post = editor_post(record, **{
        "node-0-calm": "thanks", "node-0-neutral": "thanks", "node-0-escalate": "thanks",
        "node-0-solution_terms": "replacement|refund", "node-0-replies": "I'm sorry it arrived cracked. I'll send a "
        "new case today by express, or refund the S$19.90 now if you prefer.",
        "node-1-id": "thanks", "node-1-text": "OK, a replacement please.", "node-1-mood": "neutral",
        "node_count": "2",
    })
    assert "Saved as version 2." in tina.post(reverse("training:scenario_edit", args=[record.pk]), post,
                                              follow=True).content.decode()
    tina.post(reverse("training:scenario_publish", args=[record.pk]), {"published": "1"})
    record.refresh_from_db()
    assert record.status == "published" and [n["id"] for n in record.data["nodes"]] == ["open", "thanks"]

    simulation = services.simulation_start(person=cast.alice, record=record, mode=Mode.PRACTICE)
    services.simulation_reply(simulation=simulation, by=cast.alice, reply=GOOD_REPLY["en"])
    page = cast.client_for("alice").get(reverse("training:simulation", args=[simulation.pk])).content.decode()
    assert NEW["opening"] in page and "OK, a replacement please." in page


def test_a_new_scenario_without_rules_is_refused_naming_the_field_and_nothing_is_made(cast: Any) -> None:
    response = cast.client_for("tina").post(reverse("training:scenario_new"), dict(NEW, policy_facts="  \n "))
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page
    assert list(response.context["form"].errors) == ["policy_facts"]
    assert 'value="Shopee: a broken phone case"' in page  # what she wrote is kept
    assert not ScenarioRecord.objects.filter(key__startswith="shopee-a-broken").exists()


def test_a_chinese_title_gets_an_id_from_the_language_and_a_second_one_a_number(cast: Any) -> None:
    zh = dict(NEW, language="zh-hans", title="拼多多：少发了一件", platform="pinduoduo")
    for _ in range(2):
        cast.client_for("tina").post(reverse("training:scenario_new"), zh)
    assert set(ScenarioRecord.objects.filter(title=zh["title"]).values_list("key", flat=True)) == {
        "scenario-zh", "scenario-zh-2"}
    assert "请耐心等待" in ScenarioRecord.objects.get(key="scenario-zh").data["rubric"]["forbidden_phrases"]


def test_export_then_import_changes_nothing(cast: Any) -> None:
    record = english(cast)
    client = cast.client_for("tina")
    exported = client.get(reverse("training:scenario_export", args=[record.pk]))
    assert exported["Content-Disposition"] == f'attachment; filename="{record.key}.json"'
    upload = SimpleUploadedFile(f"{record.key}.json", exported.content, content_type="application/json")
    response = client.post(reverse("training:scenario_import"), {"file": upload}, follow=True)
    assert "Nothing changed" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 1


def test_importing_a_new_scenario_makes_a_draft_and_again_changes_nothing(cast: Any) -> None:
    data = dict(english(cast).data, id="my-own-scenario", title="Our own scenario")
    content = json.dumps(data).encode()
    client = cast.client_for("tina")
    for _ in range(2):
        client.post(reverse("training:scenario_import"), {"file": SimpleUploadedFile("own.json", content)})
    record = ScenarioRecord.objects.get(centre=cast.centre, key="my-own-scenario")
    assert (record.status, record.version, record.versions.count()) == ("draft", data["version"], 1)


def test_a_bad_file_is_refused_naming_the_file_and_the_field(cast: Any) -> None:
    data = dict(english(cast).data, id="broken")
    data["nodes"] = [dict(data["nodes"][0], mood="furious"), *data["nodes"][1:]]
    client = cast.client_for("tina")
    response = client.post(reverse("training:scenario_import"),
                           {"file": SimpleUploadedFile("broken.json", json.dumps(data).encode())}, follow=True)
    assert "broken.json: nodes[0].mood" in response.content.decode()
    response = client.post(reverse("training:scenario_import"),
                           {"file": SimpleUploadedFile("truncated.json", b'{"id": "x", ')}, follow=True)
    assert "truncated.json: not valid JSON" in response.content.decode()
    assert not ScenarioRecord.objects.filter(key__in=["broken", "x"]).exists()


def test_practice_shows_feedback_after_each_reply_with_the_cue_words(cast: Any) -> None:
    client = cast.client_for("alice")
    record = english(cast)
    response = client.post(reverse("training:practise", args=[record.pk]), {"mode": "practice"})
    simulation = Simulation.objects.get(person=cast.alice)
    assert response.url == reverse("training:simulation", args=[simulation.pk])
    page = client.get(response.url).content.decode()
    assert record.data["nodes"][0]["text"] in page and "data-clock" in page and "Show a hint" in page
    response = client.post(reverse("training:reply", args=[simulation.pk]), {"reply": GOOD_REPLY["en"]},
                           HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert fragment.startswith('<section id="chat"') and 'data-feedback="0"' in fragment
    assert "<mark>" in fragment and "/100" in fragment


def test_a_test_run_shows_no_feedback_no_hint_until_the_end(cast: Any) -> None:
    client = cast.client_for("alice")
    record = english(cast)
    client.post(reverse("training:practise", args=[record.pk]), {"mode": "test"})
    simulation = Simulation.objects.get(person=cast.alice, mode=Mode.TEST)
    response = client.post(reverse("training:reply", args=[simulation.pk]), {"reply": GOOD_REPLY["en"]}, follow=True)
    page = response.content.decode()
    assert "data-feedback" not in page and "Show a hint" not in page and "Retry" not in page


def test_a_team_lead_cannot_see_an_agents_portfolio_and_a_trainers_read_is_audited(cast: Any) -> None:
    assert cast.client_for("carol").get(reverse("training:person_portfolio", args=[cast.alice.pk])).status_code == 404
    response = cast.client_for("tina").get(reverse("training:person_portfolio", args=[cast.alice.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="training.portfolio_read", subject=cast.alice).count() == 1
    cast.client_for("alice").get(reverse("training:portfolio"))
    assert AuditEvent.objects.filter(action="training.portfolio_read").count() == 1


def test_the_portfolio_shows_runs_scores_over_time_and_certificates(cast: Any) -> None:
    simulation = services.simulation_start(person=cast.alice, record=english(cast))
    from hearth.training.tests.test_services import finish

    finish(simulation, cast.alice)
    certificate = passed_certificate(cast, cast.alice)
    page = cast.client_for("alice").get(reverse("training:portfolio")).content.decode()
    assert 'data-stat="practice"><strong>1</strong>' in page
    assert 'data-chart="training-scores"' in page and "Empathy" in page
    assert certificate.number in page


def test_the_certificate_is_printable_and_verifiable(cast: Any) -> None:
    certificate = passed_certificate(cast, cast.alice)
    page = cast.client_for("alice").get(reverse("training:certificate", args=[certificate.pk])).content.decode()
    assert cast.alice.name in page and certificate.number in page and "Junior" in page
    check = cast.client_for("bob").get(reverse("training:verify"), {"number": certificate.number}).content.decode()
    assert "Valid: " in check and cast.alice.name in check
    assert cast.client_for("bob").get(reverse("training:certificate", args=[certificate.pk])).status_code == 404


def test_the_portfolio_counts_programmes_and_the_diary_streak_but_shows_no_diary_words(cast: Any) -> None:
    from hearth.diaries.services import entry_create
    from hearth.programmes.services import (
        membership_invite,
        membership_respond,
        programme_create,
        programme_status_set,
    )

    programme = programme_create(centre=cast.centre, by=cast.sam, title="Confidence circle", language="en")
    membership_respond(membership=membership_invite(programme=programme, by=cast.sam, person=cast.alice), accept=True)
    programme_status_set(programme=programme, by=cast.sam, status="running")
    programme_status_set(programme=programme, by=cast.sam, status="ended")
    entry_create(person=cast.alice, mood=3, thought="Nobody ever listens to me at work")
    own = cast.client_for("alice").get(reverse("training:portfolio")).content.decode()
    assert 'data-stat="programmes"><strong>1</strong>' in own and "Confidence circle" in own
    assert 'data-stat="diary"><strong>1</strong>' in own and "Nobody ever listens" not in own
    trainer = cast.client_for("tina").get(reverse("training:person_portfolio", args=[cast.alice.pk])).content.decode()
    assert 'data-stat="programmes"><strong>1</strong>' in trainer and "Confidence circle" not in trainer
    assert "Nobody ever listens" not in trainer


def test_the_editor_reads_levels_moods_and_version_notes_in_chinese(cast: Any) -> None:
    cast.tina.ui_language = "zh-hans"
    cast.tina.save()
    response = cast.client_for("tina").post(reverse("training:scenario_new"), NEW, follow=True)
    page = response.content.decode()
    assert '<option value="junior" selected>初级</option>' in page
    assert '<option value="upset" selected>不满</option>' in page
    assert "· 新建</li>" in page and "· created</li>" not in page
