"""Every write on claims, reviews, sources and comments.

Each public function here is keyword-only, typed and `@transaction.atomic`, and records
exactly one history event in its transaction (tests/history/test_history_complete.py walks
them all). Versioned rows are updated with `UPDATE ... WHERE id = ? AND version = ?`; a
write that read an older version raises StaleVersion, which views answer with 409
(locking.py, shared with decisions and moderation).

After every review change the claim's status is re-derived by the status rule (status.py;
the editor states are never touched). The status change goes into the review event's
`claim_status`, not into an event of its own.

Locks and hiding (moderation): every write on a claim or what hangs on it calls
access.ensure_claim_open_for on the row it locked (reviewers are refused while an editor
has the claim locked), and hidden reviews, sources and comments cannot be changed by their
authors until an editor unhides them.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.fetching.services import start_fetch
from factcheck.history.services import record
from factcheck.notifications import services as notifications
from factcheck.text import AnchorError, Quote, check_range, quote_at, verify_anchor

from .access import ensure_claim_open_for
from .locking import StaleVersion, guarded_update, lock, lock_claim_row, locked_or_stale
from .models import SUMMARY_MAX, Claim, Comment, Rating, Review, Source, Tag
from .status import set_status, status_for_ratings
from .validators import clean_text, validate_source_url

RATIONALE_MAX = 10_000
COMMENT_MAX = 10_000
EXCERPT_MAX = 5_000
CLAIMANT_MAX = 200
TAG_MAX = 60
CLAIM_FIELDS = ("summary", "claimant", "claimed_on", "tags")
SOURCE_FIELDS = ("url", "title", "publisher", "stance", "excerpt", "accessed_on", "archive_url")


class ClaimRejected(ValueError):
    """A claim that cannot be created: `status` is the HTTP answer (400 or 409), `code` is
    stable for clients, `found` is where the quote sits now (409 only)."""

    def __init__(
        self, code: str, message: str, *, status: int = 400, found: tuple[int, int] | None = None
    ) -> None:
        self.code, self.message, self.status, self.found = code, message, status, found
        super().__init__(message)


# --- claims -----------------------------------------------------------------------------


@transaction.atomic
def create_claim(
    *,
    article_id: int,
    revision_id: int | str,
    start: int | str,
    end: int | str,
    quote: Quote,
    created_by: Any,
    summary: str = "",
    claimant: str = "",
    claimed_on: dt.date | None = None,
    tags: Iterable[str] = (),
) -> Claim:
    """Mark text[start:end] of the article's current revision as a claim. `revision_id` is
    the revision the marker was reading: anything but the current one is refused (409),
    so a claim never lands on words its marker did not see.

    revision_id, start and end may be the raw strings a form sent; check_range decides
    what is sound. ClaimRejected with status 404 when there is no such article.
    """
    # Read here, under the article's row lock, not by the caller: a new revision
    # (revisions.revise_article takes the same lock) committed after the caller looked
    # would otherwise receive a claim on its predecessor's text.
    article = (
        Article.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise ClaimRejected("no_article", "No such article.", status=404)
    revision = article.current_revision
    if revision is None or str(revision_id) != str(revision.pk):
        raise ClaimRejected(
            "stale_revision",
            "The article changed since this page was loaded; reload it and mark the claim again.",
            status=409,
        )
    if not quote.exact:
        raise ClaimRejected("missing_exact", "The quoted text (exact) is missing.")
    text = revision.text
    try:
        first, last = check_range(text, start, end)
        verify_anchor(text, first, last, quote)
    except AnchorError as error:
        status = 409 if error.code == "quote_mismatch" else 400
        message = error.message[:1].upper() + error.message[1:] + "."
        if error.code == "out_of_range" and "past the end" not in error.message:
            message = f"The range runs past the end of the text ({error.message})."
        if error.code == "quote_mismatch":
            message = "The quoted text is not at that position; the page may be out of date. " + (
                "It was found elsewhere." if error.found else "It was not found in the text."
            )
        raise ClaimRejected(error.code, message, status=status, found=error.found) from error
    try:
        fields = _claim_fields(summary=summary, claimant=claimant, claimed_on=claimed_on)
    except ValidationError as error:
        raise ClaimRejected("invalid", " ".join(error.messages)) from error
    # The stored selector's context comes from the text, not from the client.
    selector = quote_at(text, first, last)
    claim = Claim.objects.create(
        article=article,
        revision=revision,
        start=first,
        end=last,
        exact=selector.exact,
        prefix=selector.prefix,
        suffix=selector.suffix,
        created_by=created_by,
        **fields,
    )
    names = _set_tags(claim, tags) if tags else []
    after = claim.as_event(tags=names)
    record(actor=created_by, action="claim.created", claim=claim, target=claim, after=after)
    return claim


@transaction.atomic
def update_claim(*, claim: Claim, editor: Any, expected_version: int, **changes: Any) -> Claim:
    """Change a claim's summary, claimant, claimed_on and/or tags (names)."""
    unknown = set(changes) - set(CLAIM_FIELDS)
    if unknown:
        raise TypeError(f"update_claim cannot change {', '.join(sorted(unknown))}")
    current = lock(Claim.objects.prefetch_related("tags"), claim.pk, expected_version)
    ensure_claim_open_for(editor, current)
    tags = changes.pop("tags", None)
    fields = _claim_fields(
        **{name: changes.get(name, getattr(current, name)) for name in CLAIM_FIELDS[:3]}
    )
    stored = current.as_event()
    guarded_update(Claim.objects.visible(), current.pk, expected_version, **fields)
    names = _set_tags(current, tags) if tags is not None else stored["tags"]
    new = fields | {"tags": names}
    if new["claimed_on"]:
        new["claimed_on"] = new["claimed_on"].isoformat()
    keys = [key for key in CLAIM_FIELDS if key in changes or (key == "tags" and tags is not None)]
    record(
        actor=editor,
        action="claim.updated",
        claim=current,
        target=current,
        before={key: stored[key] for key in keys},
        after={key: new[key] for key in keys},
    )
    return Claim.objects.get(pk=current.pk)


