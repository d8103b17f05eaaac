"""Claim views: create (the reading page's contract with static/js/reader.js), the claim
panel and its forms, and the live "changes since" poll. The review save, the hot path that
answers with the review region alone, is in review_views.py; it draws that region with
reviews_context below, which the whole panel uses too.

Every view fetches through access.py and writes through services.py. htmx requests get
the `claim-panel` partial; plain form posts redirect to the claim page, so all of it works
without JavaScript. A stale save answers 409 with the panel showing the stored values
beside the user's unsaved input.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from factcheck.articles.models import Article, Revision
from factcheck.assignments import panel as assignments_panel
from factcheck.core import roles
from factcheck.editorial.forms import decision_context
from factcheck.history.models import Event
from factcheck.notifications.access import unread_count
from factcheck.notifications.mentions import mark_mentions
from factcheck.text import Quote

from . import access, services
from .forms import ClaimForm, CommentForm, ReviewForm, SourceForm
from .listing import ReadingClaim, claim_rows, reading_claims
from .locking import StaleVersion
from .models import Claim, Rating, Review
from .services import ClaimRejected

PANEL = "claims/claim.html#claim-panel"
PAGE = "claims/claim.html"


# --- creating a claim (POST /articles/<id>/claims/) ---------------------------------------


@require_POST
def create_claim(request: HttpRequest, article_id: int) -> HttpResponse:
    # The service reads the article itself, under its row lock (a revision committed
    # meanwhile must not receive this claim): only the role is checked here.
    access.require_claim_worker(request.user)
    post = request.POST
    try:
        claim = services.create_claim(
            article_id=article_id,
            revision_id=post.get("revision", ""),
            start=post.get("start", ""),
            end=post.get("end", ""),
            quote=Quote(post.get("exact", ""), post.get("prefix", ""), post.get("suffix", "")),
            created_by=request.user,
            summary=post.get("summary", ""),
        )
    except ClaimRejected as rejection:
        if rejection.status == 404:
            raise Http404(rejection.message) from None
        reload = reverse("claims:read-article", args=[article_id])
        return claim_error(request, rejection, reload=reload)
    summary = claim_summary(claim)
    if wants_json(request):
        return JsonResponse(summary | {"url": claim.get_absolute_url()}, status=201)
    if not request.htmx:
        return redirect(claim)
    # A stub that loads the panel (templates/claims/claim_created.html), not the panel itself.
    response = render(request, "claims/claim_created.html", {"claim": claim}, status=201)
    return trigger_client_event(response, "claim-created", summary)


def claim_error(
    request: HttpRequest, rejection: ClaimRejected, *, reload: str = ""
) -> HttpResponse:
    """A refused write. `reload`: the page to load again when the text moved on under the
    user (a stale revision)."""
    found = list(rejection.found) if rejection.found else None
    reload = reload if rejection.code == "stale_revision" else ""
    if wants_json(request):
        body = {"error": rejection.code, "message": rejection.message, "found": found}
        return JsonResponse(body | ({"reload": reload} if reload else {}), status=rejection.status)
    context = {"error": rejection, "found": rejection.found, "reload": reload}
    return render(request, "claims/claim_error.html", context, status=rejection.status)


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def claim_summary(claim: Claim | ReadingClaim) -> dict[str, Any]:
    """What the highlights need about a claim (HX-Trigger payloads)."""
    return {
        "id": claim.pk,
        "start": claim.start,
        "end": claim.end,
        "status": claim.status,
        "deleted": claim.deleted_at is not None,
    }


# --- the claim panel ----------------------------------------------------------------------


@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    return render(request, PANEL if request.htmx else PAGE, panel_context(request, claim_id))


def panel_context(
    request: HttpRequest,
    claim_id: int,
    *,
    claim_form: ClaimForm | None = None,
    review_form: ReviewForm | None = None,
    source_form: SourceForm | None = None,
    comment_form: CommentForm | None = None,
    edits: dict[tuple[str, int], Any] | None = None,
    conflict: dict[str, Any] | None = None,
    decision_forms: dict[str, Any] | None = None,
    ratings: list[Rating] | None = None,
    assignment: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the panel shows, in a fixed number of queries. `edits` holds bound forms
    (with errors or conflicts) for one source or comment; `conflict` names what was stale;
    `ratings`, the default scale when the caller has loaded it (a refused review save);
    `assignment`, a refused assignment form and its error (factcheck/assignments)."""
    user = request.user
    claim = access.claim_for_panel(user, claim_id)
    # The one read of the scale: the review form's buttons and the verdict forms' alike.
    ratings = list(Rating.objects.of_default_scale()) if ratings is None else ratings
    all_reviews = list(claim.reviews.all())
    reviews = reviews_context(request, claim, all_reviews, ratings, review_form)
    edits = edits or {}
    sources = list(claim.sources.all())
    for source in sources:
        source.mine = source.added_by_id == user.pk
        source.edit_form = edits.get(("source", source.pk)) or (
            SourceForm(initial=source_initial(source), prefix=f"source-{source.pk}")
            if source.mine
            else None
        )
    comments = list(claim.comments.all())
    for comment in comments:
        comment.mine = comment.author_id == user.pk
        comment.edit_form = edits.get(("comment", comment.pk)) or (
            CommentForm(
                initial={"body": comment.body, "version": comment.version},
                prefix=f"comment-{comment.pk}",
            )
            if comment.mine
            else None
        )
    mark_mentions(claim.pk, comments=comments, reviews=reviews["reviews"])
    return {
        "claim": claim,
        "article": claim.article,
        "anchor_revision": anchor_revision(claim),
        **reviews,
        "sources": sources,
        "comments": comments,
        "claim_form": claim_form or ClaimForm(initial=claim_initial(claim)),
        "source_form": source_form or SourceForm(),
        "comment_form": comment_form or CommentForm(),
        "conflict": conflict or {},
        "can_delete": claim.created_by_id == user.pk or roles.is_editor(user),
        # moderation (templates/moderation/_claim.html, _item.html): a locked claim shows
        # no edit forms to reviewers; editors get hide/unhide, lock and delete controls
        "is_editor": roles.is_editor(user),
        "can_edit": access.claim_is_open_for(user, claim),
        # editorial decisions (factcheck/editorial, templates/decisions/_verdict.html)
        **decision_context(user, claim, sources, ratings=ratings, forms=decision_forms),
        # who is assigned (templates/assignments/_panel.html); editors' forms to change it
        **assignments_panel.panel_context(user, claim, all_reviews, **(assignment or {})),
    }


