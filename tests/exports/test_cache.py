"""The rendered-claim cache (factcheck/exports/cache.py) never serves a stale line.

The reference is the same export with the cache off (FACTCHECK_EXPORT_CACHE=False): a
cached JSON Lines or CSV export must equal it byte for byte, cold (rendering and storing),
warm (served from RenderedClaim) and after any change an export shows, whichever way the
change was written (services, the ORM, QuerySet.update, bulk_create), on SQLite and on
PostgreSQL (DATABASE_URL=postgres://... pytest tests/exports/test_cache.py).

Tests that store lines need real commits: inside a test's transaction an export reads the
cache and stores nothing, so those tests are transactional.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.backends.utils import CursorWrapper
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import override_settings
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.articles.models import Article, Revision
from factcheck.claims import services
from factcheck.claims.decisions import correct_verdict, decide_verdict, dismiss_claim
from factcheck.claims.models import Claim, Rating, RatingScale, Review, Source, Tag, Verdict
from factcheck.exports import cache
from factcheck.exports.formats import FORMATS
from factcheck.exports.models import ClaimStamp, RenderedClaim
from factcheck.exports.query import ClaimFilter, RecordSource
from factcheck.exports.records import Manifest
from factcheck.exports.run import prepare
from factcheck.exports.services import publish_claim, unpublish_claim
from factcheck.moderation.services import hide_item, restore_claim
from tests.conftest import make_user
from tests.exports.world import World, build_world, decide, rating
from tests.factories import make_article, make_claim, make_review

# Stores lines: needs commits. serialized_rollback brings the seeded rating scale back for
# the tests that follow (the flush empties it).
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MIGRATION = importlib.import_module("factcheck.exports.migrations.0001_rendered_claim_cache")

FIXED = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
LINE_FORMATS = ("jsonl", "csv")
EVERY_CLAIM = ClaimFilter(status="all")
STATE_URL = "https://www.state.gov/report#62"  # the "cases" claim's sources (world.py)
NGO_URL = "https://ngo.example/data"

# Texts that break naive exporters and naive caches, for every free-text field: HTML end
# tags, quotes, separators, CRLF and lone CR, emoji (ZWJ, flags, skin tones), combining
# marks, Khmer, Arabic, U+2028/U+2029/U+0085, escape and delete, and the cells a
# spreadsheet reads as formulas. No NUL: PostgreSQL's text cannot hold it.
HOSTILE = (
    '</script><script>alert("x")</script>',
    "He said \"62 cases\", then '185', then 101; 68, 16.",
    "Line one\r\nline two\nline three\ttabbed\rlone CR",
    "Emoji 😀 family 👨‍👩‍👧 flag 🇰🇭 thumbs 👍🏽 e\u0301 n\u0303",
    "ក្រសួងបាននិយាយថា មាន ៦២ ករណី។ ស្ត្រី",
    "مرحبا بالعالم، 62 حالة",
    "Separators \u2028 and \u2029 and \x85, escape \x1b[31m, delete \x7f",
    "=SUM(A1:A9)",
    "+61 cases",
    "-1 case",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example","x"),',
    "\t=tab first",
    "'=already neutralised",
)


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


# --- exporting ----------------------------------------------------------------------------


def export(fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM, **options: Any) -> bytes:
    return b"".join(prepare(fmt, claim_filter, generated_at=FIXED, **options).chunks())


def uncached(fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM, **options: Any) -> bytes:
    with override_settings(FACTCHECK_EXPORT_CACHE=False):
        return export(fmt, claim_filter, **options)


def paged_texts(fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM) -> Iterator[bytes]:
    """The cache's claim texts one claim a page: the test runs between the pages, as a
    writer beside a long download does between its pages of 2,000."""
    context = prepare(fmt, claim_filter, generated_at=FIXED).context
    return cache.claim_texts(FORMATS[fmt], claim_filter, context, chunk_size=1)


def stamps() -> dict[int, int]:
    return dict(ClaimStamp.objects.values_list("claim_id", "stamp"))


def visible_ids() -> list[int]:
    return list(Claim.objects.visible().order_by("pk").values_list("pk", flat=True))


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The claim ids each page of a cached export rendered from the database (the misses);
    the uncached export reads through RecordSource.records, not records_of."""
    calls: list[list[int]] = []
    original = RecordSource.records_of

    def spy(self: RecordSource, claim_ids: list[int]) -> Any:
        calls.append(list(claim_ids))
        return original(self, claim_ids)

    monkeypatch.setattr(RecordSource, "records_of", spy)
    return calls


