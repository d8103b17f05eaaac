"""The background tasks (Django's tasks framework; the queue is settings.TASKS, chosen by
FACTCHECK_TASKS). Each task takes a row's id and does its work through services.run_job, so
the task's arguments stay small and JSON-serialisable and the row holds the state a page
polls; see services.py for how enqueuing follows the transaction and why a second run of the
same task does nothing."""

from django.tasks import task

from . import services


@task()
def run_fetch_job(job_id: int) -> str:
    return services.run_job(job_id)
