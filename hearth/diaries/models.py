"""The private emotion diary and the peer buddy.

Diary content is among the most sensitive data Hearth holds: every word an agent writes is encrypted at rest,
and an entry is seen by its author and by whoever they shared that entry with (a social worker or their
buddy), one share at a time, each share withdrawable. Nobody else ever sees an entry or whether someone keeps
a diary; the one number that leaves this app is a streak count for the agent's own growth portfolio.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hearth.core.fields import EncryptedJSONField, EncryptedTextField


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


MOOD_FACES = {1: "😣", 2: "😟", 3: "😐", 4: "🙂", 5: "😄"}


class Feeling(models.TextChoices):
    CALM = "calm", _("Calm")
    HAPPY = "happy", _("Happy")
    TIRED = "tired", _("Tired")
    ANXIOUS = "anxious", _("Anxious")
    ANGRY = "angry", _("Angry")
    SAD = "sad", _("Sad")
    WRONGED = "wronged", _("Wronged")
    HELPLESS = "helpless", _("Helpless")


class Entry(models.Model):
    """One diary entry: mood, situation, thought, feelings, what I did; the thinking traps found, an optional reframe."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="diary_entries")
    written_at = models.DateTimeField()
    written_on = models.DateField()  # the day in the author's own time zone (for the streak and the chart)
    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    situation = EncryptedTextField(blank=True)
    thought = EncryptedTextField(blank=True)
    feelings = EncryptedJSONField(default=list, blank=True)  # keys of Feeling
    feeling_note = EncryptedTextField(blank=True)
    did = EncryptedTextField(blank=True)  # what I did
    traps = models.JSONField(default=list, blank=True)  # trap labels only (hearth.engine.traps.TRAPS)
    cues = EncryptedJSONField(default=dict, blank=True)  # trap → words of the thought that triggered it
    trap_language = models.CharField(max_length=8, blank=True)
    reframe = EncryptedTextField(blank=True)
    reframed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["person", "written_on"])]

    def __str__(self) -> str:
        return f"diary entry {self.pk}"  # never the person or the content: this string can end up in logs


class ShareKind(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    BUDDY = "buddy", pgettext_lazy("peer support", "Buddy")


class Share(models.Model):
    """One entry shared with one reader (a social worker or the author's buddy) until withdrawn."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="shares")
    reader = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="diary_shares_received")
    kind = models.CharField(max_length=16, choices=ShareKind.choices)
    created_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"diary share {self.pk}"


class BuddyWillingness(models.Model):
    """An agent's opt-in: offering to be a buddy, asking for one, or both."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="buddy_willingness")
    offers = models.BooleanField(default=False)
    seeks = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"buddy willingness {self.pk}"


class PairStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", pgettext_lazy("buddy pair", "Active")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


class BuddyPair(models.Model):
    """Two agents who agreed to be buddies: paired by a social worker, or one invited and the other accepted."""

    centre = models.ForeignKey("people.Centre", on_delete=models.CASCADE, related_name="buddy_pairs")
    first = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")  # the inviter
    second = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")  # the invitee
    status = models.CharField(max_length=16, choices=PairStatus.choices, default=PairStatus.INVITED)
    paired_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # a social worker, when they paired the two
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"buddy pair {self.pk} ({self.status})"

    def other(self, person_id: int) -> int:
        """The id of the other buddy."""
        return self.second_id if person_id == self.first_id else self.first_id


class CheckIn(models.Model):
    """A buddy check-in: the day, how the writer is (1–5) and a short note seen by the two buddies only."""

    pair = models.ForeignKey(BuddyPair, on_delete=models.CASCADE, related_name="checkins")
    by = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    how = models.PositiveSmallIntegerField(choices=Mood.choices)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"check-in {self.pk} of pair {self.pair_id}"