@transaction.atomic
def delete_claim(*, claim: Claim, deleted_by: Any, expected_version: int | None = None) -> Claim:
    """Soft delete: the claim leaves pages and lists; its rows and history stay."""
    version = claim.version if expected_version is None else expected_version
    current = lock(Claim.objects.prefetch_related("tags"), claim.pk, version)
    ensure_claim_open_for(deleted_by, current)
    now = timezone.now()
    guarded_update(
        Claim.objects.visible(), current.pk, version, deleted_at=now, deleted_by=deleted_by
    )
    record(
        actor=deleted_by,
        action="claim.deleted",
        claim=current,
        target=current,
        before=current.as_event(),
    )
    return Claim.objects.get(pk=current.pk)


def _claim_fields(*, summary: str, claimant: str, claimed_on: dt.date | None) -> dict[str, Any]:
    summary = " ".join(clean_text(summary, field="summary").split())
    if len(summary) > SUMMARY_MAX:
        raise ValidationError(
            f"The summary is too long: {len(summary)} characters, at most {SUMMARY_MAX}."
        )
    return {
        "summary": summary,
        "claimant": clean_text(claimant, limit=CLAIMANT_MAX, field="claimant"),
        "claimed_on": claimed_on,
    }


def _set_tags(claim: Claim, names: Iterable[str]) -> list[str]:
    wanted: dict[str, str] = {}
    for name in names:
        name = " ".join(clean_text(name, limit=TAG_MAX, field="tag").split())
        if name:
            wanted.setdefault(name.casefold(), name)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in wanted.values()]
    claim.tags.set(tags)
    return sorted(tag.name for tag in tags)


# --- reviews ----------------------------------------------------------------------------


