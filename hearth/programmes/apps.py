from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "hearth.programmes"
    label = "programmes"
