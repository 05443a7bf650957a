from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "hearth.radar"
    label = "radar"
    verbose_name = "Burnout radar"
