"""A review save answers htmx with the panel's review region alone
(claims.review_views.save_review): the reviews the user may see, their form at the new
version, and the claim's status badge out of band. What it leaves out must not depend on
reviews, and every refusal must still show the user's input."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.claims import services
from factcheck.claims.forms import ReviewForm
from factcheck.claims.models import Claim, Rating, Review
from factcheck.history.models import Event
from tests.factories import make_claim, make_review, rating

from .conftest import HX

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


def review_url(claim) -> str:
    return reverse("claims:review", args=[claim.pk])


def rated(slug: str, **more) -> dict:
    return {"rating": rating(slug).pk, "rationale": "Checked.", "confidence": "medium"} | more


def region(html: str) -> str:
    """The review panel region of a response (it must be there, once)."""
    found = re.findall(r'<section class="reviews" id="review-panel-\d+".*?</section>', html, re.S)
    assert len(found) == 1, html[:500]
    return found[0]


def test_a_save_answers_with_the_review_region_and_the_status_badge_out_of_band(
    alice_client, claim
):
    response = alice_client.post(review_url(claim), rated("true"), headers=HX)
    assert response.status_code == 200
    html = response.text
    section = region(html)
    assert "alice" in section and "Checked." in section
    assert 'name="version" value="1"' in section  # saving again is an update of version 1
    assert "Update my review" in section
    # the badge leaves the region and replaces the panel header's badge
    badge = re.search(r'<span class="status-badge[^>]*>', html).group(0)
    assert f'id="claim-status-{claim.pk}"' in badge and 'hx-swap-oob="true"' in badge
    assert 'data-status="in_review"' in badge
    # nothing of the panel outside the review region is sent
    assert 'class="claim-panel"' not in html and 'class="sources"' not in html
    trigger = json.loads(response["HX-Trigger"])["claim-changed"]
    assert trigger == {
        "id": claim.pk,
        "start": claim.start,
        "end": claim.end,
        "status": "in_review",
        "deleted": False,
    }


def test_the_panel_targets_that_region_and_carries_the_badge_it_replaces(alice_client, claim):
    panel = alice_client.get(reverse("claims:detail", args=[claim.pk]), headers=HX).text
    form = re.search(r"<form[^>]*data-review-form[^>]*>", panel).group(0)
    assert f'hx-target="#review-panel-{claim.pk}"' in form and 'hx-swap="outerHTML"' in form
    assert f'id="review-panel-{claim.pk}"' in panel
    assert f'id="claim-status-{claim.pk}" data-status="open"' in panel
    assert "hx-swap-oob" not in panel


def test_a_second_reviewer_who_disagrees_sees_contested_and_both_reviews(
    alice_client, bob_client, claim, alice
):
    make_review(claim, alice, "true", rationale="Alice's reading.")
    response = bob_client.post(review_url(claim), rated("false"), headers=HX)
    section = region(response.text)
    # blind review: bob sees alice's review now that he has given his own
    assert "Alice&#x27;s reading." in section and "bob" in section
    assert "Blind review" not in section
    assert 'data-status="contested"' in response.text
    assert Claim.objects.get(pk=claim.pk).status == "contested"


def test_an_editors_save_shows_hidden_reviews_marked_and_a_reviewers_does_not(
    alice_client, erin_client, claim, alice, bob, erin
):
    hidden = make_review(claim, bob, "false", rationale="Bob's hidden review.")
    Review.objects.filter(pk=hidden.pk).update(
        hidden_at=timezone.now(), hidden_by=erin, hidden_reason="off topic"
    )
    make_review(claim, alice, "true")
    mine = Review.objects.get(reviewer=alice)
    data = rated("true", version=mine.version)
    reviewer_view = region(alice_client.post(review_url(claim), data, headers=HX).text)
    assert "Bob&#x27;s hidden review." not in reviewer_view
    editor_view = region(erin_client.post(review_url(claim), rated("true"), headers=HX).text)
    assert "Bob&#x27;s hidden review." in editor_view and "off topic" in editor_view
    assert "Hidden</strong> by erin" in editor_view  # hidden_by loaded on demand


def test_a_stale_save_shows_the_stored_review_beside_the_unsaved_input(alice_client, claim, alice):
    make_review(claim, alice, "true", rationale="Stored in another tab.")
    data = rated("false", rationale="Typed here, not saved.", version=1)
    assert alice_client.post(review_url(claim), data, headers=HX).status_code == 200
    response = alice_client.post(review_url(claim), data, headers=HX)  # version 1 again
    assert response.status_code == 409
    section = region(response.text)
    assert 'role="alert"' in section and "Typed here, not saved." in section
    assert 'name="version" value="2"' in section  # saving again is a deliberate overwrite
    checked = re.search(r'value="(\d+)" data-key="\d" required checked', section).group(1)
    assert checked == str(rating("false").pk)  # the user's choice, kept
    assert Review.objects.get().version == 2
    assert Event.objects.filter(action="review.updated").count() == 1


def test_an_invalid_save_is_400_with_the_input_kept_and_nothing_written(alice_client, claim):
    before = Event.objects.count()
    data = {"rating": "999999", "rationale": "Kept <b>as text</b>", "confidence": "medium"}
    response = alice_client.post(review_url(claim), data, headers=HX)
    assert response.status_code == 400
    section = region(response.text)
    assert "Select a valid choice" in section
    assert "Kept &lt;b&gt;as text&lt;/b&gt;" in section
    bad_confidence = rated("true", confidence="certain")
    assert alice_client.post(review_url(claim), bad_confidence, headers=HX).status_code == 400
    assert Event.objects.count() == before and not Review.objects.exists()


def test_saves_on_a_deleted_missing_or_locked_claim_are_refused(alice_client, claim, alice, erin):
    missing = reverse("claims:review", args=[999999])
    assert alice_client.post(missing, rated("true"), headers=HX).status_code == 404
    services.delete_claim(claim=claim, deleted_by=alice)
    gone = alice_client.post(review_url(claim), rated("true"), headers=HX)
    assert gone.status_code == 409 and "deleted" in gone.text
    other = make_claim(Article.objects.get(), "2020", created_by=alice)
    Claim.objects.filter(pk=other.pk).update(locked_at=timezone.now(), locked_by=erin)
    assert alice_client.post(review_url(other), rated("true"), headers=HX).status_code == 403
    assert not Review.objects.exists()


def test_without_htmx_a_save_redirects_to_the_claim_page(alice_client, claim):
    response = alice_client.post(review_url(claim), rated("true"))
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:detail", args=[claim.pk])


def test_a_review_save_costs_a_fixed_number_of_queries(
    alice_client, bob, claim, django_assert_num_queries
):
    for number in range(5):  # others' reviews do not add queries
        reviewer = User.objects.create_user(f"reviewer{number}")
        make_review(claim, reviewer, "true")
    make_review(claim, bob, "false")
    # session, user, roles, ratings, BEGIN, claim (locked, with its article), reviews,
    # INSERT review, INSERT event, COMMIT (the status stays contested: no UPDATE)
    data = rated("true")
    with django_assert_num_queries(10):
        response = alice_client.post(review_url(claim), data, headers=HX)
    assert response.status_code == 200 and response.text.count('class="review') >= 7
    # an update: the same, with UPDATE for INSERT (the earlier rating, for the event, comes
    # with the reviews)
    data = rated("false", version=1)
    with django_assert_num_queries(10):
        response = alice_client.post(review_url(claim), data, headers=HX)
    assert response.status_code == 200
    event = Event.objects.latest("pk")
    assert (event.before["rating"], event.after["rating"]) == ("true", "false")


def rating_buttons(ratings: list, chosen: str | None) -> str:
    """The review region's rating buttons, for a form that comes back with `chosen`."""
    data = {} if chosen is None else {"rating": chosen}
    form = ReviewForm(data or None, ratings=ratings)
    context = {"claim": Claim(pk=1), "ratings": ratings, "review_form": form, "can_edit": True}
    html = render_to_string("claims/claim.html#review-panel", context)
    return re.search(r'<fieldset class="rating-choices">.*?</fieldset>', html, re.S).group(0)


