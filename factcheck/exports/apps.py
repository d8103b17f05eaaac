from django.apps import AppConfig
from django.core import checks


class ExportsConfig(AppConfig):
    name = "factcheck.exports"
    label = "exports"
    verbose_name = "Exports and published fact-checks"

    def ready(self) -> None:
        from factcheck.exports.checks import publishing_settings

        checks.register(publishing_settings)
