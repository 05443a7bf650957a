from django.urls import path

from hearth.ingest import views

app_name = "load"
urlpatterns = [
    path("", views.my_load, name="mine"),
    path("people/<int:pk>/", views.agent_load, name="agent"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:pk>/", views.team, name="team"),
]
