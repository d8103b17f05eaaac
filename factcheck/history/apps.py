from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "factcheck.history"
    label = "history"
    verbose_name = "History"