# --- data ---------------------------------------------------------------------------------


@pytest.fixture
def world(alice, bob, erin) -> World:
    return build_world(alice, bob, erin)


def build_hostile(alice: User, bob: User, erin: User) -> list[int]:
    """A dozen claims with hostile text in every field an export shows: written through the
    services first, then raw (QuerySet.update), which keeps what the services would clean."""
    mallory = make_user('=mallory,"@x" 😀', role="reviewer")
    article = make_article("\n".join(HOSTILE), title="Hostile", created_by=erin, language="km")
    lines = [line for line in article.current_revision.text.split("\n") if line.strip()]
    slugs = ["true", "false", "half-true", "misleading", "unverifiable", "mostly-true"]
    ids = []
    for index, line in enumerate(lines):
        claim = make_claim(article, line, created_by=(alice, mallory)[index % 2],
                           summary=f"Claim {index}", tags=[f"tag {index}"])  # fmt: skip
        make_review(claim, alice, slugs[index % len(slugs)], rationale=hostile(index))
        make_review(claim, mallory, slugs[(index + 1) % len(slugs)], rationale="x")
        source = services.add_source(claim=claim, added_by=mallory, stance="refutes",
                                     url=f"https://src.example/{index}?q=a,b&c=%22d%22",
                                     accessed_on=dt.date(2021, 4, 2))  # fmt: skip
        if index % 4 != 3:
            decide(claim, erin, slugs[index % len(slugs)], summary=f"Verdict {index}",
                   rationale="Checked.", sources=(source,))  # fmt: skip
        if index % 4 == 1:
            correct_verdict(claim=Claim.objects.get(pk=claim.pk), editor=erin,
                            rating=rating("false"), public_summary=f"Corrected {index}",
                            rationale="Checked again.", sources=(source,),
                            note="Recounted.")  # fmt: skip
        if index % 4 == 0:
            publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
        ids.append(claim.pk)
    for index, pk in enumerate(ids):
        Claim.objects.filter(pk=pk).update(summary=hostile(index + 1) + " " + hostile(index + 7),
                                           claimant=hostile(index + 2))  # fmt: skip
        Review.objects.filter(claim_id=pk).update(rationale=hostile(index + 3))
        Source.objects.filter(claim_id=pk).update(
            title=hostile(index + 4), publisher=hostile(index + 5), excerpt=hostile(index + 6),
            archive_url=hostile(index + 7),
        )  # fmt: skip
        Verdict.objects.filter(claim_id=pk).update(
            public_summary=hostile(index + 8), rationale=hostile(index + 9),
            correction_note=hostile(index + 10),
        )  # fmt: skip
        tag = Tag.objects.create(name=hostile(index + 11)[:60] + f" {index}")
        Claim.tags.through.objects.create(claim_id=pk, tag_id=tag.pk)
    Article.objects.filter(pk=article.pk).update(
        title=HOSTILE[0], publisher=HOSTILE[7], author=HOSTILE[3],
        source_url='https://news.example/a?q="x",y\u2028', published_on=dt.date(2021, 4, 1),
    )  # fmt: skip
    return ids


@pytest.fixture
def hostile_world(alice, bob, erin) -> list[int]:
    return build_hostile(alice, bob, erin)


