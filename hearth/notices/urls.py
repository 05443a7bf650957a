from django.urls import path

from hearth.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notices, name="list"),
    path("read/", views.notices_read, name="read"),
]
