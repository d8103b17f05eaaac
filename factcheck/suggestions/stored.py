"""Computing and keeping a revision's analysis.

store_analysis runs inside articles.services.create_revision, so every new revision has
its suggestions before anyone opens it; analysis_for recomputes a kept analysis whose
rules are older than the text core's (RULES_VERSION), or one a restore left out. Apart
from services.py because articles.services imports it and claims.services imports that.
"""

from __future__ import annotations

from factcheck.articles.models import Revision
from factcheck.text.suggest import RULES_VERSION

from .analysis import analyse
from .models import RevisionAnalysis


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