def anchor_revision(claim: Claim) -> int | None:
    """The number of the revision a changed or orphaned claim is anchored on, for its
    panel's note (a query only for those claims)."""
    if claim.anchor not in (Claim.Anchor.CHANGED, Claim.Anchor.ORPHANED):
        return None
    return Revision.objects.filter(pk=claim.revision_id).values_list("number", flat=True).first()


def reviews_context(
    request: HttpRequest,
    claim: Claim,
    all_reviews: list[Review],
    ratings: list[Rating],
    review_form: ReviewForm | None = None,
) -> dict[str, Any]:
    """The review region's context (claims/claim.html#review-panel): the reviews the user may
    see, and their own review's form (`review_form` when it comes back with errors or a
    conflict). The whole panel draws the region (panel_context), and so does the review
    save's answer (review_views.review_response)."""
    user = request.user
    own = next((review for review in all_reviews if review.reviewer_id == user.pk), None)
    # Blind review (access.can_see_others_reviews): others' reviews only after one's own.
    reviews = access.reviews_shown_to(user, claim, all_reviews)
    if review_form is None:
        initial = (
            {}
            if own is None
            else {
                "rating": own.rating_id,
                "rationale": own.rationale,
                "confidence": own.confidence,
                "version": own.version,
            }
        )
        review_form = ReviewForm(initial=initial, ratings=ratings)
    return {
        "reviews": reviews,
        "withheld": len(all_reviews) - len(reviews),
        "own_review": own,
        "ratings": ratings,
        "review_form": review_form,
    }