@dataclass
class SavedReview:
    """What a review save leaves: the review, the claim with its new status, and all the
    claim's reviews as now stored (hidden ones included, oldest first, with rating,
    reviewer and hidden_by: _reviews_under_lock), so the panel redraws its review region
    without reading them again."""

    review: Review
    claim: Claim
    reviews: list[Review]


@transaction.atomic
def save_own_review(
    *,
    claim_id: int,
    reviewer: Any,
    expected_version: int | None,
    rating: Rating,
    rationale: str,
    confidence: str = "medium",
) -> SavedReview:
    """The reviewer's review of a claim: created when they have none; otherwise updated,
    but only from the version they read (`expected_version` None means "I saw no review of
    mine", so an existing one is StaleVersion). Whose review is decided by `reviewer`.
    The claim is read here, under the lock, with its article (StaleVersion with current
    None when there is no such claim, the claim when it was deleted)."""
    claims = Claim.objects.select_for_update(of=("self",)).select_related("article")
    locked = locked_or_stale(list(claims.filter(pk=claim_id)))
    ensure_claim_open_for(reviewer, locked)
    # Read after the claim lock: every review write on this claim holds that lock, so this
    # list is current until commit, and the status is computed from it without a query.
    reviews = list(_reviews_under_lock(locked.pk))
    own = next((review for review in reviews if review.reviewer_id == reviewer.pk), None)
    changes = {
        "rating": rating,
        "rationale": clean_text(rationale, limit=RATIONALE_MAX, field="rationale"),
        "confidence": _confidence(confidence),
    }
    if own is None:
        review = Review.objects.create(claim=locked, reviewer=reviewer, **changes)
        reviews.append(review)
        before = None
    else:
        before = _update_own_review(own, expected_version, changes, claim_status=locked.status)
        review = own
    review.claim = locked
    _record_review_saved(locked, reviewer, review, reviews, before=before)
    notifications.rationale_saved(
        review=review,
        claim=locked,
        reviewer=reviewer,
        reviews=reviews,
        before=None if before is None else before["rationale"],
    )
    return SavedReview(review=review, claim=locked, reviews=reviews)


def _reviews_under_lock(claim_id: int) -> Any:
    """A claim's reviews, hidden ones included, oldest first, with what the review events,
    the review region and its editor's notes show (rating, reviewer, who hid it)."""
    return (
        Review.objects.filter(claim_id=claim_id)
        .select_related("reviewer", "rating", "hidden_by")
        .order_by("pk")
    )


def _update_own_review(
    own: Review, expected_version: int | None, changes: dict[str, Any], *, claim_status: str
) -> dict[str, Any]:
    """save_own_review's update, apart so the save reads top-down: only from the version
    the reviewer read, and never of a hidden review. Returns the event's `before` (the
    review as stored, with the claim's status then). Runs under the claim lock that
    save_own_review took, which is what lets it skip reading the row back."""
    if expected_version is None or own.version != expected_version:
        raise StaleVersion(current=own)
    _ensure_not_hidden(own)
    before = own.as_event() | {"claim_status": claim_status}
    updated_at = timezone.now()
    version = {"version": expected_version + 1, "updated_at": updated_at}
    written = Review.objects.filter(pk=own.pk, version=expected_version).update(
        **changes, **version
    )
    if written != 1:  # the claim lock rules this out; were it to happen, it is stale
        raise StaleVersion(current=Review.objects.filter(pk=own.pk).first())
    # The stored row is the locked one plus these changes: no need to read it back.
    for name, value in changes.items():
        setattr(own, name, value)
    own.version, own.updated_at = expected_version + 1, updated_at
    return before


def _record_review_saved(
    locked: Claim,
    reviewer: Any,
    review: Review,
    reviews: list[Review],
    *,
    before: dict[str, Any] | None,
) -> None:
    """The status the saved review gives the claim, and the save's one history event,
    which carries that status (module docstring: a status change has no event of its own).
    `reviews` is the list save_own_review read under the claim lock, with this save
    applied, so the status costs no query."""
    counted = {item.rating_id for item in reviews if item.hidden_at is None}
    status = set_status(locked, status_for_ratings(counted))
    record(
        actor=reviewer,
        action="review.created" if before is None else "review.updated",
        claim=locked,
        target=review,
        before=before,
        after=review.as_event() | {"claim_status": status},
    )


