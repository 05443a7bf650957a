from django.urls import path

from hearth.diaries import views

app_name = "diaries"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("write/", views.write, name="write"),
    path("mood/", views.mood, name="mood"),
    path("<int:pk>/", views.entry_detail, name="entry"),
    path("<int:pk>/reframe/", views.reframe, name="reframe"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/unshare/", views.unshare, name="unshare"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("shared/", views.shared, name="shared"),
    path("shared/<int:pk>/", views.shared_entry, name="shared_entry"),
    path("talk/", views.talk, name="talk"),
    path("buddy/", views.buddy, name="buddy"),
    path("buddy/guide/", views.buddy_guide, name="buddy_guide"),
    path("buddy/willing/", views.buddy_willing, name="buddy_willing"),
    path("buddy/invite/", views.buddy_invite, name="buddy_invite"),
    path("buddy/pairs/", views.buddy_pairs, name="buddy_pairs"),
    path("buddy/<int:pk>/respond/", views.buddy_respond, name="buddy_respond"),
    path("buddy/<int:pk>/end/", views.buddy_end, name="buddy_end"),
    path("buddy/<int:pk>/checkin/", views.buddy_checkin, name="buddy_checkin"),
    path("buddy/<int:pk>/suggest/", views.buddy_suggest, name="buddy_suggest"),
]
