"""How much reviewers agree (issue 4 "Agreement"), per article and overall.

Two numbers, over the reviews of claims that are not deleted, hidden reviews left out:

- the agreeing share: of the claims with at least two reviews, the share where every
  reviewer gave the same rating (any rating, Unverifiable included);
- Krippendorff's alpha on the ordinal ratings: only reviews whose rating has a numeric
  `value` (the default scale's True 6 .. False 1; Unverifiable has none and sits outside
  the order), claims as units and reviewers as coders, computed by the `krippendorff`
  package (a maintained implementation checked against Krippendorff's own examples)
  with the ordinal metric. Alpha is None when it is undefined: no claim has two valued
  reviews, or every valued review gives the same value (no expected disagreement).

`summary()` is what the dashboard calls; the reading page computes its article's line
from the claims and reviews it has already loaded (`measure_claims`), without another query.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np

from factcheck.claims.models import Review

# (claim id, reviewer id, rating id, rating value or None)
ReviewRow = tuple[int, int, int, int | None]


@dataclass(frozen=True)
class Measures:
    claims_compared: int  # claims with >= 2 reviews
    agreeing: int  # of those, claims where every review gives the same rating
    alpha: float | None

    @property
    def agreeing_share(self) -> float | None:
        return self.agreeing / self.claims_compared if self.claims_compared else None


@dataclass(frozen=True)
class ArticleAgreement:
    article_id: int
    title: str
    claims_compared: int
    agreeing: int
    agreeing_share: float | None
    alpha: float | None


@dataclass(frozen=True)
class AgreementSummary:
    claims_compared: int
    agreeing_share: float | None
    alpha: float | None
    per_article: list[ArticleAgreement] = field(default_factory=list)
    agreeing: int = 0


def summary(articles: Iterable[Any] | None = None) -> AgreementSummary:
    """Overall and per-article agreement, for the given articles (objects or ids) or all.
    Two queries whatever the data: the reviews, then the titles of the articles seen."""
    from factcheck.articles.models import Article

    reviews = Review.objects.filter(claim__deleted_at__isnull=True, hidden_at__isnull=True)
    if articles is not None:
        ids = [getattr(article, "pk", article) for article in articles]
        reviews = reviews.filter(claim__article_id__in=ids)
    by_article: dict[int, list[ReviewRow]] = defaultdict(list)
    everything: list[ReviewRow] = []
    values = reviews.values_list(
        "claim_id", "claim__article_id", "reviewer_id", "rating_id", "rating__value"
    ).order_by()
    for claim_id, article_id, reviewer_id, rating_id, value in values.iterator(chunk_size=5000):
        row = (claim_id, reviewer_id, rating_id, value)
        by_article[article_id].append(row)
        everything.append(row)
    titles = dict(Article.objects.filter(pk__in=by_article).values_list("pk", "title"))
    per_article = []
    for article_id in sorted(by_article, key=lambda pk: (titles.get(pk, ""), pk)):
        measures = measure(by_article[article_id])
        per_article.append(
            ArticleAgreement(
                article_id=article_id,
                title=titles.get(article_id, ""),
                claims_compared=measures.claims_compared,
                agreeing=measures.agreeing,
                agreeing_share=measures.agreeing_share,
                alpha=measures.alpha,
            )
        )
    overall = measure(everything)
    return AgreementSummary(
        claims_compared=overall.claims_compared,
        agreeing_share=overall.agreeing_share,
        alpha=overall.alpha,
        per_article=per_article,
        agreeing=overall.agreeing,
    )


def measure(rows: Iterable[ReviewRow]) -> Measures:
    ratings: dict[int, list[int]] = defaultdict(list)
    valued: dict[int, dict[int, int]] = defaultdict(dict)
    for claim_id, reviewer_id, rating_id, value in rows:
        ratings[claim_id].append(rating_id)
        if value is not None:
            valued[claim_id][reviewer_id] = value
    compared = [ids for ids in ratings.values() if len(ids) >= 2]
    agreeing = sum(1 for ids in compared if len(set(ids)) == 1)
    return Measures(claims_compared=len(compared), agreeing=agreeing, alpha=ordinal_alpha(valued))


def measure_claims(claims: Iterable[Any]) -> Measures:
    """The same from the reading page's claims (listing.ReadingClaim), whose `reviews` are
    the ones not hidden, each with its rating's value."""
    return measure(
        (claim.pk, review.reviewer_id, review.rating_id, review.rating_value)
        for claim in claims
        for review in claim.reviews
    )


def ordinal_alpha(units: dict[int, dict[int, int]]) -> float | None:
    """Krippendorff's alpha (ordinal) for {claim: {reviewer: value}}; None when undefined."""
    pairable = [unit for unit in units.values() if len(unit) >= 2]
    domain = sorted({value for unit in pairable for value in unit.values()})
    if len(domain) < 2:
        return None
    coders = sorted({coder for unit in pairable for coder in unit})
    row_of = {coder: index for index, coder in enumerate(coders)}
    data = np.full((len(coders), len(pairable)), np.nan)
    for column, unit in enumerate(pairable):
        for coder, value in unit.items():
            data[row_of[coder], column] = value
    alpha = krippendorff.alpha(
        reliability_data=data, level_of_measurement="ordinal", value_domain=domain
    )
    return float(alpha)
