"""Check-up answers are unreadable in the database and read back as the answers; old rows are encrypted."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection

from hearth.assessments.models import Invitation, Response
from hearth.assessments.services import invitation_save
from hearth.core.migration_ops import encrypt_column


def _raw_answers(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM assessments_response WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_answers_are_ciphertext_in_the_database_and_the_answers_in_the_app(cast: Any, open_campaign: Any) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.alice)
    invitation_save(invitation=invitation, instrument_id="cbi", answers={"p1": 3, "w7": 0}, language="en")
    response = Response.objects.get(invitation=invitation)
    raw = _raw_answers(response.pk)
    assert raw.startswith("enc1:") and "p1" not in raw and "cbi" not in raw
    assert response.answers == {"cbi": {"p1": 3, "w7": 0}}
    # Saving the next page keeps the first page's answers (read back, merged, written encrypted again).
    invitation_save(invitation=invitation, instrument_id="cbi", answers={"p2": 1}, language="en")
    assert Response.objects.get(pk=response.pk).answers == {"cbi": {"p1": 3, "w7": 0, "p2": 1}}


def test_answers_stored_before_encryption_are_encrypted_by_the_migration_step(cast: Any, open_campaign: Any) -> None:
    invitation = Invitation.objects.get(campaign=open_campaign, person=cast.bob)
    invitation_save(invitation=invitation, instrument_id="cbi", answers={"p1": 4}, language="en")
    response = Response.objects.get(invitation=invitation)
    with connection.cursor() as cursor:  # as a row written before the column was encrypted
        cursor.execute("UPDATE assessments_response SET answers = %s WHERE id = %s",
                       [json.dumps({"cbi": {"p1": 4}}), response.pk])
    assert encrypt_column(connection, "assessments_response", "answers") == 1
    assert _raw_answers(response.pk).startswith("enc1:")
    assert Response.objects.get(pk=response.pk).answers == {"cbi": {"p1": 4}}
    assert encrypt_column(connection, "assessments_response", "answers") == 0  # a second run changes nothing


def test_a_group_questionnaire_never_feeds_the_radar_or_what_others_read(cast: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from hearth.assessments.selectors import my_results, scores_for_models
    from hearth.assessments.services import campaign_create, invitation_submit

    now = timezone.now()
    campaign = campaign_create(centre=cast.centre, created_by=cast.sam, title="Group: before", instruments=["cbi"],
                               opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7),
                               people=[cast.alice], purpose="programme")
    invitation = Invitation.objects.get(campaign=campaign, person=cast.alice)
    invitation_save(invitation=invitation, instrument_id="cbi", answers={"p1": 4, "p2": 4}, language="en")
    invitation_submit(invitation=invitation)
    assert len(my_results(person=cast.alice)) == 1  # Alice sees her own answers to the group's questionnaire
    assert my_results(person=cast.alice, checkups_only=True) == []
    assert scores_for_models(person_ids=[cast.alice.pk]) == []
