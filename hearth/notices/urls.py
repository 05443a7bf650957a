from django.urls import path

from hearth.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notices, name="list"),
    path("read/", views.notices_read, name="read"),
    path("channels/", views.channels, name="channels"),
    path("channels/new/", views.channel_new, name="channel_new"),
    path("channels/<int:pk>/", views.channel, name="channel"),
    path("channels/<int:pk>/deactivate/", views.channel_deactivate, name="channel_deactivate"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel_test"),
]
