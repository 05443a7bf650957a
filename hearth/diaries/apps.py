from django.apps import AppConfig


class DiariesConfig(AppConfig):
    name = "hearth.diaries"
    label = "diaries"
