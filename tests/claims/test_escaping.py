"""Script and HTML typed into any text field show as text on every page that shows it."""

import pytest
from django.urls import reverse

from factcheck.claims import services
from tests.factories import make_claim, make_review

from .conftest import HX, PAYLOADS, assert_escaped

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_shown_escaped_everywhere(
    markup_from_before_the_rule, alice_client, erin_client, article, alice, payload
):
    claim = make_claim(
        article, "62 cases", created_by=alice, summary=payload, claimant=payload, tags=[payload]
    )
    make_review(claim, alice, "true", rationale=payload)
    services.add_source(
        claim=claim,
        added_by=alice,
        url="https://example.org/report",
        title=payload,
        publisher=payload,
        excerpt=payload,
    )
    services.add_comment(claim=claim, author=alice, body=payload)
    claim.refresh_from_db()
    services.update_claim(
        claim=claim, editor=alice, expected_version=claim.version, summary=payload + " (edited)"
    )
    pages = {
        "panel": alice_client.get(claim.get_absolute_url(), headers=HX),
        "claim page": alice_client.get(claim.get_absolute_url()),
        "timeline": alice_client.get(reverse("history:claim-timeline", args=[claim.pk])),
        "activity": alice_client.get(reverse("history:article-activity", args=[article.pk])),
        "my work": erin_client.get(reverse("history:person-work", args=["alice"])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert_escaped(response.text, payload)
    listing = alice_client.get(article.get_absolute_url()).text
    assert_escaped(listing, payload)  # the claim list's summary line
    assert "<script>alert(1)</script>" not in listing


def test_payload_in_the_quoted_text_itself_is_escaped(
    markup_from_before_the_rule, alice_client, erin, alice
):
    from tests.factories import make_article

    article = make_article(
        "Intro. The minister said <script>alert(1)</script> today.", created_by=erin
    )
    claim = make_claim(article, "<script>alert(1)</script>", created_by=alice)
    for url in (
        claim.get_absolute_url(),
        article.get_absolute_url(),
        reverse("history:claim-timeline", args=[claim.pk]),
    ):
        html = alice_client.get(url).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