def claim_initial(claim: Claim) -> dict[str, Any]:
    return {
        "summary": claim.summary,
        "claimant": claim.claimant,
        "claimed_on": claim.claimed_on,
        "tags": ", ".join(claim.tag_names()),
        "version": claim.version,
    }


def source_initial(source: Any) -> dict[str, Any]:
    return {name: getattr(source, name) for name in services.SOURCE_FIELDS} | {
        "version": source.version
    }


def panel_response(
    request: HttpRequest, claim_id: int, *, status: int = 200, **context: Any
) -> HttpResponse:
    template = PANEL if request.htmx else PAGE
    return render(request, template, panel_context(request, claim_id, **context), status=status)


def refused(
    request: HttpRequest, claim_id: int, *, region: str, status: int, **context: Any
) -> HttpResponse:
    """A refused panel form (400, 409): htmx gets that form's own region of the panel
    (`region`, a partial of claims/claim.html or FORM_REGIONS), retargeted onto it, so the
    rest of the panel and whatever the user typed in its other forms stay as they were. A
    plain form post gets the whole claim page. When the region is not there to draw (the
    item was hidden meanwhile) htmx gets the whole panel."""
    if not request.htmx:
        return panel_response(request, claim_id, status=status, **context)
    context = panel_context(request, claim_id, **context)
    name, target = region_of(region, context)
    if name is None:
        return render(request, PANEL, context, status=status)
    response = render(request, name, context, status=status)
    return reswap(retarget(response, target), "outerHTML")


# The panel's form regions: (template, id of the element it replaces). The edits of one
# source or comment name it as "source-<pk>" / "comment-<pk>".
FORM_REGIONS = {
    "claim-edit": (f"{PAGE}#claim-edit", "#claim-edit-{claim}"),
    "source-add": (f"{PAGE}#source-add", "#source-add-{claim}"),
    "comment-add": (f"{PAGE}#comment-add", "#comment-add-{claim}"),
    "source": (f"{PAGE}#source-item", "#source-{item}"),
    "comment": (f"{PAGE}#comment-item", "#comment-{item}"),
    "verdict": ("decisions/_verdict.html", "#verdict-{claim}"),
    "assignments": (f"{PAGE}#assignments", "#assignments-{claim}"),
}


def region_of(region: str, context: dict[str, Any]) -> tuple[str | None, str]:
    """(template, "#id") of a form region; (None, "") when the source or comment it names
    is no longer in the panel."""
    kind, _, item = region.partition("-") if region[-1].isdigit() else (region, "", "")
    name, target = FORM_REGIONS[kind]
    if item:  # one source or comment of the panel: the partial draws `source` / `comment`
        found = next((x for x in context[f"{kind}s"] if str(x.pk) == item), None)
        if found is None:
            return None, ""
        context[kind] = found
    return name, target.format(claim=context["claim"].pk, item=item)


def saved(request: HttpRequest, claim_id: int) -> HttpResponse:
    """After a successful write: the fresh panel for htmx (and the changed claim for the
    highlights), a redirect to the claim page otherwise."""
    if not request.htmx:
        return redirect("claims:detail", claim_id)
    # The panel has just loaded the claim: its summary needs no query of its own.
    context = panel_context(request, claim_id)
    response = render(request, PANEL, context)
    return trigger_client_event(response, "claim-changed", claim_summary(context["claim"]))


def rebound(form_class: type, data: Any, version: int, **kwargs: Any) -> Any:
    """The user's unsaved input, carrying the stored version: saving again after seeing the
    stored values is a deliberate overwrite, not a blind one."""
    prefix = kwargs.get("prefix")
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def gone(request: HttpRequest) -> HttpResponse:
    rejection = ClaimRejected(
        "gone", "Someone else deleted this while you were editing.", status=409
    )
    return claim_error(request, rejection)