def fresh(world: World, name: str) -> Claim:
    return Claim.objects.get(pk=world.claims[name].pk)


def cases_source(url: str) -> Source:
    return Source.objects.get(claim__summary__startswith="The ministry recorded", url=url)


# --- 1. cached equals uncached ------------------------------------------------------------


def first_difference(served: bytes, reference: bytes) -> str:
    """Where a cached export departs from the uncached one (a failure message)."""
    pairs = zip(served.splitlines(True), reference.splitlines(True), strict=False)
    for number, (left, right) in enumerate(pairs, 1):
        if left != right:
            same = zip(left, right, strict=False)
            at = next((i for i, (x, y) in enumerate(same) if x != y), min(len(left), len(right)))
            window = slice(max(0, at - 40), at + 60)
            return (f"line {number}, byte {at}:\n  cached:   {left[window]!r}\n"
                    f"  uncached: {right[window]!r}")  # fmt: skip
    return f"{len(served)} bytes cached, {len(reference)} uncached"


def assert_uncached(served: bytes, fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM,
                    **options: Any) -> None:  # fmt: skip
    reference = uncached(fmt, claim_filter, **options)
    assert served == reference, f"{fmt}, {claim_filter}: {first_difference(served, reference)}"


def stored_ids(fmt: str) -> set[int]:
    return set(RenderedClaim.objects.filter(format=fmt).values_list("claim_id", flat=True))


@TRANSACTIONAL
@pytest.mark.parametrize("data", ["world", "hostile_world"])
def test_cold_warm_and_changed_exports_equal_the_uncached_export(request, data, renders):
    request.getfixturevalue(data)
    ids = visible_ids()
    cold = {}
    for fmt in LINE_FORMATS:
        renders.clear()
        cold[fmt] = export(fmt)
        assert_uncached(cold[fmt], fmt)
        assert renders == [ids]  # every claim rendered, once
        assert stored_ids(fmt) == set(ids)
        renders.clear()
        assert export(fmt) == cold[fmt]
        assert renders == []  # every line served from RenderedClaim

    first, last = ids[0], ids[-1]
    Claim.objects.filter(pk=first).update(summary=HOSTILE[2] + HOSTILE[6])
    Review.objects.filter(claim_id=last).update(hidden_at=timezone.now())
    for fmt in LINE_FORMATS:
        renders.clear()
        changed = export(fmt)
        assert_uncached(changed, fmt)
        assert changed != cold[fmt]
        assert renders == [[first, last]]  # only the changed claims
        renders.clear()
        assert export(fmt) == changed
        assert renders == []


@TRANSACTIONAL
def test_filters_and_the_bom_are_served_from_the_same_lines(world, renders):
    for fmt in LINE_FORMATS:
        export(fmt)
    renders.clear()
    english, khmer = (article.pk for article in world.articles)
    for claim_filter in (ClaimFilter(), ClaimFilter(tag="statistics"),
                         ClaimFilter(status="all", articles=(khmer,)),
                         ClaimFilter(rating="true"), ClaimFilter(reviewer="alice")):  # fmt: skip
        for fmt in LINE_FORMATS:
            assert_uncached(export(fmt, claim_filter), fmt, claim_filter)
    with_bom = export("csv", ClaimFilter(articles=(english,)), bom=True)
    assert with_bom.startswith("\ufeff".encode())
    assert_uncached(with_bom, "csv", ClaimFilter(articles=(english,)), bom=True)
    assert renders == []


@pytest.mark.django_db
def test_an_export_inside_a_transaction_reads_the_cache_and_stores_nothing(world):
    assert connection.in_atomic_block
    for fmt in LINE_FORMATS:
        assert cache.applies(FORMATS[fmt])
        assert_uncached(export(fmt), fmt)
    assert not RenderedClaim.objects.exists()


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


def erin(world: World) -> User:
    return User.objects.get(pk=world.users["erin"].pk)


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


