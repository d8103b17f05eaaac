"""The claim checks the reading page makes, made through the API: for each case, marking
the claim through the page (JSON answer) and through the API ends with the same status and
error code, and the same claims stored. Emoji, ZWJ sequences, combining marks and Khmer
before and inside the quote; reversed, out of range, UTF-16 and grapheme-splitting ranges
refused; nested and overlapping claims accepted."""

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim
from tests.claims.conftest import JSON

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db


def by_offsets(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "exact": text[start:end]}


def quoted(text: str, exact: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    return by_offsets(text, start, start + len(exact))


def utf16(text: str, exact: str) -> dict:
    """The offsets a browser's JavaScript would give: UTF-16 code units."""
    start = len(text[: text.index(exact)].encode("utf-16-le")) // 2
    return {"start": start, "end": start + len(exact), "exact": exact}


def splitting(text: str, cluster: str) -> dict:
    start = text.index(cluster)
    return by_offsets(text, start, start + 1)


CASES = {
    # name: (builds the body from the text, the status, the error code)
    "after emoji, ZWJ and Khmer": (lambda t: quoted(t, "62 cases"), 201, None),
    "the ZWJ family itself": (lambda t: quoted(t, "👨‍👩‍👧"), 201, None),
    "a flag": (lambda t: quoted(t, "🇰🇭"), 201, None),
    "the Khmer sentence": (lambda t: quoted(t, "ខ្ញុំទៅផ្សារ។"), 201, None),
    "a combining mark with its letter": (lambda t: quoted(t, "q\u0301"), 201, None),
    "reversed": (lambda t: quoted(t, "62 cases") | {"start": 30, "end": 20}, 400, "reversed"),
    "out of range": (lambda t: quoted(t, "62 cases") | {"end": len(t) + 5}, 400, "out_of_range"),
    "UTF-16 offsets": (lambda t: utf16(t, "62 cases"), 409, "quote_mismatch"),
    "half a ZWJ family": (lambda t: splitting(t, "👨‍👩‍👧"), 400, "splits_grapheme"),
    "a letter without its combining mark": (
        lambda t: splitting(t, "q\u0301"),
        400,
        "splits_grapheme",
    ),
    "half a flag": (lambda t: splitting(t, "🇰🇭"), 400, "splits_grapheme"),
    "a quote not at its offsets": (
        lambda t: quoted(t, "185 assemblies") | {"exact": "186 assemblies"},
        409,
        "quote_mismatch",
    ),
}


def mark_by_page(client, article, body: dict):
    data = body | {"revision": article.current_revision_id}
    return client.post(reverse("claims:create", args=[article.pk]), data, headers=JSON)


def mark_by_api(token: str, article, body: dict):
    return api_client().post(
        f"/api/v1/articles/{article.pk}/claims",
        body,
        content_type="application/json",
        headers=bearer(token),
    )


def stored() -> list[tuple]:
    return sorted(Claim.objects.values_list("start", "end", "exact"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_api_answers_each_case_as_the_page_does(name, alice, alice_client, article):
    build, status, code = CASES[name]
    body = build(article.current_revision.text)
    page = mark_by_page(alice_client, article, body)
    after_page = stored()
    Claim.objects.all().delete()
    api = mark_by_api(token_for(alice), article, body)
    assert (page.status_code, api.status_code) == (status, status), (page.json(), api.json())
    if code:
        assert page.json()["error"] == api.json()["error"] == code
    else:
        assert api.json()["exact"] == body["exact"]
    assert stored() == after_page


def test_nested_and_overlapping_claims_are_all_accepted(alice, article):
    text = article.current_revision.text
    token = token_for(alice)
    marks = [
        "The ministry said 62 cases were recorded in 2020.",
        "62 cases",  # inside the sentence
        "said 62 cases were",  # overlaps the next
        "cases were recorded",
    ]
    for exact in marks:
        assert mark_by_api(token, article, quoted(text, exact)).status_code == 201
    assert [exact for _, _, exact in stored()] == sorted(
        marks, key=lambda exact: (text.index(exact), text.index(exact) + len(exact))
    )