# --- claim edits --------------------------------------------------------------------------


@require_POST
def edit_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_editing(request.user, claim_id)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        return refused(request, claim.pk, region="claim-edit", status=400, claim_form=form)
    data = form.cleaned_data
    try:
        services.update_claim(
            claim=claim,
            editor=request.user,
            expected_version=data["version"],
            summary=data["summary"],
            claimant=data["claimant"],
            claimed_on=data["claimed_on"],
            tags=data["tags"],
        )
    except StaleVersion as stale:
        if stale.current is None or stale.current.deleted_at is not None:
            return gone(request)
        form = rebound(ClaimForm, request.POST, stale.current.version)
        conflict = {"claim": True}
        return refused(
            request, claim.pk, region="claim-edit", status=409, claim_form=form, conflict=conflict
        )
    except ValidationError as error:
        form.add_error(None, error)
        return refused(request, claim.pk, region="claim-edit", status=400, claim_form=form)
    return saved(request, claim.pk)


@require_POST
def delete_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_deleting(request.user, claim_id)
    try:
        services.delete_claim(claim=claim, deleted_by=request.user)
    except StaleVersion:
        return gone(request)
    if not request.htmx:
        return redirect(claim.article)
    response = render(request, "claims/claim_deleted.html", {"claim": claim})
    return trigger_client_event(response, "claim-changed", claim_summary(claim) | {"deleted": True})


# --- sources ------------------------------------------------------------------------------


