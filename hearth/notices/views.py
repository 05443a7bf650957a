"""The signed-in person's notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.core.access import require_person
from hearth.notices.messages import render_notice
from hearth.notices.selectors import notice_list
from hearth.notices.services import notices_mark_read


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    person = require_person(request)
    rows = [(n, *render_notice(n.kind, n.params)) for n in notice_list(person=person)]
    return render(request, "notices/list.html", {"rows": rows})


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    notices_mark_read(person=require_person(request))
    return redirect("notices:list")