def own_review(world: World, name: str, user: str) -> Review:
    return Review.objects.get(claim_id=world.claims[name].pk, reviewer=world.users[user])


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


# --- 3. stamps ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_claim_has_a_stamp_from_its_creation_bulk_created_too(alice):
    article = make_article("The ministry said 62 cases were recorded.", created_by=alice)
    made = make_claim(article, "62 cases", created_by=alice)
    bulk = Claim.objects.bulk_create([
        Claim(article=article, revision_id=article.current_revision_id, start=start,
              end=start + 3, exact=article.current_revision.text[start:start + 3],
              created_by=alice)
        for start in (0, 4, 13)
    ])  # fmt: skip
    assert set(stamps()) == {made.pk, *(claim.pk for claim in bulk)}
    assert all(stamp >= 1 for stamp in stamps().values())


@TRANSACTIONAL
def test_deleting_claims_removes_their_stamps_and_lines(world):
    for fmt in LINE_FORMATS:
        export(fmt)
    gone = world.claims["open"].pk
    assert RenderedClaim.objects.filter(claim_id=gone).count() == 2
    Claim.objects.filter(pk=gone).delete()
    assert gone not in stamps()
    assert not RenderedClaim.objects.filter(claim_id=gone).exists()
    khmer = world.claims["khmer"].pk
    services.delete_claim(claim=fresh(world, "khmer"), deleted_by=erin(world))  # soft: stays
    assert khmer in stamps()
    assert set(stamps()) == set(Claim.objects.values_list("pk", flat=True))
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
def test_logins_comments_and_unchanged_names_leave_the_stamps_alone(world, renders):
    for fmt in LINE_FORMATS:
        export(fmt)
    old = stamps()
    bob = User.objects.get(pk=world.users["bob"].pk)
    User.objects.filter(pk=bob.pk).update(last_login=timezone.now())
    bob.last_login = timezone.now()
    bob.save()  # every column written again, the username unchanged
    bob.save(update_fields=["last_login"])
    Tag.objects.get(name="emoji").save()
    services.add_comment(claim=fresh(world, "cases"), author=bob, body='=comment, "x"')
    assert stamps() == old
    renders.clear()
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)
    assert renders == []


# --- 4. the race the stamps guard against -------------------------------------------------


def edit_while_rendering(world: World, mark: str) -> None:
    """What a colleague commits while an export renders a page: shown by both formats."""
    Review.objects.filter(pk=own_review(world, "cases", "alice").pk).update(
        rationale=f"Edited while {mark} rendered 😀"
    )
    Source.objects.filter(claim_id=world.claims["cases"].pk, url__startswith=NGO_URL).update(
        url=f"{NGO_URL}/raced-{mark}")  # fmt: skip


def racing_records_of(world: World, moment: str, fmt: str, raced: list[int]) -> Any:
    """RecordSource.records_of with a colleague's change committed, once, just before or
    just after the page's data is read (its stamps were read before either)."""
    original = RecordSource.records_of

    def records_of(self: RecordSource, claim_ids: list[int]) -> Iterator[Any]:
        if raced:
            return original(self, claim_ids)
        raced.extend(claim_ids)
        if moment == "before the data read":
            edit_while_rendering(world, fmt)
            return original(self, claim_ids)
        records = list(original(self, claim_ids))  # every query of the page has run
        edit_while_rendering(world, fmt)
        return iter(records)

    return records_of


@TRANSACTIONAL
@pytest.mark.parametrize("moment", ["before the data read", "after the data read"])
def test_a_change_committed_while_a_page_renders_is_never_served(world, moment, monkeypatch):
    cases = world.claims["cases"].pk
    for fmt in LINE_FORMATS:
        raced: list[int] = []
        with monkeypatch.context() as patch:
            patch.setattr(RecordSource, "records_of", racing_records_of(world, moment, fmt, raced))
            first = export(fmt)
        assert cases in raced
        # no line of "cases" is stored at its current stamp (one stored with the stamp read
        # before the change is already old)
        assert not RenderedClaim.objects.filter(claim_id=cases, stamp=stamps()[cases]).exists()
        if moment == "after the data read":
            assert first != uncached(fmt)  # the export itself showed the claim as it was
        assert_uncached(export(fmt), fmt)