def test_rating_buttons_escape_the_scale_and_check_the_chosen_one():
    ratings = [
        Rating(pk=1, slug="true", label="True", description='Says "<script>x</script>"'),
        Rating(pk=2, slug="x&y", label="<b>False</b>", description="plain"),
    ]
    html = rating_buttons(ratings, "2")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&quot;" in html
    assert "<b>" not in html and "&lt;b&gt;False&lt;/b&gt;" in html
    assert 'class="rating-choice rating-x&amp;y"' in html
    assert re.findall(r'value="(\d)" data-key="(\d)" required( checked)?', html) == [
        ("1", "1", ""),
        ("2", "2", " checked"),
    ]
    assert " checked" not in rating_buttons(ratings, None)


def test_a_save_refused_by_a_lock_tells_htmx_why_without_replacing_the_form(
    alice_client, claim, erin
):
    Claim.objects.filter(pk=claim.pk).update(locked_at=timezone.now(), locked_by=erin)
    response = alice_client.post(review_url(claim), rated("true"), headers=HX)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#page-alerts" and response["HX-Reswap"] == "innerHTML"
    assert "<html" not in response.text and "locked by an editor" in response.text
    # without htmx: the page, with the same reason
    page = alice_client.post(review_url(claim), rated("true"))
    assert page.status_code == 403 and "<html" in page.text and "locked by an editor" in page.text
    # the page has the region the refusal goes to
    reading = alice_client.get(claim.article.get_absolute_url()).text
    assert '<div id="page-alerts"' in reading


