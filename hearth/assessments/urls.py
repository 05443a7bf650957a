from django.urls import path

from hearth.assessments import views

app_name = "checkups"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("settings/", views.my_settings, name="settings"),
    path("<int:pk>/", views.answer, name="answer"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/result/", views.result, name="result"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/quality/", views.quality, name="quality"),
    path("reports/", views.reports, name="reports"),
]
