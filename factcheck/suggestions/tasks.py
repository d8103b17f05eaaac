"""The background task that computes a long revision's analysis (see stored.keep_analysis)."""

from django.tasks import task

from factcheck.articles.models import Revision

from .stored import analysis_for


@task()
def compute_analysis(revision_id: int) -> int:
    """Compute and keep the revision's suggestions; a second run finds them kept. Returns
    how many suggestions it has (the task's result, for the worker's log)."""
    revision = Revision.objects.select_related("article").filter(pk=revision_id).first()
    if revision is None:  # deleted with its article before the worker came to it
        return 0
    return len(analysis_for(revision, language=revision.article.language).suggestions)
