from django.urls import path

from hearth.training import views, views_editor

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("scenarios/<int:pk>/practise/", views.practise, name="practise"),
    path("sims/<int:pk>/", views.simulation, name="simulation"),
    path("sims/<int:pk>/reply/", views.reply, name="reply"),
    path("sims/<int:pk>/hint/", views.hint, name="hint"),
    path("sims/<int:pk>/retry/", views.retry, name="retry"),
    path("certification/<int:pk>/", views.certification, name="certification"),
    path("certification/<int:pk>/start/", views.certification_start, name="certification_start"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("certificates/verify/", views.verify, name="verify"),
    path("portfolio/", views.my_portfolio, name="portfolio"),
    path("people/", views_editor.people, name="people"),
    path("people/<int:pk>/portfolio/", views_editor.person_portfolio, name="person_portfolio"),
    path("scenarios/", views_editor.scenarios, name="scenarios"),
    path("scenarios/import/", views_editor.scenario_import_view, name="scenario_import"),
    path("scenarios/new/", views_editor.scenario_new_view, name="scenario_new"),
    path("scenarios/<int:pk>/edit/", views_editor.scenario_edit, name="scenario_edit"),
    path("scenarios/<int:pk>/publish/", views_editor.scenario_publish_view, name="scenario_publish"),
    path("scenarios/<int:pk>/copy/", views_editor.scenario_copy_view, name="scenario_copy"),
    path("scenarios/<int:pk>/export/", views_editor.scenario_export_view, name="scenario_export"),
    path("tests/", views_editor.tests, name="tests"),
    path("tests/new/", views_editor.test_new, name="test_new"),
    path("tests/<int:pk>/edit/", views_editor.test_edit, name="test_edit"),
    path("settings/", views_editor.settings_view, name="settings"),
]
