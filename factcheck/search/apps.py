from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "factcheck.search"
    verbose_name = "Search"
