"""Forms for support requests."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.care.models import SupportRequest, SupportRequestStatus


class SupportRequestForm(forms.ModelForm):
    """The agent's request for a confidential conversation."""

    class Meta:
        model = SupportRequest
        fields = ["contact_preference", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class SupportRequestUpdateForm(forms.Form):
    """The social worker moves a request along."""

    status = forms.ChoiceField(label=_("Status"), choices=SupportRequestStatus.choices)


REASONS = [
    ("support_request", _("Responding to their request for a conversation")),
    ("outreach", _("Outreach: following up a check-up they allowed me to see")),
    ("other", _("Other (write the reason)")),
]


class ViewReasonForm(forms.Form):
    """Why the social worker is opening an agent's results: recorded in the audit trail."""

    reason = forms.ChoiceField(label=_("Why are you opening these results?"), choices=REASONS, widget=forms.RadioSelect)
    detail = forms.CharField(label=_("Details"), required=False, max_length=300)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("reason") == "other" and not (data.get("detail") or "").strip():
            self.add_error("detail", _("Write the reason."))
        return data

    def reason_text(self) -> str:
        """The reason as recorded: the choice's id plus any detail."""
        detail = (self.cleaned_data.get("detail") or "").strip()
        return f"{self.cleaned_data['reason']}: {detail}" if detail else str(self.cleaned_data["reason"])
