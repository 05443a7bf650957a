"""The landing page: each role lands on what it needs first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.core.access import person_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = person_for(request.user)
    if person is None:
        if request.user.is_staff:
            return redirect("admin:index")
        return render(request, "core/no_person.html", status=403)
    return redirect("checkups:mine")