def first_pages_out() -> list[Iterator[bytes]]:
    """An export of each line format, one claim a page, with its first page out: it has
    read the rating scale and the first page's article, and stored the first line."""
    exports = [paged_texts(fmt) for fmt in LINE_FORMATS]
    for texts in exports:
        next(texts)
    return exports


@TRANSACTIONAL
def test_a_rating_renamed_during_an_export_is_not_stored_as_current(world):
    exports = first_pages_out()
    Rating.objects.filter(scale__is_default=True).update(label=Concat(F("label"), Value(" ✅")))
    for texts in exports:
        list(texts)  # the other pages: their stamps were read after the change
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
def test_an_article_edited_during_an_export_is_not_stored_as_current(world):
    exports = first_pages_out()  # the first page: "cases", of the English article
    Article.objects.filter(pk=world.articles[0].pk).update(title='Retitled, "again"')
    for texts in exports:
        list(texts)  # "formula" and "open", of the same article, come on later pages
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
def test_a_claim_deleted_before_its_line_is_stored_leaves_no_line(world):
    khmer = fresh(world, "khmer")
    only_khmer = ClaimFilter(status="all", articles=(khmer.article_id,))
    exports = [paged_texts(fmt, only_khmer) for fmt in LINE_FORMATS]
    for texts in exports:
        next(texts)  # rendered; stored when the export asks for the next page
    stamp = stamps()[khmer.pk]
    Claim.objects.filter(pk=khmer.pk).delete()
    for texts in exports:
        list(texts)
    # A restore (restore_backup) brings a claim back under its old id; its stamp starts
    # again at 1 and climbs with every write. A line left behind matches it sooner or later.
    Claim.objects.bulk_create([
        Claim(pk=khmer.pk, article_id=khmer.article_id, revision_id=khmer.revision_id,
              start=khmer.start, end=khmer.end, exact=khmer.exact, summary="Restored",
              created_by=world.users["bob"]),
    ])  # fmt: skip
    while stamps()[khmer.pk] < stamp:
        Claim.objects.filter(pk=khmer.pk).update(claimant=F("claimant"))
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)
    assert not RenderedClaim.objects.exclude(claim_id__in=Claim.objects.values("pk")).exists()


# --- 5. the key ---------------------------------------------------------------------------


@TRANSACTIONAL
def test_another_public_base_url_is_a_miss_and_shows_its_url(world, renders):
    ids = visible_ids()
    first = {fmt: export(fmt) for fmt in LINE_FORMATS}
    assert b'"published_url":"http://127.0.0.1:8000/fact-checks/' in first["jsonl"]
    moved = {}
    with override_settings(FACTCHECK_PUBLIC_BASE_URL="https://checks.example.org/"):
        for fmt in LINE_FORMATS:
            renders.clear()
            moved[fmt] = export(fmt)
            assert_uncached(moved[fmt], fmt)
            assert renders == [ids]
            assert export(fmt) == moved[fmt]
    assert b'"published_url":"https://checks.example.org/fact-checks/' in moved["jsonl"]
    assert moved["jsonl"] != first["jsonl"]
    for fmt in LINE_FORMATS:
        renders.clear()
        assert export(fmt) == first[fmt]
        assert renders == [ids]  # the other URL's lines replaced these


