from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "hearth.activities"
    label = "activities"
