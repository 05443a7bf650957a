from django.urls import path

from hearth.ingest import views

app_name = "ingest"
urlpatterns = [
    path("accounts/", views.accounts, name="accounts"),
    path("privacy/", views.privacy, name="privacy"),
    path("runs/", views.runs, name="runs"),
]
