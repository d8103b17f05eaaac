"""A new revision of an article (editors), previewed before it is applied, and what changed
from one revision to the next (everyone who reads articles).

The new-revision page works without JavaScript in three steps on one URL: the form, then
the preview (POST without a fingerprint: nothing is stored), then the confirmation (POST
with the preview's fingerprint and the normalised text it was computed from), which
applies exactly what was shown or, when the article or its claims changed meanwhile,
answers 409 with the preview drawn again from the fresh plan.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck.articles.access import article_for_revising, revision_for_reading
from factcheck.articles.forms import RevisionForm
from factcheck.articles.services import ImportRejected, max_import_bytes
from factcheck.text import Outcome, paragraph_changes

from . import revisions
from .revisions import RevisionConflict, RevisionPlan

FORM = "claims/revision_form.html"
PREVIEW = "claims/revision_preview.html"


@require_http_methods(["GET", "POST"])
def new_revision(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_revising(request.user, article_id)
    form = RevisionForm(request.POST or None, request.FILES or None)
    context = {"article": article, "form": form, "max_import_bytes": max_import_bytes()}
    if request.method != "POST":
        return render(request, FORM, context)
    if not form.is_valid():
        return render(request, FORM, context, status=400)
    data = form.cleaned_data
    try:
        if data["fingerprint"]:
            result = revisions.revise_article(
                article=article,
                content=form.content(),
                note=data["note"],
                editor=request.user,
                expected=data["fingerprint"],
            )
            messages.success(request, confirmation(result.plan, result.revision.number))
            return redirect(article)
        plan = revisions.plan_revision(article=article, content=form.content())
    except ImportRejected as error:
        form.add_error(None, str(error))
        return render(request, FORM, context, status=400)
    except RevisionConflict as conflict:
        return preview(request, conflict.plan, data["note"], status=409)
    return preview(request, plan, data["note"])


def preview(
    request: HttpRequest, plan: RevisionPlan, note: str, *, status: int = 200
) -> HttpResponse:
    """What confirming would do, and the form that confirms exactly this plan."""
    confirm = RevisionForm(
        initial={"text": plan.text, "note": note, "fingerprint": plan.fingerprint}
    )
    context = {
        "article": plan.article,
        "plan": plan,
        "confirm": confirm,
        "conflict": status == 409,
        "changed": plan.with_outcome(Outcome.CHANGED),
        "orphaned": plan.with_outcome(Outcome.ORPHANED),
    }
    return render(request, PREVIEW, context, status=status)


def confirmation(plan: RevisionPlan, number: int) -> str:
    counts = plan.counts
    return (
        f"Revision {number} is the current text. Claims: {counts['exact']} exact, "
        f"{counts['moved']} moved, {counts['changed']} changed, {counts['orphaned']} orphaned."
    )


@require_GET
def revision_changes(request: HttpRequest, article_id: int, number: int) -> HttpResponse:
    """Revision N-1 -> N, paragraph by paragraph, insertions and deletions marked."""
    revision = revision_for_reading(request.user, article_id, number)
    if number < 2:
        return redirect("claims:read-revision", article_id, number)
    before = revision_for_reading(request.user, article_id, number - 1)
    context = {
        "article": revision.article,
        "revision": revision,
        "before": before,
        "paragraphs": paragraph_changes(before.text, revision.text),
    }
    return render(request, "claims/revision_changes.html", context)