@transaction.atomic
def record_review(
    *, claim: Claim, reviewer: Any, rating: Rating, rationale: str, confidence: str = "medium"
) -> Review:
    """A reviewer's first review of a claim; a second one is an update (update_review)."""
    fields = {"rating": rating, "rationale": rationale, "confidence": confidence}
    saved = save_own_review(claim_id=claim.pk, reviewer=reviewer, expected_version=None, **fields)
    return saved.review


@transaction.atomic
def update_review(
    *,
    review: Review,
    reviewer: Any,
    expected_version: int,
    rating: Rating,
    rationale: str,
    confidence: str = "medium",
) -> Review:
    """Change one's own review; the earlier rating and rationale stay in the event."""
    if review.reviewer_id != reviewer.pk:
        raise PermissionDenied("You can only change your own review.")
    fields = {"rating": rating, "rationale": rationale, "confidence": confidence}
    saved = save_own_review(
        claim_id=review.claim_id, reviewer=reviewer, expected_version=expected_version, **fields
    )
    return saved.review


def _confidence(value: str) -> str:
    if value not in Review.Confidence.values:
        raise ValidationError(f"Confidence must be one of {', '.join(Review.Confidence.values)}.")
    return value


# --- sources ----------------------------------------------------------------------------


@transaction.atomic
def add_source(
    *,
    claim: Claim,
    added_by: Any,
    url: str,
    title: str = "",
    publisher: str = "",
    stance: str = Source.Stance.CONTEXT,
    excerpt: str = "",
    accessed_on: dt.date | None = None,
    archive_url: str = "",
    archive: bool = True,
) -> Source:
    """`archive=False` skips the background fetch of the page (the demo's seed)."""
    locked = lock_claim_row(claim.pk)
    ensure_claim_open_for(added_by, locked)
    fields = _source_fields(
        url=url,
        title=title,
        publisher=publisher,
        stance=stance,
        excerpt=excerpt,
        accessed_on=accessed_on,
        archive_url=archive_url,
    )
    source = Source.objects.create(claim=locked, added_by=added_by, **fields)
    record(
        actor=added_by, action="source.added", claim=locked, target=source, after=source.as_event()
    )
    # Every source is archived in the background: its task is enqueued when this commits.
    if archive:
        start_fetch(purpose="archive", url=source.url, requested_by=added_by, source=source)
    return source


@transaction.atomic
def update_source(*, source: Source, editor: Any, expected_version: int, **changes: Any) -> Source:
    """Change one's own source (any of SOURCE_FIELDS)."""
    unknown = set(changes) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"update_source cannot change {', '.join(sorted(unknown))}")
    if source.added_by_id != editor.pk:
        raise PermissionDenied("You can only change sources you added.")
    current = lock(Source.objects.visible().select_related("claim"), source.pk, expected_version)
    ensure_claim_open_for(editor, current.claim)
    _ensure_not_hidden(current)
    before = current.as_event()
    fields = _source_fields(
        **{name: changes.get(name, getattr(current, name)) for name in SOURCE_FIELDS}
    )
    guarded_update(Source.objects.visible(), current.pk, expected_version, **fields)
    updated = Source.objects.get(pk=current.pk)
    after = updated.as_event()
    keys = [key for key in SOURCE_FIELDS if key in changes]
    record(
        actor=editor,
        action="source.updated",
        claim=current.claim,
        target=updated,
        before={key: before[key] for key in keys},
        after={key: after[key] for key in keys},
    )
    return updated


@transaction.atomic
def delete_source(*, source: Source, deleted_by: Any) -> Source:
    if source.added_by_id != deleted_by.pk:
        raise PermissionDenied("You can only remove sources you added.")
    return _soft_delete_own(
        queryset=Source.objects.visible(),
        item=source,
        deleted_by=deleted_by,
        action="source.deleted",
    )