@TRANSACTIONAL
def test_another_release_or_page_path_is_a_miss(world, renders, monkeypatch):
    """The key holds the writers' code and the public page's path: reverse() gives it the
    script prefix of a site served under /desk/, and the URLconf."""
    ids = visible_ids()
    for fmt in LINE_FORMATS:
        export(fmt)
    with monkeypatch.context() as patch:
        patch.setattr(cache, "_code_fingerprint", lambda module_file: "the next release")
        for fmt in LINE_FORMATS:
            renders.clear()
            assert_uncached(export(fmt), fmt)
            assert renders == [ids]
    prefix = get_script_prefix()
    set_script_prefix("/desk/")
    try:
        served = export("jsonl")
        assert b'"published_url":"http://127.0.0.1:8000/desk/fact-checks/' in served
        assert_uncached(served, "jsonl")
    finally:
        set_script_prefix(prefix)


# --- 6. the triggers ----------------------------------------------------------------------


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def expected_triggers() -> frozenset[str]:
    return cache.SQLITE_TRIGGERS if connection.vendor == "sqlite" else cache.POSTGRESQL_TRIGGERS


def migration_statements() -> tuple[list[str], list[str]]:
    statements = (
        MIGRATION.sqlite_statements
        if connection.vendor == "sqlite"
        else MIGRATION.postgresql_statements
    )
    return statements(User._meta.db_table)


@pytest.mark.django_db
def test_the_migration_installs_exactly_the_listed_triggers():
    assert connection.vendor in {"sqlite", "postgresql"}
    assert cache.triggers_installed()
    assert trigger_names() == expected_triggers()
    create, _drop = migration_statements()
    created = {line.split()[2] for line in create if line.startswith("CREATE TRIGGER")}
    assert created == expected_triggers()
    for fmt in LINE_FORMATS:
        assert cache.applies(FORMATS[fmt])
    with override_settings(FACTCHECK_EXPORT_CACHE=False):
        assert not cache.applies(FORMATS["jsonl"])
    assert not cache.applies(FORMATS["claimreview"])  # not a line format


def rename_bob(world: World) -> None:
    User.objects.filter(pk=world.users["bob"].pk).update(username="bob-renamed")


def edit_review(world: World) -> None:
    Review.objects.filter(pk=own_review(world, "cases", "alice").pk).update(rationale="unstamped")


DROPPED = [
    # (table, SQLite trigger, PostgreSQL trigger, a write only that trigger would stamp)
    ("claims_review", "claims_review_stamp_upd", "claims_review_stamp", edit_review),
    ("auth_user", "auth_user_stamp_all_update", "auth_user_stamp_all", rename_bob),
]


def recreate_trigger(name: str) -> None:
    create, _drop = migration_statements()
    wanted = [statement for statement in create
              if f"TRIGGER {name} " in statement or f"FUNCTION {name}(" in statement]  # fmt: skip
    assert wanted
    with connection.cursor() as cursor:
        for statement in wanted:
            cursor.execute(statement)


@TRANSACTIONAL
@pytest.mark.parametrize(("table", "sqlite_name", "postgresql_name", "write"), DROPPED,
                         ids=[row[0] for row in DROPPED])  # fmt: skip
def test_a_dropped_trigger_turns_the_cache_off(world, table, sqlite_name, postgresql_name, write):
    for fmt in LINE_FORMATS:
        export(fmt)
    name = sqlite_name if connection.vendor == "sqlite" else postgresql_name
    drop = f"DROP TRIGGER {name}" + ("" if connection.vendor == "sqlite" else f" ON {table}")
    with connection.cursor() as cursor:
        cursor.execute(drop)
    try:
        assert not cache.triggers_installed()
        write(world)  # unstamped: the stored lines of "cases" are stale now
        for fmt in LINE_FORMATS:
            assert not cache.applies(FORMATS[fmt])
            assert_uncached(export(fmt), fmt)
    finally:
        recreate_trigger(name)
        # What went unstamped meanwhile would be served once the triggers are back: whoever
        # reinstalls them must empty the cache too.
        cache.clear()
    assert cache.triggers_installed() and trigger_names() == expected_triggers()
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite triggers cannot be disabled")
def test_a_disabled_trigger_turns_the_cache_off(world):
    """PostgreSQL keeps a disabled trigger in pg_trigger (tgenabled = 'D'): it exists and
    stamps nothing (ALTER TABLE ... DISABLE TRIGGER [ALL], as bulk loads do)."""
    for fmt in LINE_FORMATS:
        export(fmt)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE claims_review DISABLE TRIGGER claims_review_stamp")
    try:
        edit_review(world)
        for fmt in LINE_FORMATS:
            assert_uncached(export(fmt), fmt)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE claims_review ENABLE TRIGGER claims_review_stamp")
        cache.clear()


