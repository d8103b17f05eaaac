"""Prepared reads (factcheck/core/prepared.py) give what the QuerySet they were built from
gives, on SQLite and PostgreSQL alike, and refuse builds they cannot prepare."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.claims import prepared_reads
from factcheck.claims.models import Claim, Rating, Review
from factcheck.core.prepared import PreparedModels, PreparedRead
from factcheck.history.models import Event
from factcheck.history.services import record
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db

TEXT = "Officials said 185 assemblies took place 😀, of which 101 were “peaceful” in ភ្នំពេញ."


@pytest.fixture
def claims(alice, bob):
    article = make_article(TEXT, created_by=alice)
    first = make_claim(article, "185 assemblies", created_by=alice)
    second = make_claim(article, "101 were", created_by=bob)
    make_review(first, alice, "true", rationale="Checked 😀 ភ្នំពេញ.")
    make_review(first, bob, "false", rationale="")
    Review.objects.filter(reviewer=bob).update(hidden_at=timezone.now(), hidden_by=alice)
    return first, second


def test_rows_are_the_querysets_rows_converted_the_same_way(claims):
    fields = ("id", "created_at", "claimed_on", "status", "locked_at", "exact")
    read = PreparedRead(
        lambda pk: Claim.objects.filter(pk__gte=pk).order_by("pk").values_list(*fields)
    )
    for claim in claims:
        expected = list(Claim.objects.filter(pk__gte=claim.pk).order_by("pk").values_list(*fields))
        assert read(claim.pk) == expected
    assert read(10**9) == []


def test_json_booleans_and_flat_values_convert_too(claims, alice):
    with transaction.atomic():
        record(actor=alice, action="test.json", after={"n": 1, "text": "😀 ភ្នំពេញ", "ok": True})
    event = Event.objects.latest("pk")
    read = PreparedRead(lambda pk: Event.objects.filter(pk=pk).values_list("after", flat=True))
    assert read(event.pk) == [{"n": 1, "text": "😀 ភ្នំពេញ", "ok": True}]
    blind = PreparedRead(
        lambda pk: Article.objects.filter(pk=pk).values_list("blind_review", flat=True)
    )
    Article.objects.filter(pk=claims[1].article_id).update(blind_review=False)
    assert blind(claims[0].article_id) == [False]
    assert blind(claims[0].article_id)[0] is False  # a bool, not SQLite's 0


def test_model_instances_match_the_orms_with_the_related_fields_set(
    claims, django_assert_num_queries
):
    first = claims[0]
    with django_assert_num_queries(1):
        reviews = prepared_reads.reviews_of_claim(first.pk)
        assert [review.reviewer.username for review in reviews] == ["alice", "bob"]
    expected = list(Review.objects.filter(claim=first).order_by("pk"))
    for got, want in zip(reviews, expected, strict=True):
        for field in Review._meta.concrete_fields:
            assert getattr(got, field.attname) == getattr(want, field.attname), field.name
        assert not got._state.adding and got._state.db == "default"
    joined = User.objects.get(username="alice").date_joined
    with django_assert_num_queries(1):  # other fields of a related object load on use
        assert reviews[0].reviewer.date_joined == joined
    ratings = prepared_reads.default_scale()
    assert [rating.pk for rating in ratings] == [r.pk for r in Rating.objects.of_default_scale()]


def test_a_null_foreign_key_is_left_unset(claims):
    read = PreparedModels(
        lambda pk: Review.objects.filter(claim_id=pk).order_by("pk"),
        related={"hidden_by": ("username",)},
    )
    alices, bobs = read(claims[0].pk)
    assert alices.hidden_by_id is None and alices.hidden_by is None
    assert bobs.hidden_by.username == "alice"


def test_the_locking_read_runs_inside_a_transaction_on_either_database(claims):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        (locked,) = prepared_reads.locked_claim_with_article(claims[0].pk)
    assert locked.pk == claims[0].pk and locked.article.blind_review is True
    if connection.features.has_select_for_update:
        (read,) = [query["sql"] for query in queries if "claims_claim" in query["sql"]]
        assert "FOR UPDATE" in read


def test_the_sql_is_built_once_and_each_call_still_shows_as_a_query(claims):
    read = PreparedRead(lambda pk: Claim.objects.filter(pk=pk).values_list("status"))
    with CaptureQueriesContext(connection) as queries:
        assert read(claims[0].pk) == [("contested",)]
        assert read(claims[1].pk) == [("open",)]
    first, second = (query["sql"] for query in queries)
    assert first.replace(str(claims[0].pk), "?") == second.replace(str(claims[1].pk), "?")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_thread_uses_its_own_connection(claims):
    read = PreparedRead(lambda pk: Claim.objects.filter(pk=pk).values_list("exact", flat=True))
    answers = []

    def in_thread() -> None:
        try:
            answers.append(read(claims[1].pk))
        finally:
            connection.close()

    read(claims[0].pk)  # compiled in this thread
    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert answers == [["101 were"]]


def test_builds_it_cannot_prepare_are_refused_when_first_used(claims):
    unused = PreparedRead(lambda pk: Claim.objects.values_list("pk"))
    with pytest.raises(ValueError, match="not query parameters"):
        unused(1)
    not_values = PreparedRead(lambda pk: Claim.objects.filter(pk=pk))
    with pytest.raises(TypeError, match="values_list"):
        not_values(1)
    read = PreparedRead(lambda pk: Claim.objects.filter(pk=pk).values_list("pk"))
    with pytest.raises(TypeError, match="expected 1 arguments"):
        read()
    with pytest.raises(ValueError):
        PreparedRead(lambda: Claim.objects.values_list("pk"), arguments=99)


def test_a_prepared_insert_stores_what_save_would_store(alice, claims):
    after = {"text": "😀 ភ្នំពេញ </script>", "n": 2, "nested": {"ok": None}}
    with transaction.atomic():
        recorded = record(actor=alice, action="test.insert", claim=claims[0], after=after)
        saved = Event(
            at=recorded.at,
            actor=alice,
            actor_name="alice",
            action="test.insert",
            article_id=claims[0].article_id,
            claim_id=claims[0].pk,
            after=after,
        )
        saved.save()
    assert recorded.pk == saved.pk - 1 and not recorded._state.adding
    stored, by_save = Event.objects.filter(pk__in=[recorded.pk, saved.pk]).order_by("pk")
    for field in Event._meta.concrete_fields:
        if field.name != "id":
            assert getattr(stored, field.attname) == getattr(by_save, field.attname), field.name
    assert stored.after == after and stored.at == recorded.at


def test_a_prepared_insert_refuses_what_it_cannot_do(alice):
    from factcheck.history.services import insert_event

    with pytest.raises(TypeError):
        insert_event(alice)
    with transaction.atomic():
        event = record(actor=alice, action="test.once")
    with pytest.raises(ValueError, match="only a new instance"):
        insert_event(event)


def test_no_signal_receiver_misses_the_rows_inserted_without_save():
    from django.db.models import signals

    for model in (Event, Claim, Review):
        for signal in (signals.pre_save, signals.post_save):
            assert not signal.has_listeners(model), (model, signal)


def test_a_prepared_update_sets_the_fields_and_keeps_its_guard(claims):
    from factcheck.claims.status import set_review_status

    first, second = claims
    later = timezone.now()
    assert set_review_status(second.pk, status="in_review", updated_at=later) == 1
    stored = Claim.objects.get(pk=second.pk)
    assert (stored.status, stored.updated_at, stored.version) == ("in_review", later, 1)
    # an editor's state is kept, whatever this process believed
    Claim.objects.filter(pk=first.pk).update(status="verified")
    assert set_review_status(first.pk, status="open", updated_at=later) == 0
    assert Claim.objects.get(pk=first.pk).status == "verified"
    assert set_review_status(10**9, status="open", updated_at=later) == 0
    with pytest.raises(TypeError):
        set_review_status(first.pk, status="open")


def test_related_fields_land_on_their_names_whatever_order_they_are_asked_in(claims):
    # Rating's fields run label, slug, ... ; asked the other way round, they must not swap
    read = PreparedModels(
        lambda pk: Review.objects.filter(claim_id=pk).order_by("pk"),
        related={"rating": ("colour", "slug", "label"), "reviewer": ("username", "email")},
    )
    for review in read(claims[0].pk):
        stored = Rating.objects.get(pk=review.rating_id)
        assert (review.rating.slug, review.rating.label, review.rating.colour) == (
            stored.slug,
            stored.label,
            stored.colour,
        )
        assert review.rating.pk == stored.pk
        assert review.reviewer.username in ("alice", "bob")


def test_a_prepared_insert_works_without_returning_too(alice, claims, monkeypatch):
    # SQLite before 3.35 has no RETURNING; the id then comes from the cursor.
    from factcheck.core.prepared import PreparedInsert

    if connection.vendor != "sqlite":  # PostgreSQL always returns the id; nothing to fall to
        assert connection.features.can_return_columns_from_insert
        return
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", False)
    insert = PreparedInsert(Event)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        event = insert(Event(at=timezone.now(), actor=alice, actor_name="alice", action="x"))
    assert "RETURNING" not in queries[0]["sql"]
    assert Event.objects.get(pk=event.pk).action == "x" and not event._state.adding
