from django.urls import path

from hearth.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("overview/", views.overview, name="overview"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/respond/", views.respond, name="respond"),
    path("mine/<int:pk>/consent/", views.consent, name="consent"),
    path("mine/<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/status/", views.programme_status, name="status"),
    path("<int:pk>/facilitators/", views.facilitator_add, name="facilitator_add"),
    path("<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/rate/", views.goal_rate, name="goal_rate"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/pairs/", views.pair_add, name="pair_add"),
    path("<int:pk>/rewards/", views.reward_add, name="reward_add"),
    path("<int:pk>/sessions/", views.session_add, name="session_add"),
    path("<int:pk>/sessions/<int:session_pk>/", views.session_record, name="session_record"),
    path("<int:pk>/measures/", views.measure_send, name="measure_send"),
    path("<int:pk>/phases/<int:phase_pk>/assess/", views.phase_assess, name="phase_assess"),
    path("<int:pk>/completion/rule/", views.completion_rule, name="completion_rule"),
    path("<int:pk>/completion/record/", views.completions_record, name="completions_record"),
]