@TRANSACTIONAL
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_a_truncated_table_is_not_served_from_the_cache(world):
    """TRUNCATE fires no row trigger (SQLite's DELETE without WHERE does, when the table
    has triggers)."""
    for fmt in LINE_FORMATS:
        export(fmt)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_review CASCADE")
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


# --- 7. a failed store --------------------------------------------------------------------


@TRANSACTIONAL
@pytest.mark.parametrize("failure", ["the cursor raises", "the database refuses"])
def test_a_failed_store_costs_the_cache_not_the_export(world, failure, monkeypatch):
    ids = visible_ids()
    real_store, real_executemany = cache._store, CursorWrapper.executemany
    attempts: list[list[int]] = []

    def counted(connection: Any, name: str, key: str, bodies: dict[int, bytes],
                page_stamps: dict[int, int | None]) -> bool:  # fmt: skip
        attempts.append(sorted(bodies))
        return real_store(connection, name, key, bodies, page_stamps)

    def refuse(self: CursorWrapper, sql: str, param_list: Any) -> Any:
        if RenderedClaim._meta.db_table in sql:
            raise DatabaseError("attempt to write a readonly database")
        return real_executemany(self, sql, param_list)

    for fmt in LINE_FORMATS:
        attempts.clear()
        with monkeypatch.context() as patch:
            patch.setattr(cache, "_store", counted)
            if failure == "the cursor raises":
                patch.setattr(CursorWrapper, "executemany", refuse)
            else:  # a real error from the database, inside the store's transaction
                broken = cache._STORE.replace("stamp, body)", "stamp, no_such_column)")
                assert broken != cache._STORE
                patch.setattr(cache, "_STORE", broken)
            context = prepare(fmt, EVERY_CLAIM, generated_at=FIXED).context
            manifest = Manifest()
            body = b"".join(cache.stream(FORMATS[fmt], EVERY_CLAIM, context, manifest,
                                         chunk_size=1))  # fmt: skip
        assert_uncached(body, fmt)
        assert manifest.exported == len(ids)
        assert attempts == [[ids[0]]]  # the first page tried; the later ones did not
        assert not RenderedClaim.objects.filter(format=fmt).exists()
        assert export(fmt) == body  # the connection is fine, and the next export stores
        assert stored_ids(fmt) == set(ids)


# --- 8. the command -----------------------------------------------------------------------


@TRANSACTIONAL
def test_the_command_writes_the_uncached_export(world, tmp_path):
    for fmt in LINE_FORMATS:
        out = tmp_path / f"claims.{fmt}"

        def command(*extra: str, fmt: str = fmt, out: Any = out) -> bytes:
            call_command("export_claims", "--format", fmt, "--status", "all", *extra,
                         "-o", str(out), stderr=io.StringIO())  # fmt: skip
            return out.read_bytes()

        assert_uncached(command(), fmt)
        assert_uncached(command(), fmt)  # from the cache
        edit_while_rendering(world, fmt)
        Claim.objects.filter(pk=world.claims["khmer"].pk).update(summary=f'={fmt}, "after"')
        assert_uncached(command(), fmt)
    assert_uncached(command("--bom"), "csv", bom=True)


# --- random sequences of changes ----------------------------------------------------------


