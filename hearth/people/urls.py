"""People pages, under /people/."""

from django.urls import path

from hearth.people import views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("import/", views.people_import_view, name="import"),
]
