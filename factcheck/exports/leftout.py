"""What an export will leave out, counted before the download (the export page).

A format leaves out the claims it cannot express and lists each in the manifest with a
reason code (formats/*.py). Here the same reasons are conditions on the claims the filter
selects, in the order the format checks them: a claim is left out for its first reason only,
as the manifest lists it once. So the page can say "3 claims match; 2 will be left out, not
published" from one query that also counts the matches, whatever the number of claims.
tests/exports/test_leftout.py holds these counts equal to the manifest's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from factcheck.claims.models import Claim, Rating
from factcheck.exports.formats._common import is_web_url
from factcheck.exports.formats.datasets import AVERITEC_LABELS, FEVER_LABELS
from factcheck.exports.query import ClaimFilter, public_url
from factcheck.exports.records import ExportContext

# For people: why a claim is left out (the page's list; the manifest says it per claim).
REASONS = {
    "no_verdict": "no final verdict",
    "not_published": "not published: a ClaimReview's url is the public fact-check page",
    "no_rating_label": "the verdict's rating has no label",
    "no_claim_text": "neither a claim summary nor a quote",
    "no_fever_mapping": "the verdict's rating has no FEVER label",
    "unknown_fever_label": "the verdict's rating has a label FEVER does not know",
    "no_averitec_mapping": "the verdict's rating has no AVeriTeC label",
    "unknown_averitec_label": "the verdict's rating has a label AVeriTeC does not know",
}

# Each format's reasons, in the order it checks them (CSV and JSON Lines leave none out).
FORMAT_REASONS: dict[str, tuple[str, ...]] = {
    "claimreview": ("no_verdict", "not_published", "no_rating_label", "no_claim_text"),
    "w3c": ("no_verdict",),
    "csv": (),
    "jsonl": (),
    "fever": ("no_verdict", "no_fever_mapping", "unknown_fever_label"),
    "averitec": ("no_verdict", "no_averitec_mapping", "unknown_averitec_label"),
}

BLANK = r"^\s*$"  # str.strip() leaves nothing


def _condition(code: str, context: ExportContext) -> Q:
    """The claims the format would leave out for `code`, were no earlier reason to apply."""
    if code == "no_verdict":
        return Q(verdict__isnull=True)
    if code == "not_published":
        # The query layer gives a page address to a published, verified claim only; with a
        # base URL that is not a web address, no claim has a usable one.
        if not is_web_url(public_url(context, 1)):
            return Q(pk__isnull=False)
        return Q(published_at__isnull=True) | ~Q(status=Claim.Status.VERIFIED)
    if code == "no_rating_label":
        # The pattern runs over the ratings (a handful), not over every claim.
        return Q(verdict__rating__in=Rating.objects.filter(label__regex=BLANK))
    if code == "no_claim_text":
        # The services store a blank summary as "" (claims.services._claim_fields); the
        # pattern then runs only on the quotes of claims without one.
        return Q(summary="") & Q(exact__regex=BLANK)
    dataset = code.split("_")[1]  # fever / averitec
    field = f"verdict__rating__{dataset}_label"
    if code.startswith("no_"):
        return Q(**{field: ""})
    known = FEVER_LABELS if dataset == "fever" else AVERITEC_LABELS
    return ~Q(**{f"{field}__in": sorted(known)})


@dataclass(frozen=True)
class LeftOut:
    code: str
    reason: str
    count: int


@dataclass(frozen=True)
class Tally:
    matched: int  # the claims the filter selects
    left_out: tuple[LeftOut, ...]  # the reasons with at least one claim, in checking order

    @property
    def left_out_count(self) -> int:
        return sum(item.count for item in self.left_out)

    @property
    def kept(self) -> int:
        """How many the file will hold."""
        return self.matched - self.left_out_count

    def count_of(self, code: str) -> int:
        return next((item.count for item in self.left_out if item.code == code), 0)


def tally(format_name: str, claim_filter: ClaimFilter, context: ExportContext) -> Tally:
    """The filter's claims and, by reason, those the format will leave out: one query."""
    codes = FORMAT_REASONS[format_name]
    counts: dict[str, Count] = {"matched": Count("pk")}
    earlier: Q | None = None  # the claims an earlier reason leaves out
    for code in codes:
        condition = _condition(code, context)
        exclusive = condition if earlier is None else condition & ~earlier
        counts[f"left_{code}"] = Count("pk", filter=exclusive)
        earlier = condition if earlier is None else earlier | condition
    row = claim_filter.queryset().order_by().aggregate(**counts)
    left = tuple(
        LeftOut(code, REASONS[code], row[f"left_{code}"]) for code in codes if row[f"left_{code}"]
    )
    return Tally(matched=row["matched"], left_out=left)
