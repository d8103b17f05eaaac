from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editor's side of claims: verdicts and their corrections, dismissing and reopening
    (services.py), the decisions queue (queue.py) and reviewer agreement (agreement.py).
    No models of its own: it works on the claims app's. Its URLs keep the `decisions`
    namespace and its templates live in templates/decisions/."""

    name = "factcheck.editorial"
    label = "editorial"
    verbose_name = "Editorial decisions"