def _soft_delete_own(*, queryset: Any, item: Any, deleted_by: Any, action: str) -> Any:
    """Soft-delete one's own source or comment under its version lock (the callers check
    ownership); the history keeps what it said."""
    current = lock(queryset.select_related("claim"), item.pk, None)
    ensure_claim_open_for(deleted_by, current.claim)
    _ensure_not_hidden(current)
    guarded_update(queryset, current.pk, current.version, deleted_at=timezone.now())
    record(
        actor=deleted_by,
        action=action,
        claim=current.claim,
        target=current,
        before=current.as_event(),
    )
    return queryset.model.objects.get(pk=current.pk)


def _source_fields(
    *,
    url: str,
    title: str,
    publisher: str,
    stance: str,
    excerpt: str,
    accessed_on: dt.date | None,
    archive_url: str,
) -> dict[str, Any]:
    url = validate_source_url((url or "").strip())
    archive_url = (archive_url or "").strip()
    if archive_url:
        try:
            validate_source_url(archive_url)
        except ValidationError as error:
            raise ValidationError(f"Archived copy: {' '.join(error.messages)}") from error
    if stance not in Source.Stance.values:
        raise ValidationError(f"Stance must be one of {', '.join(Source.Stance.values)}.")
    return {
        "url": url,
        "title": " ".join(clean_text(title, limit=500, field="title").split()),
        "publisher": " ".join(clean_text(publisher, limit=200, field="publisher").split()),
        "stance": stance,
        "excerpt": clean_text(excerpt, limit=EXCERPT_MAX, field="excerpt"),
        "accessed_on": accessed_on,
        "archive_url": archive_url,
    }


# --- comments ---------------------------------------------------------------------------


@transaction.atomic
def add_comment(*, claim: Claim, author: Any, body: str) -> Comment:
    locked = lock_claim_row(claim.pk)
    ensure_claim_open_for(author, locked)
    comment = Comment.objects.create(claim=locked, author=author, body=_comment_body(body))
    record(
        actor=author, action="comment.added", claim=locked, target=comment, after=comment.as_event()
    )
    notifications.comment_saved(comment=comment, claim=locked, author=author)
    return comment


@transaction.atomic
def edit_comment(*, comment: Comment, author: Any, expected_version: int, body: str) -> Comment:
    if comment.author_id != author.pk:
        raise PermissionDenied("You can only edit your own comments.")
    current = lock(Comment.objects.visible().select_related("claim"), comment.pk, expected_version)
    ensure_claim_open_for(author, current.claim)
    _ensure_not_hidden(current)
    body = _comment_body(body)
    guarded_update(Comment.objects.visible(), current.pk, expected_version, body=body)
    record(
        actor=author,
        action="comment.edited",
        claim=current.claim,
        target=current,
        before=current.as_event(),
        after={"body": body},
    )
    edited = Comment.objects.get(pk=current.pk)
    notifications.comment_saved(
        comment=edited, claim=current.claim, author=author, before=current.body
    )
    return edited


@transaction.atomic
def delete_comment(*, comment: Comment, deleted_by: Any) -> Comment:
    if comment.author_id != deleted_by.pk:
        raise PermissionDenied("You can only delete your own comments.")
    return _soft_delete_own(
        queryset=Comment.objects.visible(),
        item=comment,
        deleted_by=deleted_by,
        action="comment.deleted",
    )


def _comment_body(body: str) -> str:
    body = clean_text(body, limit=COMMENT_MAX, field="comment")
    if not body:
        raise ValidationError("The comment is empty.")
    return body


def _ensure_not_hidden(item: Any) -> None:
    """Hidden content is frozen: its author cannot change or remove it until an editor
    unhides it (factcheck/moderation/services.py)."""
    if item.hidden_at is not None:
        kind = item._meta.verbose_name
        raise PermissionDenied(
            f"This {kind} was hidden by an editor and cannot be changed until it is unhidden."
        )
