from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "factcheck.exports"
    label = "exports"
    verbose_name = "Exports and published fact-checks"
