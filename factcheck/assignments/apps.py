from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    """Who is asked to review what: editors assign claims (or whole articles) to reviewers
    with a due date and a priority (services.py); reviewers work through "My queue"
    (views.my_queue); the decisions queue shows each reviewer's load (queries.load)."""

    name = "factcheck.assignments"
    label = "assignments"
    verbose_name = "Assignments"