def test_an_editors_save_costs_the_same_queries_however_many_reviews_are_hidden(
    erin_client, erin, claim
):
    # The editor's region names who hid each hidden review: the hider comes with the
    # reviews, not one query per hidden review.
    def hide_one_more(number):
        reviewer = User.objects.create_user(f"hidden{number}")
        hidden = make_review(claim, reviewer, "false", rationale=f"Hidden {number}.")
        Review.objects.filter(pk=hidden.pk).update(
            hidden_at=timezone.now(), hidden_by=erin, hidden_reason="off topic"
        )

    def save(data):
        with CaptureQueriesContext(connection) as queries:
            response = erin_client.post(review_url(claim), data, headers=HX)
        assert response.status_code == 200
        return len(queries), response.text.count("Hidden</strong> by erin")

    hide_one_more(0)
    save(rated("false"))  # erin's review now exists
    with_one = save(rated("true", version=1))
    hide_one_more(1)
    hide_one_more(2)
    # (hiding through update() left the stored status behind: this save mends it)
    save(rated("true", version=2))
    with_three = save(rated("true", version=3))  # the same rating: the status stays
    assert with_one[1] == 1 and with_three[1] == 3
    assert with_three[0] == with_one[0]


def claim_reads(queries) -> int:
    """How many of the captured queries read claims rows."""
    table = Claim._meta.db_table
    return sum(
        1
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and f'FROM "{table}"' in query["sql"]
    )


def test_a_refused_plain_form_save_reads_the_claim_once(
    alice_client, claim, alice, django_assert_num_queries
):
    """Without htmx a refused save answers with the whole claim page. The page's own read
    (access.claim_for_panel, as strict as claim_for_reviewing) is the claim's only read,
    and the scale the form was checked against is the one the page shows."""
    invalid = {"rating": "999999", "rationale": "Kept on the page.", "confidence": "medium"}
    # session, user, roles, the scale, then the page: claim, tags, reviews, sources,
    # comments, verdicts, assignments, the header bell's unread count
    with django_assert_num_queries(12) as queries:
        response = alice_client.post(review_url(claim), invalid)
    assert response.status_code == 400 and "<html" in response.text
    assert "Select a valid choice" in response.text and "Kept on the page." in response.text
    assert claim_reads(queries) == 1
    make_review(claim, alice, "true", rationale="Stored in another tab.")
    Review.objects.filter(reviewer=alice).update(version=2)
    stale = rated("false", rationale="Typed here, not saved.", version=1)
    # the same, plus the save's savepoint, locked claim, reviews, rollback and release
    with django_assert_num_queries(17) as queries:
        response = alice_client.post(review_url(claim), stale)
    assert response.status_code == 409 and "<html" in response.text
    assert "Typed here, not saved." in response.text and "Stored in another tab." in response.text
    assert claim_reads(queries) == 2  # the service's locked read, then the page's


def test_a_refused_save_on_a_missing_or_deleted_claim_is_404_and_without_a_role_403(
    alice_client, olga_client, claim, alice
):
    """The refused save's page reads the claim through access.claim_for_panel: a missing or
    deleted claim is 404 and a user without a role 403, with or without htmx."""
    invalid = {"rating": "999999", "confidence": "medium"}
    missing = reverse("claims:review", args=[999999])
    for headers in ({}, HX):
        assert alice_client.post(missing, invalid, headers=headers).status_code == 404
        assert olga_client.post(review_url(claim), invalid, headers=headers).status_code == 403
    services.delete_claim(claim=claim, deleted_by=alice)
    for headers in ({}, HX):
        assert alice_client.post(review_url(claim), invalid, headers=headers).status_code == 404
