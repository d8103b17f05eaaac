from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "factcheck.suggestions"
    label = "suggestions"
    verbose_name = "Suggestions and consistency checks"
