"""Every URL Hearth serves. Each app has its own urls.py, included here under its prefix."""

from django.contrib import admin
from django.urls import include, path

from hearth.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("hearth.people.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("hearth.people.urls")),
    path("checkups/", include("hearth.assessments.urls")),
    path("support/", include("hearth.care.urls")),
    path("programmes/", include("hearth.programmes.urls")),
    path("notices/", include("hearth.notices.urls")),
    path("audit/", include("hearth.audit.urls")),
    path("load/", include("hearth.ingest.load_urls")),
    path("helpdesk/", include("hearth.ingest.urls")),
    path("radar/", include("hearth.radar.urls")),
    path("activities/", include("hearth.activities.urls")),
    path("training/", include("hearth.training.urls")),
    path("diary/", include("hearth.diaries.urls")),
    path("admin/", admin.site.urls),
]
