from django.urls import path

from hearth.radar import views

app_name = "radar"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("queue/", views.queue, name="queue"),
    path("alerts/<int:pk>/", views.alert, name="alert"),
    path("alerts/<int:pk>/snooze/", views.alert_snooze_view, name="alert_snooze"),
    path("alerts/<int:pk>/resolve/", views.alert_resolve_view, name="alert_resolve"),
    path("alerts/<int:pk>/case/", views.alert_case_view, name="alert_case"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/refer/<int:person_pk>/", views.team_refer, name="team_refer"),
    path("me/", views.mine, name="mine"),
    path("runs/", views.runs, name="runs"),
    path("runs/new/", views.run_now, name="run_now"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("settings/", views.radar_settings, name="settings"),
    path("models/", views.models_page, name="models"),
    path("models/fit/", views.models_fit_now, name="models_fit"),
]
