from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "hearth.notices"
    label = "notices"
