import pytest
from django.urls import reverse

from factcheck.claims import services
from factcheck.claims.models import Claim
from tests.factories import make_article, make_claim, make_review, rating

TEXT = (
    "The ministry said 62 cases were recorded in 2020. "
    "Officials counted 185 assemblies from April 2019 to March 2020. "
    "The 35-page report was published in March."
)
HX = {"HX-Request": "true"}


@pytest.fixture
def article(erin):
    return make_article(TEXT, title="Decisions test article", created_by=erin)


@pytest.fixture
def contested(article, alice, bob):
    """alice says True, bob says False; alice added a supporting source."""
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, alice, "true", rationale="Alice: the report has it.")
    make_review(claim, bob, "false", rationale="Bob: the report says 60.")
    services.add_source(
        claim=claim,
        added_by=alice,
        url="https://example.org/report",
        title="The report",
        stance="supports",
    )
    return Claim.objects.get(pk=claim.pk)


def fresh(claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def verdict_post(
    claim,
    *,
    rating_slug="true",
    summary="Right: 62 cases.",
    rationale="Section 2.b of the report.",
    sources=(),
    version=None,
    prefix="verdict",
    **extra,
) -> dict:
    data = {
        f"{prefix}-version": claim.version if version is None else version,
        f"{prefix}-rating": rating(rating_slug).pk,
        f"{prefix}-public_summary": summary,
        f"{prefix}-rationale": rationale,
        f"{prefix}-sources": [source.pk for source in sources],
    }
    data.update({f"{prefix}-{key}": value for key, value in extra.items()})
    return data


def url(name, claim) -> str:
    return reverse(f"decisions:{name}", args=[claim.pk])
