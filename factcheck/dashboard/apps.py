from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "factcheck.dashboard"
    verbose_name = "Dashboard"
