"""Every write path an export shows makes the changed claims' cached lines misses.

Each Change below writes one way (a service, the ORM's save or delete, QuerySet.update,
bulk_create, an m2m add or remove): it must raise the stamps of exactly the claims it
touches (every claim for users, ratings and scales; hard deletes take the stamps and lines
away), the next export must render exactly those claims again and equal the uncached
export, and the one after must serve them from the cache. The cache's other guarantees are
in test_cache.py and test_cache_races.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import F

from factcheck.articles.models import Article, Revision
from factcheck.claims import services
from factcheck.claims.models import Claim, Rating, RatingScale, Review, Source, Tag, Verdict
from factcheck.editorial.services import correct_verdict, decide_verdict, dismiss_claim
from factcheck.exports.models import RenderedClaim
from factcheck.exports.services import publish_claim, unpublish_claim
from factcheck.moderation.services import hide_item, restore_claim
from tests.exports.cache_support import (
    LINE_FORMATS,
    NGO_URL,
    STATE_URL,
    TRANSACTIONAL,
    assert_uncached,
    erin,
    export,
    fresh,
    own_review,
    stamps,
    visible_ids,
)
from tests.exports.world import World, rating


def cases_source(url: str) -> Source:
    return Source.objects.get(claim__summary__startswith="The ministry recorded", url=url)


# --- 2. every write path makes the line a miss --------------------------------------------


@dataclass(frozen=True)
class Change:
    name: str
    apply: Callable[[World], Any]
    # The world's claims whose stamp the change raises; "*" for every claim.
    touched: tuple[str, ...]
    shows_in: frozenset[str] = frozenset(LINE_FORMATS)  # where the export shows it
    setup: Callable[[World], Any] | None = None  # before the cache is filled
    removes: bool = False  # a hard delete: the touched claims' stamps and lines go
    new_claim: bool = False


JSONL = frozenset({"jsonl"})
ENGLISH = ("cases", "formula", "open", "deleted")  # the claims of world.articles[0]
EVERYONE = ("*",)


def edit_summary(world: World) -> None:
    claim = fresh(world, "formula")
    services.update_claim(claim=claim, editor=erin(world), expected_version=claim.version,
                          summary="=SUM(B1) now 😀")  # fmt: skip


def edit_tags(world: World) -> None:
    claim = fresh(world, "formula")
    services.update_claim(claim=claim, editor=erin(world), expected_version=claim.version,
                          tags=["statistics", "new ✨"])  # fmt: skip


def correct(world: World) -> None:
    correct_verdict(claim=fresh(world, "khmer"), editor=erin(world), rating=rating("mostly-false"),
                    public_summary="Mostly false ⚠", rationale="-recounted", sources=(),
                    note="=We recounted.")  # fmt: skip


def update_alices_review(world: World) -> None:
    review = own_review(world, "cases", "alice")
    services.update_review(review=review, reviewer=world.users["alice"],
                           expected_version=review.version, rating=rating("true"),
                           rationale="Edited 👍, \"again\"")  # fmt: skip


def update_ngo_source(world: World) -> None:
    source = cases_source(NGO_URL)
    services.update_source(source=source, editor=world.users["bob"],
                           expected_version=source.version,
                           url="https://ngo.example/v2")  # fmt: skip


def add_formula_source(world: World) -> Source:
    return services.add_source(claim=fresh(world, "formula"), added_by=world.users["alice"],
                               url="https://formula.example/")  # fmt: skip


def link_formula_source(world: World) -> None:
    source = Source.objects.get(url="https://formula.example/")
    through = Verdict.sources.through
    through.objects.bulk_create(
        [through(verdict_id=fresh(world, "formula").verdict_id, source_id=source.pk)]
    )


def default_scale() -> RatingScale:
    return RatingScale.objects.get(is_default=True)


def add_rating(world: World) -> None:
    Rating.objects.create(scale=default_scale(), label="Pants on fire 🔥", slug="pants-on-fire",
                          order=99, value=0)  # fmt: skip


def save_user(world: World) -> None:
    user = erin(world)
    user.username = "erin=😀"
    user.save()


def save_article_url(world: World) -> None:
    article = Article.objects.get(pk=world.articles[0].pk)
    article.source_url = "https://news.example/moved?a=1,b=2"
    article.save()


def save_scale(world: World) -> None:
    scale = default_scale()
    scale.is_ordinal = False
    scale.save()


def bulk_create_claim(world: World) -> None:
    article = Article.objects.get(pk=world.articles[0].pk)
    Claim.objects.bulk_create([
        Claim(article=article, revision_id=article.current_revision_id, start=0, end=3,
              exact="The", summary="=bulk", created_by=world.users["alice"]),
    ])  # fmt: skip


def english(world: World) -> Any:
    return Article.objects.filter(pk=world.articles[0].pk)


def true_rating() -> Any:
    return Rating.objects.filter(scale__is_default=True, slug="true")


def pk(world: World, name: str) -> int:
    return world.claims[name].pk


CHANGES = [
    # the claim
    Change("claim summary (service)", edit_summary, ("formula",)),
    Change("claim quote and offsets (update)", lambda w: Claim.objects.filter(
        pk=pk(w, "formula")).update(start=F("start") + 1, exact="SUM(A1:A9)"), ("formula",)),
    Change("claim soft delete (service)", lambda w: services.delete_claim(
        claim=fresh(w, "formula"), deleted_by=erin(w)), ("formula",)),
    Change("claim restored (moderation)", lambda w: restore_claim(
        claim=fresh(w, "deleted"), editor=erin(w)), ("deleted",)),
    Change("claim hard delete", lambda w: Claim.objects.filter(pk=pk(w, "open")).delete(),
           ("open",), removes=True),
    Change("claim with a verdict hard delete", lambda w: fresh(w, "formula").delete(),
           ("formula",), removes=True),
    Change("claim bulk_create", bulk_create_claim, (), new_claim=True),
    Change("status (update)", lambda w: Claim.objects.filter(pk=pk(w, "open")).update(
        status=Claim.Status.CONTESTED), ("open",)),
    Change("status dismissed (service)", lambda w: dismiss_claim(
        claim=fresh(w, "open"), editor=erin(w), reason="An opinion"), ("open",)),
    Change("published (service)", lambda w: publish_claim(
        claim=fresh(w, "khmer"), editor=erin(w)), ("khmer",), JSONL),
    Change("unpublished (service)", lambda w: unpublish_claim(
        claim=fresh(w, "cases"), editor=erin(w)), ("cases",), JSONL),
    # verdicts
    Change("verdict decided (service)", lambda w: decide_verdict(
        claim=fresh(w, "open"), editor=erin(w), rating=rating("false"),
        public_summary="No, \"62\"", rationale="=wrong"), ("open",)),
    Change("verdict corrected (service)", correct, ("khmer",)),
    Change("verdict summary (update)", lambda w: Verdict.objects.filter(
        pk=fresh(w, "cases").verdict_id).update(public_summary="@edited"), ("cases",)),
    Change("earlier verdict summary (update)", lambda w: Verdict.objects.filter(
        claim_id=pk(w, "cases"), replaced_by__isnull=False).update(public_summary="+was"),
        ("cases",), JSONL),
    Change("verdict source unlinked (m2m remove)", lambda w: Verdict.objects.get(
        pk=fresh(w, "cases").verdict_id).sources.remove(cases_source(NGO_URL)),
        ("cases",), JSONL),
    Change("verdict source linked (through bulk_create)", link_formula_source, ("formula",),
           JSONL, setup=add_formula_source),
    # reviews
    Change("review added (service)", lambda w: services.record_review(
        claim=fresh(w, "formula"), reviewer=w.users["bob"], rating=rating("false"),
        rationale="+1"), ("formula",)),
    Change("review edited (service)", update_alices_review, ("cases",), JSONL),
    Change("review rating (update)", lambda w: Review.objects.filter(
        pk=own_review(w, "cases", "alice").pk).update(rating=rating("false")), ("cases",), JSONL),
    Change("review hidden (moderation)", lambda w: hide_item(
        item=own_review(w, "cases", "alice"), editor=erin(w), reason="off-topic"), ("cases",)),
    Change("review hard delete", lambda w: Review.objects.filter(
        claim_id=pk(w, "formula")).delete(), ("formula",)),
    Change("review bulk_create", lambda w: Review.objects.bulk_create([Review(
        claim_id=pk(w, "khmer"), reviewer=w.users["alice"], rating=rating("false"),
        rationale="bulk")]), ("khmer",)),
    # sources
    Change("source added (service)", lambda w: services.add_source(
        claim=fresh(w, "khmer"), added_by=w.users["bob"], url="https://km.example/src",
        title="=T"), ("khmer",)),
    Change("source edited (service)", update_ngo_source, ("cases",)),
    Change("source excerpt (update)", lambda w: Source.objects.filter(
        pk=cases_source(STATE_URL).pk).update(excerpt="-edited"), ("cases",), JSONL),
    Change("source hidden (moderation)", lambda w: hide_item(
        item=cases_source(NGO_URL), editor=erin(w), reason="duplicate"), ("cases",)),
    Change("source deleted (service)", lambda w: services.delete_source(
        source=cases_source(NGO_URL), deleted_by=w.users["bob"]), ("cases",)),
    Change("source hard delete", lambda w: cases_source(NGO_URL).delete(), ("cases",)),
    # tags
    Change("tag added (service)", edit_tags, ("formula",)),
    Change("tag removed (m2m remove)", lambda w: fresh(w, "cases").tags.remove(
        Tag.objects.get(name="emoji")), ("cases",)),
    Change("tag added (through bulk_create)", lambda w: Claim.tags.through.objects.bulk_create(
        [Claim.tags.through(claim_id=pk(w, "khmer"), tag=Tag.objects.get(name="statistics"))]),
        ("khmer",)),
    Change("tag renamed (update)", lambda w: Tag.objects.filter(name="statistics").update(
        name="=stats"), EVERYONE),
    # the article and its revision
    Change("article title and publisher (update)", lambda w: english(w).update(
        title="New, \"title\"", publisher="=Pub"), ENGLISH),
    Change("article url (save)", save_article_url, ENGLISH),
    Change("revision number (update)", lambda w: Revision.objects.filter(
        pk=fresh(w, "cases").revision_id).update(number=9), ENGLISH, JSONL),
    # users, ratings, scales: every claim
    Change("user renamed (save)", save_user, EVERYONE),
    Change("rating label (update)", lambda w: true_rating().update(label="Correct ✅"),
           EVERYONE),
    Change("rating added to the scale", add_rating, EVERYONE, JSONL),
    Change("rating removed from the scale", lambda w: Rating.objects.filter(
        slug="pants-on-fire").delete(), EVERYONE, JSONL, setup=add_rating),
    Change("scale not ordinal (save)", save_scale, EVERYONE, JSONL),
]  # fmt: skip


@TRANSACTIONAL
@pytest.mark.parametrize("change", CHANGES, ids=[change.name for change in CHANGES])
def test_a_change_an_export_shows_makes_its_lines_misses(world, change, renders):
    if change.setup is not None:
        change.setup(world)
    before = {fmt: export(fmt) for fmt in LINE_FORMATS}  # fills the cache
    for fmt in LINE_FORMATS:
        assert_uncached(before[fmt], fmt)
    old = stamps()

    change.apply(world)

    new = stamps()
    touched = set(old) if change.touched == EVERYONE else {pk(world, n) for n in change.touched}
    for claim_id in touched:
        if change.removes:
            assert claim_id not in new
            assert not RenderedClaim.objects.filter(claim_id=claim_id).exists()
        else:
            assert new[claim_id] > old[claim_id], claim_id
    for claim_id in set(old) - touched:
        assert new[claim_id] == old[claim_id], claim_id  # only the claims the change shows in
    assert set(new) == set(Claim.objects.values_list("pk", flat=True))  # new claims too

    missed = (touched | (set(new) - set(old))) & set(visible_ids())
    for fmt in LINE_FORMATS:
        renders.clear()
        after = export(fmt)
        assert_uncached(after, fmt)
        assert (after != before[fmt]) == (fmt in change.shows_in or change.new_claim), fmt
        assert {claim_id for page in renders for claim_id in page} == missed, fmt
        renders.clear()
        assert export(fmt) == after, fmt  # and then served, still right
        assert renders == [], fmt
