"""Computing and keeping a revision's analysis.

keep_analysis runs inside articles.services.create_revision, so every new revision has its
suggestions before anyone opens it: at once for an article of ordinary length, in a
background task for a long one (the rules take ~0.8 s a megabyte, which would make a
1 MB import eight times slower; bench/bench_articles.py). analysis_for computes one still
missing (the worker has not come to it, or a restore left it out) and recomputes one made
by older rules (RULES_VERSION). Apart from services.py because articles.services imports
it and claims.services imports that.
"""

from __future__ import annotations

from django.db import transaction

from factcheck.articles.models import Revision
from factcheck.text.suggest import RULES_VERSION

from .analysis import analyse
from .models import RevisionAnalysis

# Up to this many characters the analysis is computed in the revision's own transaction
# (about 0.1 s); a longer text's goes to the task queue once the revision is committed.
INLINE_LIMIT = 100_000


def keep_analysis(*, revision: Revision, language: str) -> None:
    if len(revision.text) <= INLINE_LIMIT:
        store_analysis(revision=revision, language=language)
        return
    from .tasks import compute_analysis  # the task module imports this one

    transaction.on_commit(lambda: compute_analysis.enqueue(revision.pk))


def store_analysis(*, revision: Revision, language: str) -> RevisionAnalysis:
    """Compute the revision's suggestions and findings and keep them. No claim exists on a
    new revision, so nothing is left out here; readers leave claimed sentences out."""
    computed = analyse(revision.text, language=language)
    analysis, _ = RevisionAnalysis.objects.update_or_create(
        revision=revision,
        defaults={
            "rules_version": RULES_VERSION,
            "suggestions": computed["suggestions"],
            "checks": computed["checks"],
        },
    )
    return analysis


def analysis_for(revision: Revision, *, language: str) -> RevisionAnalysis:
    """The kept analysis, recomputed first when missing or made by older rules."""
    kept = RevisionAnalysis.objects.filter(revision=revision).first()
    if kept is None or kept.rules_version != RULES_VERSION:
        kept = store_analysis(revision=revision, language=language)
    return kept