@require_POST
def add_source(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_reviewing(request.user, claim_id)
    form = SourceForm(request.POST)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.SOURCE_FIELDS}
        try:
            services.add_source(claim=claim, added_by=request.user, **fields)
        except StaleVersion:
            return gone(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved(request, claim.pk)
    return refused(request, claim.pk, region="source-add", status=400, source_form=form)


@require_POST
def edit_source(request: HttpRequest, source_id: int) -> HttpResponse:
    source = access.source_for_editing(request.user, source_id)

    def save(data: dict[str, Any]) -> None:
        fields = {name: data[name] for name in services.SOURCE_FIELDS}
        services.update_source(
            source=source, editor=request.user, expected_version=data["version"], **fields
        )

    return save_own_item(request, item=source, kind="source", form_class=SourceForm, save=save)


def save_own_item(
    request: HttpRequest,
    *,
    item: Any,
    kind: str,
    form_class: type,
    save: Callable[[dict[str, Any]], None],
) -> HttpResponse:
    """Save an edit of one's own source or comment under its version lock: a stale save
    answers 409 with the stored item beside the user's unsaved input, a removed item 410."""
    prefix = f"{kind}-{item.pk}"
    form = form_class(request.POST, prefix=prefix)
    key = (kind, item.pk)
    if form.is_valid() and not form.cleaned_data["version"]:
        form.add_error(None, "The form lost its version; reload the claim.")
    region = prefix  # "source-<pk>" or "comment-<pk>": refused() draws that item alone
    if form.errors:
        return refused(request, item.claim_id, region=region, status=400, edits={key: form})
    try:
        save(form.cleaned_data)
    except StaleVersion as stale:
        if stale.current is None or stale.current.deleted_at is not None:
            return gone(request)
        form = rebound(form_class, request.POST, stale.current.version, prefix=prefix)
        conflict = {kind: stale.current}
        return refused(
            request, item.claim_id, region=region, status=409, edits={key: form}, conflict=conflict
        )
    except ValidationError as error:
        form.add_error(None, error)
        return refused(request, item.claim_id, region=region, status=400, edits={key: form})
    return saved(request, item.claim_id)


@require_POST
def delete_source(request: HttpRequest, source_id: int) -> HttpResponse:
    source = access.source_for_editing(request.user, source_id)
    try:
        services.delete_source(source=source, deleted_by=request.user)
    except StaleVersion:
        return gone(request)
    return saved(request, source.claim_id)


# --- comments -----------------------------------------------------------------------------


@require_POST
def add_comment(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_reviewing(request.user, claim_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(claim=claim, author=request.user, body=form.cleaned_data["body"])
        except StaleVersion:
            return gone(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return saved(request, claim.pk)
    return refused(request, claim.pk, region="comment-add", status=400, comment_form=form)


@require_POST
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.comment_for_editing(request.user, comment_id)

    def save(data: dict[str, Any]) -> None:
        services.edit_comment(
            comment=comment,
            author=request.user,
            expected_version=data["version"],
            body=data["body"],
        )

    return save_own_item(request, item=comment, kind="comment", form_class=CommentForm, save=save)


@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = access.comment_for_editing(request.user, comment_id)
    try:
        services.delete_comment(comment=comment, deleted_by=request.user)
    except StaleVersion:
        return gone(request)
    return saved(request, comment.claim_id)


# --- live refresh -------------------------------------------------------------------------


@require_GET
def changes(request: HttpRequest, article_id: int) -> HttpResponse:
    """What changed on an article since event `since`: 204 when nothing did (one probe of
    the event index after the session, the user and their roles); otherwise out-of-band
    swaps of the changed claims' list rows, and the claims in an HX-Trigger
    "claims-changed" payload for the highlights. A page that sends the `revision` it shows
    is told "article-revised" once that is no longer the current one. Every answer carries
    the header's unread notification count (one more query), which keeps the bell current."""
    response = _changes(request, article_id)
    response[UNREAD_HEADER] = str(unread_count(request.user))
    return response


# Read by static/js/reader.js, which puts it in the header's bell (templates/base.html).
UNREAD_HEADER = "X-Notifications-Unread"


def _changes(request: HttpRequest, article_id: int) -> HttpResponse:
    access.require_changes_reader(request.user)
    since = request.GET.get("since", "")
    if not (since.isascii() and since.isdigit() and len(since) <= 18):
        return HttpResponse("since must be an event id", status=400, content_type="text/plain")
    rows = list(
        Event.objects.filter(article_id=article_id, pk__gt=int(since)).values_list(
            "pk", "claim_id", "action"
        )
    )
    if not rows:
        return HttpResponse(status=204)
    newest = max(pk for pk, _, _ in rows)
    article = Article.objects.filter(pk=article_id).values_list(
        "blind_review", "current_revision_id", "language"
    )
    blind_review, revision_id, language = article.first() or (True, None, "")
    shown = request.GET.get("revision", "")
    if shown and shown != str(revision_id):
        # The page shows an older revision: rows and highlights counted on the new text
        # would mark the wrong words there. It is told to reload instead.
        reload = {"since": newest, "url": reverse("claims:read-article", args=[article_id])}
        return trigger_client_event(HttpResponse(), "article-revised", reload)
    created = {claim_id for _, claim_id, action in rows if action == "claim.created"}
    claim_ids = {claim_id for _, claim_id, _ in rows if claim_id is not None}
    # Deleted claims too (no visible()): their rows take them off the page.
    claims = reading_claims(Claim.objects.filter(pk__in=claim_ids))
    for claim in claims:
        claim.is_new = claim.pk in created
    access.with_shown_reviews(request.user, claims, blind_review=blind_review is not False)
    rows_html = claim_rows(
        claims,
        revision_id=revision_id,
        oob=True,
        language=language,
        selectable=roles.is_editor(request.user),  # the bulk assignment checkboxes
    )
    response = render(request, "claims/changes.html", {"claim_rows": rows_html})
    payload = {
        "since": newest,
        "claims": [claim_summary(claim) for claim in claims],
        "article_changed": any(claim_id is None for _, claim_id, _ in rows),
    }
    return trigger_client_event(response, "claims-changed", payload)
