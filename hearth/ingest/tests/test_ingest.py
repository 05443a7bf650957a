"""Loading helpdesk records: idempotent, resumable, mapped to people, private by default."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hearth.engine.canonical import Conversation, Csat, Message
from hearth.engine.detectors import AgentSignals, CustomerSignals
from hearth.ingest import services
from hearth.ingest.models import EvidenceSnippet, SourceConversation, SourceMessage, UnknownAccount
from hearth.people.models import HelpdeskAccount


def fake_customer(text: str, lang: str | None = None) -> CustomerSignals:
    hostile = "idiot" in text
    return CustomerSignals("en", 0.9 if hostile else 0.1, hostile, 0.8 if hostile else 0.2, hostile, ("insult:idiot",) if hostile else ())


def fake_agent(text: str, lang: str | None = None) -> AgentSignals:
    return AgentSignals("en", "understand" in text, "sorry" in text, "I'll" in text, ())


SCORERS: dict[str, Any] = {"score_customer": fake_customer, "score_agent": fake_agent, "mask_personal": lambda t: t.replace("Bob", "[name]")}
T0 = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai: all three chats on one local day


def export(n_conversations: int = 3, *, agent: str = "zd-7") -> list[Conversation | Message]:
    records: list[Conversation | Message] = []
    for c in range(n_conversations):
        cid = f"T{c}"
        records.append(Conversation(source="zendesk", conversation_id=cid, channel="chat", team="Night", csat=Csat(4, 5)))
        start = T0 + timedelta(hours=c)
        records += [
            Message("zendesk", cid, f"{cid}-1", start, "customer", text="where is my parcel, you idiot Bob"),
            Message("zendesk", cid, f"{cid}-2", start + timedelta(minutes=2), "agent", text="I understand, sorry. I'll check.", agent_id=agent),
            Message("zendesk", cid, f"{cid}-3", start + timedelta(minutes=3), "agent", text="note to self", agent_id=agent, internal=True),
        ]
    return records


@pytest.fixture
def run(cast: Any) -> Any:
    return services.ingest_run_start(centre=cast.centre, format="generic", paths=["x"], strict=False)


@pytest.fixture
def mapped(cast: Any) -> Any:
    HelpdeskAccount.objects.create(centre=cast.centre, person=cast.alice, source="zendesk", external_id="zd-7")
    return cast.alice


def test_an_export_is_loaded_with_its_scores_and_mapped_to_the_agent(cast: Any, run: Any, mapped: Any) -> None:
    counts = services.ingest_records(centre=cast.centre, records=export(), run=run, **SCORERS)
    assert (counts.conversations, counts.messages_new, counts.messages_seen) == (3, 9, 0)
    customer = SourceMessage.objects.filter(author_role="customer").first()
    assert customer is not None and customer.hostile and customer.hostility == 0.9
    agent = SourceMessage.objects.filter(author_role="agent", internal=False).first()
    assert agent is not None and agent.person == cast.alice and agent.empathy and agent.apology and agent.ownership
    assert SourceConversation.objects.get(external_id="T0").csat_score == 4
    assert set(counts.touched) == {cast.alice.pk}


def test_no_message_text_is_kept_by_default_only_a_masked_snippet_of_hostile_ones(cast: Any, run: Any, mapped: Any) -> None:
    services.ingest_records(centre=cast.centre, records=export(1), run=run, **SCORERS)
    assert not SourceMessage.objects.exclude(text="").exists()
    snippet = EvidenceSnippet.objects.get()
    assert snippet.snippet == "where is my parcel, you idiot [name]"
    assert snippet.cues == ["insult:idiot"]
    assert snippet.expires_at > T0 + timedelta(days=29)


def test_a_centre_that_chose_to_keep_text_keeps_it(cast: Any, run: Any) -> None:
    cast.centre.keep_message_text = True
    cast.centre.save()
    services.ingest_records(centre=cast.centre, records=export(1), run=run, **SCORERS)
    assert SourceMessage.objects.exclude(text="").count() == 3


def test_the_same_export_twice_changes_nothing(cast: Any, run: Any, mapped: Any) -> None:
    services.ingest_records(centre=cast.centre, records=export(), run=run, **SCORERS)
    before = list(SourceMessage.objects.order_by("pk").values())
    again = services.ingest_records(centre=cast.centre, records=export(), run=run, **SCORERS)
    assert (again.messages_new, again.messages_seen, again.conversations) == (0, 9, 0)
    assert list(SourceMessage.objects.order_by("pk").values()) == before
    assert EvidenceSnippet.objects.count() == 3


def test_overlapping_exports_merge_by_source_ids(cast: Any, run: Any) -> None:
    services.ingest_records(centre=cast.centre, records=export(2), run=run, **SCORERS)
    later = export(3)
    later.append(Conversation(source="zendesk", conversation_id="T0", tags=("refund",)))
    counts = services.ingest_records(centre=cast.centre, records=later, run=run, **SCORERS)
    assert counts.messages_new == 3 and counts.messages_seen == 6
    merged = SourceConversation.objects.get(external_id="T0")
    assert merged.tags == ["refund"] and merged.channel == "chat"  # earlier fields kept, new ones added


def _crash_after(records: list[Any], n: int) -> Iterator[Any]:
    for i, record in enumerate(records):
        if i == n:
            raise KeyboardInterrupt
        yield record


def test_a_run_killed_half_way_and_run_again_has_no_duplicates_and_nothing_missing(cast: Any, run: Any) -> None:
    records = export(10)
    with pytest.raises(KeyboardInterrupt):
        services.ingest_records(centre=cast.centre, records=_crash_after(records, 25), run=run, batch_size=8, **SCORERS)
    partial = SourceMessage.objects.count()
    assert 0 < partial < 30
    counts = services.ingest_records(centre=cast.centre, records=records, run=run, batch_size=8, **SCORERS)
    assert SourceMessage.objects.count() == 30
    assert counts.messages_new == 30 - partial
    assert SourceMessage.objects.values("conversation", "external_id").distinct().count() == 30


def test_unknown_accounts_are_reported_and_mapping_attaches_their_past_messages(cast: Any, run: Any) -> None:
    counts = services.ingest_records(centre=cast.centre, records=export(2, agent="zd-99"), run=run, **SCORERS)
    assert counts.unknown_accounts == {("zendesk", "zd-99")}
    unknown = UnknownAccount.objects.get()
    assert unknown.messages == 4
    attached = services.account_map(centre=cast.centre, source="zendesk", external_id="zd-99", person=cast.bob)
    assert attached == 4
    assert not UnknownAccount.objects.exists()
    assert SourceMessage.objects.filter(person=cast.bob).count() == 4


def test_expired_evidence_is_purged(cast: Any, run: Any) -> None:
    services.ingest_records(centre=cast.centre, records=export(2), run=run, **SCORERS)
    assert services.evidence_purge(now=datetime.now(UTC) + timedelta(days=31)) == 2
    assert not EvidenceSnippet.objects.exists()


def test_ingesting_computes_each_agents_daily_load_and_recomputing_replaces_it(cast: Any, run: Any, mapped: Any) -> None:
    from hearth.ingest.features import agent_days_recompute
    from hearth.ingest.models import AgentDay

    counts = services.ingest_records(centre=cast.centre, records=export(3), run=run, **SCORERS)
    first = agent_days_recompute(centre=cast.centre, touched=counts.touched)
    day = AgentDay.objects.get(person=cast.alice)
    assert first.rows == 1 and day.day == T0.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai")).date()
    assert day.features["conversations"] == 3
    assert day.features["agent_messages"] == 3  # internal notes do not count
    assert day.features["customer_messages"] == 3 and day.features["hostile_messages"] == 3
    assert day.features["first_response_seconds_mean"] == 120
    second = agent_days_recompute(centre=cast.centre, touched=counts.touched)
    assert AgentDay.objects.get(person=cast.alice).run == second  # replaced, not duplicated


def test_template_replies_are_flagged_canned_and_the_history_carries_across_runs_without_text(cast: Any, run: Any, mapped: Any) -> None:
    template = "Thank you for contacting us. Your order {} has been shipped, please allow 7-15 business days."
    now = datetime.now(UTC)

    def replies(start: int, n: int) -> list[Message]:
        return [Message("zendesk", f"C{i}", f"C{i}-1", now - timedelta(hours=n - i), "agent", text=template.format(10**9 + i),
                        agent_id="zd-7") for i in range(start, start + n)]

    services.ingest_records(centre=cast.centre, records=replies(0, 3), run=run, **SCORERS)
    flags = list(SourceMessage.objects.order_by("sent_at").values_list("canned", flat=True))
    assert flags == [False, False, True]  # canned once two earlier near-copies exist
    assert not SourceMessage.objects.exclude(text="").exists()  # only signatures were kept
    services.ingest_records(centre=cast.centre, records=replies(3, 1), run=run, **SCORERS)
    assert SourceMessage.objects.get(external_id="C3-1").canned  # a later run remembers earlier replies


def test_different_replies_are_not_canned(cast: Any, run: Any, mapped: Any) -> None:
    texts = ["I understand, let me check the tracking for you now.", "Sorry about the wrong size, I'll send a label.",
             "Your refund went out this morning; banks take 3 days.", "I've asked the warehouse to call you back today."]
    now = datetime.now(UTC)
    records = [Message("zendesk", f"D{i}", f"D{i}-1", now - timedelta(hours=5 - i), "agent", text=t, agent_id="zd-7")
               for i, t in enumerate(texts)]
    services.ingest_records(centre=cast.centre, records=records, run=run, **SCORERS)
    assert not SourceMessage.objects.filter(canned=True).exists()


def test_response_times_count_only_the_centres_business_hours_once_it_defines_them(cast: Any, run: Any, mapped: Any) -> None:
    from hearth.ingest.features import agent_days_recompute
    from hearth.ingest.models import AgentDay

    # Monday 17:55 in Shanghai a customer writes; the reply comes Tuesday 09:05: 10 open minutes.
    asked = datetime(2026, 11, 2, 9, 55, tzinfo=UTC)
    records = [Message("zendesk", "B1", "B1-1", asked, "customer", text="hello"),
               Message("zendesk", "B1", "B1-2", asked + timedelta(hours=15, minutes=10), "agent", text="hi", agent_id="zd-7")]
    counts = services.ingest_records(centre=cast.centre, records=records, run=run, **SCORERS)
    agent_days_recompute(centre=cast.centre, touched=counts.touched)
    assert AgentDay.objects.get(person=cast.alice).features["first_response_seconds_mean"] == 15 * 3600 + 600
    cast.centre.business_hours = {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    cast.centre.save()
    agent_days_recompute(centre=cast.centre, touched=counts.touched)
    assert AgentDay.objects.get(person=cast.alice).features["first_response_seconds_mean"] == 600


@pytest.mark.parametrize(("text", "expected"), [
    ("mon-fri 09:00-18:00", {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}),
    ("sat 10:00-16:00\nsun 9:30-12:00", {"sat": ["10:00", "16:00"], "sun": ["09:30", "12:00"]}),
    ("", {}),
])
def test_business_hours_are_written_as_plain_lines(text: str, expected: dict[str, list[str]]) -> None:
    from hearth.ingest.forms import parse_business_hours

    assert parse_business_hours(text) == expected


@pytest.mark.parametrize("text", ["monday 9-5", "mon 18:00-09:00", "xyz 09:00-10:00"])
def test_bad_business_hours_name_the_line(text: str) -> None:
    from django import forms

    from hearth.ingest.forms import parse_business_hours

    with pytest.raises(forms.ValidationError, match="Line 1"):
        parse_business_hours(text)


def test_the_admin_sets_business_hours_on_the_settings_page(cast: Any) -> None:
    from django.urls import reverse

    response = cast.client_for("ada").post(reverse("ingest:privacy"), {
        "evidence_retention_days": "30", "business_hours_text": "mon-fri 09:00-18:00"})
    assert response.status_code == 302
    cast.centre.refresh_from_db()
    assert cast.centre.business_hours["fri"] == ["09:00", "18:00"] and not cast.centre.keep_message_text


def test_the_social_worker_sees_the_masked_hostile_messages_the_agent_faced_and_the_view_is_audited(cast: Any, run: Any, mapped: Any) -> None:
    from hearth.audit.models import AuditEvent
    from hearth.ingest.selectors import load_for_social_worker

    services.ingest_records(centre=cast.centre, records=export(2), run=run, **SCORERS)
    _, evidence = load_for_social_worker(reader=cast.sam, subject=cast.alice, ip=None)
    assert [e.snippet for e in evidence] == ["where is my parcel, you idiot [name]"] * 2
    assert AuditEvent.objects.filter(action="load.view", subject=cast.alice, actor=cast.sam.user).exists()
    _, none = load_for_social_worker(reader=cast.sam, subject=cast.bob, ip=None)
    assert none == []  # bob handled none of those conversations
