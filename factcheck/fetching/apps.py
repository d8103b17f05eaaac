from django.apps import AppConfig


class FetchingConfig(AppConfig):
    name = "factcheck.fetching"
    label = "fetching"
    verbose_name = "Fetched pages"
