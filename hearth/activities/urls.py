from django.urls import path

from hearth.activities import views, views_plan

app_name = "activities"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.activity_new, name="activity_new"),
    path("report/", views.report, name="report"),
    path("<int:pk>/", views.activity_detail, name="activity"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("<int:pk>/sign-up/", views.activity_signup, name="activity_signup"),
    path("<int:pk>/withdraw/", views.activity_withdraw, name="activity_withdraw"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("rotations/", views_plan.rotations, name="rotations"),
    path("rotations/new/", views_plan.rotation_new, name="rotation_new"),
    path("rotations/<int:pk>/", views_plan.rotation_edit, name="rotation_edit"),
    path("channel/", views_plan.channel, name="channel"),
    path("channel/ask/", views_plan.channel_ask, name="channel_ask"),
    path("channel/inbox/", views_plan.inbox, name="inbox"),
    path("channel/<int:pk>/answer/", views_plan.question_answer, name="question_answer"),
]
