"""Every history event as a sentence a person can read ("alice rated this claim Half true,
confidence high."), with labels instead of the slugs the events store. The one place that
knows how each kind of event reads: the claim timeline, the article activity and the work
pages all go through `describe` (queries.readable); tests/history/test_describe.py checks
that every kind any service records has its sentence here.

Sentences are built with format_html, so every value from an event is escaped. They are
written from what the event recorded, after the access rules have taken out what the
viewer may not see (blind review, hidden content, flag reasons): a missing field makes a
shorter sentence, never an error.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from factcheck.claims.models import Claim, Rating

from .diff import LONG_TEXT, word_diff

# The words the sentences use for the fields events record (raw names stay in the
# "Raw fields" disclosure of templates/history/_event.html).
FIELD_NAMES = {
    "summary": "summary",
    "claimant": "claimant",
    "claimed_on": "date the claim was made",
    "tags": "tags",
    "url": "link",
    "title": "title",
    "publisher": "publisher",
    "stance": "stance",
    "excerpt": "excerpt",
    "accessed_on": "date accessed",
    "archive_url": "archived copy",
    "rating": "rating",
    "rationale": "rationale",
    "confidence": "confidence",
    "body": "text",
}
STANCES = {"supports": "supports the claim", "refutes": "refutes the claim", "context": "context"}
ROLES = {"reviewer": "reviewer", "editor": "editor", "admin": "admin", "none": "no role"}
ITEMS = {"review": "review", "source": "source", "comment": "comment"}


class Labels:
    """The labels for the slugs events store, loaded at most once per page: statuses from
    Claim.Status (no query), ratings from the rating scales (one query, only when an event
    did not record its rating's label)."""

    def status(self, slug: Any) -> str:
        try:
            return str(Claim.Status(slug).label)
        except ValueError:
            return _words(str(slug))

    def rating(self, slug: Any, recorded: Any = "") -> str:
        if recorded:
            return str(recorded)  # the label the rating had when the event was recorded
        return self._ratings.get(slug) or _words(str(slug))

    @cached_property
    def _ratings(self) -> dict[str, str]:
        # The default scale's label wins when two scales share a slug.
        rows = Rating.objects.order_by("scale__is_default", "scale_id").values_list("slug", "label")
        return dict(rows)


@dataclass(frozen=True)
class Readable:
    """What a page shows of an event: the sentence, the words it carried (a comment, a
    rationale, a reason) and word diffs of the long texts it changed."""

    sentence: SafeString
    quote: str = ""
    diffs: tuple[tuple[str, SafeString], ...] = field(default=())


@dataclass
class Facts:
    """One event as the phrases read it: before/after never None."""

    event: Any
    labels: Labels

    @property
    def before(self) -> dict[str, Any]:
        return self.event.before or {}

    @property
    def after(self) -> dict[str, Any]:
        return self.event.after or {}

    @property
    def who(self) -> SafeString:
        name = self.event.actor_name or "someone"
        if name == "system" and not self.event.actor_id:
            return format_html('<span class="who">{}</span>', "The workbench")
        return format_html('<strong class="who">{}</strong>', name)

    def status(self, values: dict[str, Any], key: str = "status") -> str:
        return self.labels.status(values[key]) if values.get(key) else ""

    def rating(self, values: dict[str, Any]) -> str:
        if not values.get("rating"):
            return ""
        return self.labels.rating(values["rating"], values.get("rating_label"))


Phrase = Callable[[Facts], Readable]
SENTENCES: dict[str, Phrase] = {}


def sentence(*actions: str) -> Callable[[Phrase], Phrase]:
    def register(phrase: Phrase) -> Phrase:
        for action in actions:
            SENTENCES[action] = phrase
        return phrase

    return register


def describe(event: Any, labels: Labels) -> Readable:
    return SENTENCES.get(event.action, _unknown)(Facts(event, labels))


# --- claims -----------------------------------------------------------------------------


@sentence("claim.created")
def _claim_created(f: Facts) -> Readable:
    details = []
    if f.after.get("claimant"):
        details.append(format_html("said by {}", f.after["claimant"]))
    if f.after.get("tags"):
        details.append(format_html("tagged {}", ", ".join(map(str, f.after["tags"]))))
    tail = format_html(" ({})", _and(details)) if details else ""
    summary = f.after.get("summary", "")
    end = ", with the summary:" if summary else "."
    return Readable(format_html("{} marked this claim{}{}", f.who, tail, end), summary)


@sentence("claim.updated")
def _claim_updated(f: Facts) -> Readable:
    return _edited(f, format_html("{} edited this claim", f.who))


@sentence("claim.deleted")
def _claim_deleted(f: Facts) -> Readable:
    return Readable(format_html("{} deleted this claim.", f.who))


@sentence("claim.restored")
def _claim_restored(f: Facts) -> Readable:
    by = f.before.get("deleted_by")
    if by:
        return Readable(format_html("{} restored this claim, which {} had deleted.", f.who, by))
    return Readable(format_html("{} restored this claim.", f.who))


@sentence("claim.locked")
def _claim_locked(f: Facts) -> Readable:
    return Readable(
        format_html("{} locked this claim: reviewers cannot change it until it is unlocked.", f.who)
    )


@sentence("claim.unlocked")
def _claim_unlocked(f: Facts) -> Readable:
    return Readable(format_html("{} unlocked this claim.", f.who))


@sentence("claim.published")
def _claim_published(f: Facts) -> Readable:
    return Readable(format_html("{} published this claim’s fact-check page.", f.who))


@sentence("claim.unpublished")
def _claim_unpublished(f: Facts) -> Readable:
    return Readable(format_html("{} took this claim’s fact-check page down.", f.who))


@sentence("claim.reanchored")
def _claim_reanchored(f: Facts) -> Readable:
    before, after = f.before, f.after
    by = format_html(" ({} revised the article)", f.who)
    if after.get("anchor") == "orphaned":
        return Readable(
            format_html(
                "Revision {} removed its words: the claim stays on revision {}, orphaned, "
                "and needs a recheck{}.",
                _number(before.get("revision"), 1),
                before.get("revision", "?"),
                by,
            ),
            before.get("exact", ""),
        )
    if after.get("anchor") == "changed":
        return Readable(
            format_html(
                'Revision {} corrected its words: <del dir="auto">{}</del> became '
                '<ins dir="auto">{}</ins> (characters {}–{}); it needs a recheck{}.',
                after.get("revision", "?"),
                before.get("exact", ""),
                after.get("exact", ""),
                after.get("start", "?"),
                after.get("end", "?"),
                by,
            )
        )
    return Readable(
        format_html(
            "Revision {} moved it: same words, characters {}–{} became {}–{}{}.",
            after.get("revision", "?"),
            before.get("start", "?"),
            before.get("end", "?"),
            after.get("start", "?"),
            after.get("end", "?"),
            by,
        )
    )


# --- verdicts ---------------------------------------------------------------------------


@sentence("claim.verified")
def _claim_verified(f: Facts) -> Readable:
    rating = f.rating(f.after)
    if not rating:
        return Readable(
            format_html("{} verified this claim.", f.who), f.after.get("public_summary", "")
        )
    sources = len(f.after.get("sources") or [])
    cited = format_html(", citing {}", _count(sources, "source")) if sources else ""
    return Readable(
        format_html("{} verified this claim as <strong>{}</strong>{}.", f.who, rating, cited),
        f.after.get("public_summary", ""),
    )


@sentence("claim.verdict_corrected")
def _verdict_corrected(f: Facts) -> Readable:
    old, new = f.rating(f.before), f.rating(f.after)
    if old and new and old != new:
        text = format_html(
            "{} corrected the verdict from <strong>{}</strong> to <strong>{}</strong>.",
            f.who,
            old,
            new,
        )
    elif new:
        text = format_html("{} corrected the verdict, still <strong>{}</strong>.", f.who, new)
    else:
        text = format_html("{} corrected the verdict.", f.who)
    return Readable(text, f.after.get("correction_note", ""))


@sentence("claim.verdict_confirmed")
def _verdict_confirmed(f: Facts) -> Readable:
    rating = f.rating(f.after)
    verdict = format_html(" <strong>{}</strong>", rating) if rating else ""
    return Readable(
        format_html(
            "{} rechecked this claim against the changed article and confirmed the verdict{}.",
            f.who,
            verdict,
        ),
        f.after.get("correction_note", ""),
    )


@sentence("claim.reopened")
def _claim_reopened(f: Facts) -> Readable:
    was, now = f.status(f.before), f.status(f.after)
    if was and now:
        text = format_html("{} reopened this claim: it was {} and is {} now.", f.who, was, now)
    else:
        text = format_html("{} reopened this claim.", f.who)
    return Readable(text, f.after.get("reason", ""))


@sentence("claim.dismissed")
def _claim_dismissed(f: Facts) -> Readable:
    return Readable(
        format_html("{} dismissed this claim as not checkable.", f.who), f.after.get("reason", "")
    )


# --- reviews, sources, comments ---------------------------------------------------------


@sentence("review.created")
def _review_created(f: Facts) -> Readable:
    rating = f.rating(f.after)
    if not rating:  # blind review or hidden content: the viewer may not see the rating
        return Readable(format_html("{} reviewed this claim.", f.who))
    confidence = f.after.get("confidence")
    how = format_html(", confidence {}", confidence) if confidence else ""
    status = ""
    if f.after.get("claim_status") == "contested":
        status = format_html(
            " The reviews disagree: the claim is {} now.", f.status(f.after, "claim_status")
        )
    return Readable(
        format_html("{} rated this claim <strong>{}</strong>{}.{}", f.who, rating, how, status),
        f.after.get("rationale", ""),
    )


@sentence("review.updated")
def _review_updated(f: Facts) -> Readable:
    readable = _edited(
        f, format_html("{} updated their review", f.who), keys=("rating", "confidence", "rationale")
    )
    return _with_status(f, readable)


@sentence("source.added")
def _source_added(f: Facts) -> Readable:
    after = f.after
    if not after:
        return Readable(format_html("{} added a source.", f.who))
    publisher = format_html(" ({})", after["publisher"]) if after.get("publisher") else ""
    stance = STANCES.get(after.get("stance", ""), "")
    kind = format_html(" that {}", stance) if stance and stance != "context" else " for context"
    return Readable(
        format_html("{} added a source{}: {}{}.", f.who, kind, _source(after), publisher),
        after.get("excerpt", ""),
    )


@sentence("source.updated")
def _source_updated(f: Facts) -> Readable:
    title = f.after.get("title") or f.before.get("title")
    what = format_html("the source “{}”", title) if title else "a source"
    return _edited(f, format_html("{} edited {}", f.who, what))


@sentence("source.deleted")
def _source_deleted(f: Facts) -> Readable:
    if not f.before:
        return Readable(format_html("{} removed a source.", f.who))
    return Readable(format_html("{} removed the source {}.", f.who, _source(f.before)))


@sentence("comment.added")
def _comment_added(f: Facts) -> Readable:
    return Readable(format_html("{} commented.", f.who), f.after.get("body", ""))


@sentence("comment.edited")
def _comment_edited(f: Facts) -> Readable:
    return _edited(f, format_html("{} edited their comment", f.who))


@sentence("comment.deleted")
def _comment_deleted(f: Facts) -> Readable:
    return Readable(format_html("{} deleted their comment.", f.who))


# --- assignments ------------------------------------------------------------------------

PRIORITIES = {1: "high", 2: "normal", 3: "low"}


def _assignment_terms(values: dict[str, Any]) -> SafeString:
    """ " (high priority, due 12 December 2026)" from an assignment's recorded values."""
    parts = []
    if values.get("priority") in PRIORITIES:
        parts.append(format_html("{} priority", PRIORITIES[values["priority"]]))
    if values.get("due_on"):
        parts.append(format_html("due {}", _date(values["due_on"])))
    if not parts:
        return SafeString("")
    return format_html(" ({})", format_html_join(", ", "{}", ((part,) for part in parts)))


def _assigned_what(values: dict[str, Any]) -> str:
    return "the whole article" if values.get("whole_article") else "this claim"


@sentence("assignment.created")
def _assignment_created(f: Facts) -> Readable:
    return Readable(
        format_html(
            "{} assigned {} to {}{}.",
            f.who,
            _assigned_what(f.after),
            f.after.get("assignee", "a reviewer"),
            _assignment_terms(f.after),
        )
    )


@sentence("assignment.changed")
def _assignment_changed(f: Facts) -> Readable:
    was, now = f.before.get("assignee"), f.after.get("assignee")
    what = _assigned_what(f.after)
    if was and now and was != now:
        text = format_html(
            "{} reassigned {} from {} to {}{}.", f.who, what, was, now, _assignment_terms(f.after)
        )
    else:
        text = format_html(
            "{} changed {}’s assignment to {}{}.",
            f.who,
            now or "a reviewer",
            what,
            _assignment_terms(f.after),
        )
    return Readable(text)


@sentence("assignment.removed")
def _assignment_removed(f: Facts) -> Readable:
    return Readable(
        format_html(
            "{} unassigned {} from {}.",
            f.who,
            f.before.get("assignee", "a reviewer"),
            _assigned_what(f.before),
        )
    )


# --- moderation -------------------------------------------------------------------------


@sentence("flag.raised")
def _flag_raised(f: Facts) -> Readable:
    item = ITEMS.get(f.after.get("item", ""), "contribution")
    return Readable(
        format_html("{} flagged a {} for the editors to look at.", f.who, item),
        f.after.get("reason", ""),
    )


@sentence("flag.dismissed")
def _flag_dismissed(f: Facts) -> Readable:
    item = ITEMS.get(f.after.get("item", ""), "contribution")
    return Readable(
        format_html("{} dismissed a flag on a {}, leaving it as it was.", f.who, item),
        f.after.get("note", ""),
    )


@sentence("content.hidden")
def _content_hidden(f: Facts) -> Readable:
    item = ITEMS.get(f.after.get("item", ""), "contribution")
    readable = Readable(format_html("{} hid a {}.", f.who, item), f.after.get("reason", ""))
    return _with_status(f, readable)


@sentence("content.unhidden")
def _content_unhidden(f: Facts) -> Readable:
    item = ITEMS.get(f.after.get("item", ""), "contribution")
    return _with_status(f, Readable(format_html("{} unhid a {}: it shows again.", f.who, item)))


SOURCE_FINDINGS = {
    "unchanged": "it is unchanged since it was archived",
    "changed": "it changed since it was archived; the new copy is kept",
    "dead": "the link is dead",
}


@sentence("source.archived")
def _source_archived(f: Facts) -> Readable:
    if f.after.get("state") == "failed":
        return Readable(
            format_html("{} could not archive the source {}.", f.who, _source(f.after)),
            f.after.get("error", ""),
        )
    return Readable(format_html("{} archived the source {}.", f.who, _source(f.after)))


@sentence("source.rechecked")
def _source_rechecked(f: Facts) -> Readable:
    if f.after.get("state") == "failed":
        return Readable(
            format_html("{} could not check the source {} again.", f.who, _source(f.after)),
            f.after.get("error", ""),
        )
    finding = SOURCE_FINDINGS.get(f.after.get("finding", ""), "it was fetched")
    return Readable(
        format_html("{} checked the source {} again: {}.", f.who, _source(f.after), finding),
        f.after.get("error", ""),
    )


# --- articles ---------------------------------------------------------------------------


@sentence("article.imported")
def _article_imported(f: Facts) -> Readable:
    title = f.after.get("title")
    what = format_html("the article “{}”", title) if title else "an article"
    size = ""
    if f.after.get("characters") is not None:
        size = format_html(" ({} characters)", _thousands(f.after["characters"]))
    return Readable(format_html("{} imported {}{}.", f.who, what, size))


@sentence("article.revised")
def _article_revised(f: Facts) -> Readable:
    number = f.after.get("revision", "?")
    counts = f.after.get("claims") or {}
    outcomes = [
        format_html("{} {}", counts[key], word)
        for key, word in (
            ("moved", "moved"),
            ("changed", "had their words corrected"),
            ("orphaned", "lost their words"),
        )
        if counts.get(key)
    ]
    claims = format_html(" Of its claims, {}.", _and(outcomes)) if outcomes else ""
    return Readable(
        format_html("{} revised the article: revision {}.{}", f.who, number, claims),
        f.after.get("note", ""),
    )


@sentence("article.blind_review_changed")
def _blind_review_changed(f: Facts) -> Readable:
    on = "on" if f.after.get("blind_review") else "off"
    return Readable(format_html("{} turned blind review {} for this article.", f.who, on))


# --- suggestions (factcheck/suggestions/services.py) -------------------------------------


@sentence("suggestion.accepted")
def _suggestion_accepted(f: Facts) -> Readable:
    what = "consistency finding" if f.after.get("source") == "check" else "suggestion"
    reasons = "; ".join(map(str, f.after.get("reasons") or []))
    end = ", for these reasons:" if reasons else "."
    return Readable(
        format_html("{} made this claim from the workbench's {}{}", f.who, what, end), reasons
    )


@sentence("suggestion.dismissed")
def _suggestion_dismissed(f: Facts) -> Readable:
    what = "consistency finding" if f.after.get("source") == "check" else "suggestion"
    exact = f.after.get("exact", "")
    end = ", on the words:" if exact else "."
    return Readable(format_html("{} dismissed the workbench's {}{}", f.who, what, end), exact)


# --- people -----------------------------------------------------------------------------


@sentence("user.role_changed")
def _role_changed(f: Facts) -> Readable:
    user = f.after.get("user") or f.before.get("user") or "someone"
    old = ROLES.get(f.before.get("role", ""), "no role")
    new = ROLES.get(f.after.get("role", ""), "no role")
    return Readable(format_html("{} changed {}’s role from {} to {}.", f.who, user, old, new))


@sentence("user.deactivated")
def _user_deactivated(f: Facts) -> Readable:
    user = f.after.get("user") or "someone"
    ended = f.after.get("sessions_ended")
    sessions = format_html(" and ended {}", _count(ended, "session")) if ended else ""
    return Readable(format_html("{} deactivated {}’s account{}.", f.who, user, sessions))


@sentence("user.reactivated")
def _user_reactivated(f: Facts) -> Readable:
    user = f.after.get("user") or "someone"
    return Readable(format_html("{} reactivated {}’s account.", f.who, user))


# --- API tokens (factcheck/api) ----------------------------------------------------------

SCOPES = {"read": "read-only", "read-write": "read-write"}


def _token(values: dict[str, Any]) -> SafeString:
    return format_html("“{}” ({}…)", values.get("name", ""), values.get("prefix", ""))


@sentence("token.created")
def _token_created(f: Facts) -> Readable:
    owner = f.after.get("owner") or "someone"
    whose = "a" if owner == f.event.actor_name else format_html("for {} a", owner)
    scope = SCOPES.get(f.after.get("scope", ""), "read-only")
    expires = f.after.get("expires_at")
    until = format_html(", expiring {} UTC", expires[:16].replace("T", " ")) if expires else ""
    return Readable(
        format_html("{} created {} {} API token {}{}.", f.who, whose, scope, _token(f.after), until)
    )


@sentence("token.revoked")
def _token_revoked(f: Facts) -> Readable:
    owner = f.before.get("owner") or "someone"
    whose = "their" if owner == f.event.actor_name else format_html("{}’s", owner)
    return Readable(format_html("{} revoked {} API token {}.", f.who, whose, _token(f.before)))


def _unknown(f: Facts) -> Readable:
    """A kind this module does not know yet (a new service, an older backup): still a
    sentence, from the action's words."""
    return Readable(format_html("{} made a change: {}.", f.who, _words(f.event.action)))


# --- pieces -----------------------------------------------------------------------------


def _edited(f: Facts, subject: SafeString, keys: Iterable[str] | None = None) -> Readable:
    """ "bob edited this claim: changed the summary from “A” to “B” and set the claimant to
    “C”." Long texts are named in the sentence and shown as a word diff beneath it."""
    before, after = f.before, f.after
    keys = list(keys) if keys is not None else list(dict.fromkeys([*before, *after]))
    parts, diffs = [], []
    for key in keys:
        if key not in before and key not in after:
            continue
        old, new = _value(f, key, before), _value(f, key, after)
        if old == new:
            continue
        name = FIELD_NAMES.get(key, _words(key))
        if max(len(old), len(new)) > LONG_TEXT:
            parts.append(format_html("rewrote the {}", name))
            diffs.append((name[:1].upper() + name[1:], word_diff(old, new)))
        elif not old:
            parts.append(format_html("set the {} to “{}”", name, new))
        elif not new:
            parts.append(format_html("cleared the {} (was “{}”)", name, old))
        else:
            parts.append(format_html("changed the {} from “{}” to “{}”", name, old, new))
    if not parts:
        return Readable(format_html("{}.", subject))
    return Readable(format_html("{}: {}.", subject, _and(parts)), diffs=tuple(diffs))


def _value(f: Facts, key: str, values: dict[str, Any]) -> str:
    value = values.get(key)
    if value is None or value == "" or value == []:
        return ""
    if key == "rating":
        return f.rating(values)
    if key in ("status", "claim_status"):
        return f.labels.status(value)
    if key == "stance":
        return STANCES.get(value, _words(str(value)))
    if key.endswith("_on"):
        return _date(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _with_status(f: Facts, readable: Readable) -> Readable:
    """Adds "The claim is Contested now." when the event changed the claim's status."""
    was, now = f.status(f.before, "claim_status"), f.status(f.after, "claim_status")
    if not now or was == now:
        return readable
    return Readable(
        format_html("{} The claim is {} now.", readable.sentence, now),
        readable.quote,
        readable.diffs,
    )


def _source(values: dict[str, Any]) -> SafeString:
    url, title = values.get("url", ""), values.get("title", "")
    if not url.startswith(("https://", "http://")):
        return format_html("“{}”", title or url)
    return format_html(
        '<a href="{}" rel="noopener noreferrer" dir="auto">{}</a>', url, title or url
    )


def _and(parts: list[Any]) -> SafeString:
    """ "a", "a and b", "a, b and c" (parts escaped unless already safe)."""
    if len(parts) <= 1:
        return format_html("{}", parts[0] if parts else "")
    head = format_html_join(", ", "{}", ((part,) for part in parts[:-1]))
    return format_html("{} and {}", head, parts[-1])


def _words(slug: str) -> str:
    """ "rating_scale.added" -> "rating scale added": no internal name shows as such."""
    return " ".join(slug.replace(".", " ").replace("_", " ").replace("-", " ").split())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _number(value: Any, plus: int) -> Any:
    return value + plus if isinstance(value, int) else "?"


def _thousands(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _date(value: Any) -> str:
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"
