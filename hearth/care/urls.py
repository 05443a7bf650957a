from django.urls import path

from hearth.care import views, views_cases, views_centre, views_family

app_name = "care"
urlpatterns = [
    path("request/", views.request_create, name="request_create"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/case/", views_cases.case_from_request, name="request_case"),
    path("people/<int:pk>/checkups/", views.person_checkups, name="person_checkups"),
    path("cases/", views_cases.case_list, name="cases"),
    path("cases/new/", views_cases.case_new, name="case_new"),
    path("cases/<int:pk>/", views_cases.case_detail, name="case"),
    path("cases/<int:pk>/take/", views_cases.case_take, name="case_take"),
    path("cases/<int:pk>/consent/", views_cases.case_consent, name="case_consent"),
    path("cases/<int:pk>/advance/", views_cases.case_advance, name="case_advance"),
    path("cases/<int:pk>/approve-plan/", views_cases.case_plan_approve, name="case_plan_approve"),
    path("cases/<int:pk>/close/", views_cases.case_close, name="case_close"),
    path("cases/<int:pk>/approve-closure/", views_cases.case_close_approve, name="case_close_approve"),
    path("cases/<int:pk>/reopen/", views_cases.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/assessment/", views_cases.case_assessment, name="case_assessment"),
    path("cases/<int:pk>/goals/", views_cases.case_goal_add, name="case_goal_add"),
    path("cases/<int:pk>/goals/<int:goal_pk>/rate/", views_cases.case_goal_rate, name="case_goal_rate"),
    path("cases/<int:pk>/tasks/", views_cases.case_task_add, name="case_task_add"),
    path("cases/<int:pk>/sessions/", views_cases.case_session_add, name="case_session_add"),
    path("cases/<int:pk>/referrals/", views_cases.case_referral, name="case_referral"),
    path("cases/<int:pk>/supervisor/", views_cases.case_supervisor, name="case_supervisor"),
    path("cases/<int:pk>/checkups/", views_cases.case_checkups, name="case_checkups"),
    path("cases/<int:pk>/family/", views_family.family_contact_add, name="case_family_add"),
    path("cases/<int:pk>/family/<int:contact_pk>/remove/", views_family.family_contact_remove, name="case_family_remove"),
    path("cases/<int:pk>/resources/", views_family.resource_link, name="case_resource"),
    path("break-glass/", views_centre.break_glass, name="break_glass"),
    path("resources/", views_family.resources, name="resources"),
    path("settings/", views_centre.care_settings, name="settings"),
    path("outcomes/", views_centre.outcomes, name="outcomes"),
    path("my-plan/", views_cases.my_plan, name="my_plan"),
    path("my-plan/tasks/<int:pk>/done/", views_cases.my_task_done, name="my_task_done"),
]