def nth(queryset: Any, index: int) -> Any:
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def toggle_time(model: Any, column: str) -> Callable[[int, str], None]:
    def change(index: int, text: str) -> None:
        row = nth(model.objects.all(), index)
        value = None if getattr(row, column) is not None else timezone.now()
        model.objects.filter(pk=row.pk).update(**{column: value})

    return change


def set_text(model: Any, column: str, limit: int) -> Callable[[int, str], None]:
    def change(index: int, text: str) -> None:
        row = nth(model.objects.all(), index)
        model.objects.filter(pk=row.pk).update(**{column: text[:limit]})

    return change


def set_unique(model: Any, column: str) -> Callable[[int, str], None]:
    def change(index: int, text: str) -> None:
        row = nth(model.objects.all(), index)
        model.objects.filter(pk=row.pk).update(**{column: f"{text[:40]}#{row.pk}"})

    return change


def set_status(index: int, text: str) -> None:
    statuses = Claim.Status.values
    row = nth(Claim.objects.all(), index)
    Claim.objects.filter(pk=row.pk).update(status=statuses[index % len(statuses)])


def toggle_tag(index: int, text: str) -> None:
    claim, tag = nth(Claim.objects.all(), index), nth(Tag.objects.all(), index // 3)
    if claim.tags.filter(pk=tag.pk).exists():
        claim.tags.remove(tag)
    else:
        claim.tags.add(tag)


def toggle_counted_source(index: int, text: str) -> None:
    source = nth(Source.objects.filter(claim__verdict__isnull=False), index)
    if source is None:
        return
    verdict = Verdict.objects.get(pk=source.claim.verdict_id)
    if verdict.sources.filter(pk=source.pk).exists():
        verdict.sources.remove(source)
    else:
        verdict.sources.add(source)


def rating_value(index: int, text: str) -> None:
    row = nth(Rating.objects.filter(scale__is_default=True), index)
    Rating.objects.filter(pk=row.pk).update(value=index % 9 - 2)


def toggle_ordinal(index: int, text: str) -> None:
    RatingScale.objects.filter(is_default=True).update(is_ordinal=index % 2 == 0)


MUTATIONS: dict[str, Callable[[int, str], None]] = {
    "claim summary": set_text(Claim, "summary", 300),
    "claim status": set_status,
    "claim published": toggle_time(Claim, "published_at"),
    "claim deleted": toggle_time(Claim, "deleted_at"),
    "review rationale": set_text(Review, "rationale", 1000),
    "review hidden": toggle_time(Review, "hidden_at"),
    "source title": set_text(Source, "title", 500),
    "source hidden": toggle_time(Source, "hidden_at"),
    "source deleted": toggle_time(Source, "deleted_at"),
    "verdict summary": set_text(Verdict, "public_summary", 500),
    "verdict source counted": toggle_counted_source,
    "tag name": set_unique(Tag, "name"),
    "tag of a claim": toggle_tag,
    "article title": set_text(Article, "title", 500),
    "username": set_unique(User, "username"),
    "rating label": set_text(Rating, "label", 60),
    "rating value": rating_value,
    "scale ordinal": toggle_ordinal,
}
TEXTS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=16),
)
STEPS = st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 20), TEXTS),
                 min_size=1, max_size=5)  # fmt: skip


@TRANSACTIONAL
@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])  # fmt: skip
@given(steps=STEPS)
def test_random_changes_never_leave_a_stale_line(world, steps):
    # One world for all examples: each example's changes land on the previous ones'.
    for name, index, text in steps:
        MUTATIONS[name](index, text)
        for fmt in LINE_FORMATS:
            reference = uncached(fmt)
            assert export(fmt) == reference, (name, fmt)
            context = prepare(fmt, EVERY_CLAIM, generated_at=FIXED).context
            paged = cache.stream(FORMATS[fmt], EVERY_CLAIM, context, Manifest(), chunk_size=2)
            assert b"".join(paged) == reference, (name, fmt)
