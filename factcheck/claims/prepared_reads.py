"""The reads on the paths a reviewer waits for (saving a review, marking a claim), as
prepared reads (factcheck/core/prepared.py): compiled once per process, then ~4x cheaper
than building the same QuerySet on every request (bench/bench_claims.py)."""

from factcheck.articles.models import Article
from factcheck.core.prepared import PreparedModels

from .models import Claim, Rating, Review

# The default rating scale in its order: the review form's choices and the review chips.
default_scale = PreparedModels(lambda: Rating.objects.of_default_scale(), arguments=0)

# One claim, locked for the writing transaction (FOR UPDATE on PostgreSQL), with what the
# review section needs of its article (blind review).
locked_claim_with_article = PreparedModels(
    lambda claim_id: Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id),
    related={"article": ("blind_review",)},
)

# A claim's reviews, hidden ones included, oldest first, with their reviewers' and hiders' names and
# what the events and the review chips show of their ratings.
reviews_of_claim = PreparedModels(
    lambda claim_id: Review.objects.filter(claim_id=claim_id).order_by("pk"),
    related={
        "reviewer": ("username",),
        "rating": ("slug", "label", "colour"),
        "hidden_by": ("username",),  # the editor's region names who hid a review
    },
)

# An article with the text of its current revision: what marking a claim checks the quote
# against.
article_with_current_text = PreparedModels(
    lambda article_id: Article.objects.filter(pk=article_id),
    related={"current_revision": ("article_id", "number", "text")},
)
