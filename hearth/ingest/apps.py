from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "hearth.ingest"
    label = "ingest"
