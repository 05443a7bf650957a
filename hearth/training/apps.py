from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "hearth.training"
    label = "training"
