from django.urls import path

from hearth.care import views

app_name = "care"
urlpatterns = [
    path("request/", views.request_create, name="request_create"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("people/<int:pk>/checkups/", views.person_checkups, name="person_checkups"),
]
