"""Demo claims for `make demo` (called from factcheck.core.demo.load_demo): a handful of
claims on the seed article, with reviews from alice and bob (one contested), sources and
a comment, all made through the services so the history shows the workbench in use."""

import importlib
from typing import Any

from django.apps import apps

from factcheck.text import quote_at

from . import services
from .models import Claim, Rating

SEED_SLUG = "cambodia-2020-human-rights-report"
STATE_DEPARTMENT_REPORT = (
    "https://www.state.gov/reports/2020-country-reports-on-human-rights-practices/cambodia/"
)

# exact quote, summary, claimant, tags, {reviewer: (rating, rationale)}, sources
DEMO_CLAIMS: list[dict[str, Any]] = [
    {
        "exact": "62 cases of violations of freedom of peaceful assembly and association",
        # Under 75 characters: fact-check consumers cut a longer ClaimReview claimReviewed.
        "summary": "An NGO counted 62 violations of assembly rights by July 2020.",
        "claimant": "Unnamed NGO cited by the US State Department",
        "tags": ["statistics", "freedom of assembly"],
        "reviews": {
            "alice": ("true", "The State Department's 2020 Cambodia report cites the figure."),
            "bob": ("true", "Same figure in section 2.b of the report."),
        },
        "sources": [
            {
                "url": STATE_DEPARTMENT_REPORT,
                "title": "2020 Country Reports on Human Rights Practices: Cambodia",
                "publisher": "U.S. Department of State",
                "stance": "supports",
                "excerpt": "As of July, an NGO reported 62 cases of violations of freedom "
                "of peaceful assembly and association.",
                "by": "alice",
            },
        ],
    },
    {
        "exact": "185 assemblies taking place from April 2019 to March 2020",
        "summary": "An NGO recorded 185 assemblies between April 2019 and March 2020.",
        "claimant": "Unnamed human rights NGO",
        "tags": ["statistics"],
        "reviews": {
            "alice": ("true", "Matches the report."),
            "bob": (
                "half-true",
                "The report's period wording differs; the count is right "
                "but the dates need checking against the NGO's own data.",
            ),
        },
        "sources": [
            {
                "url": STATE_DEPARTMENT_REPORT,
                "title": "2020 Country Reports on Human Rights Practices: Cambodia",
                "publisher": "U.S. Department of State",
                "stance": "context",
                "archive_url": "https://web.archive.org/web/2021/" + STATE_DEPARTMENT_REPORT,
                "by": "bob",
            },
        ],
        "comment": (
            "bob",
            "Does the NGO publish its monitoring data? We should cite it "
            "directly rather than through the State Department.",
        ),
    },
    {
        "exact": "101 were related to land rights and 68 to workers’ rights, with the remaining 16",
        "summary": "Of the 185 assemblies, 101 concerned land rights, 68 workers' rights "
        "and 16 other issues.",
        "tags": ["statistics", "arithmetic"],
        "reviews": {
            "alice": ("true", "101 + 68 + 16 = 185: the parts add up to the total."),
        },
    },
    {
        "exact": "the 35-page report",
        "summary": "The State Department's 2020 Cambodia report is 35 pages long.",
        "tags": ["document"],
    },
    {
        "exact": "Roedemeier",
        "summary": "The embassy's information officer is named Chad Roedemeier; the article "
        "later spells it Rodemeier.",
        "tags": ["names", "internal inconsistency"],
        "comment": (
            "alice",
            # A mention: bob finds it unread under his bell (factcheck/notifications).
            "@bob, the article spells the name two ways (Roedemeier, then Rodemeier). "
            "Which is right? You have the embassy's statement.",
        ),
    },
]


def ensure_default_scale() -> None:
    """The default scale is seeded by a data migration; a flushed database (transactional
    tests flush every table) has lost it, so the demo puts it back the same way."""
    if not Rating.objects.of_default_scale().exists():
        importlib.import_module("factcheck.claims.migrations.0002_default_scale").seed(apps, None)


def seed_demo_claims(users: dict[str, Any], article: Any) -> int:
    """Create the demo claims once; an article that already has claims is left alone."""
    if Claim.objects.filter(article=article).exists():
        seed_demo_decisions(users, article)
        seed_demo_flags(users, article)
        return 0
    ensure_default_scale()
    revision = article.current_revision
    text = revision.text
    ratings = {rating.slug: rating for rating in Rating.objects.of_default_scale()}
    created = 0
    for spec in DEMO_CLAIMS:
        if spec["exact"] not in text:
            continue  # the seed text changed; skip rather than guess
        start = text.index(spec["exact"])
        end = start + len(spec["exact"])
        claim = services.create_claim(
            article_id=article.pk,
            revision_id=revision.pk,
            start=start,
            end=end,
            quote=quote_at(text, start, end),
            created_by=users["alice"],
            summary=spec.get("summary", ""),
            claimant=spec.get("claimant", ""),
            tags=spec.get("tags", ()),
        )
        for username, (slug, rationale) in spec.get("reviews", {}).items():
            services.record_review(
                claim=claim,
                reviewer=users[username],
                rating=ratings[slug],
                rationale=rationale,
                confidence="medium",
            )
        for source in spec.get("sources", []):
            fields = {key: value for key, value in source.items() if key != "by"}
            # Loading the demo fetches nothing from the internet: its sources are real
            # public pages, archived when someone asks ("Check again" on the source).
            services.add_source(claim=claim, added_by=users[source["by"]], archive=False, **fields)
        if "comment" in spec:
            username, body = spec["comment"]
            services.add_comment(claim=claim, author=users[username], body=body)
        created += 1
    seed_demo_decisions(users, article)
    seed_demo_flags(users, article)
    return created


def seed_demo_flags(users: dict[str, Any], article: Any) -> int:
    """One open flag for the moderation queue (factcheck/moderation/demo.py), once."""
    from factcheck.moderation.demo import seed_demo_flags as seed

    return seed(users, article)


# Erin's verdict on the claim both reviewers agree on; the 185-assemblies claim (alice:
# True, bob: Half true) stays contested, waiting in the decisions queue.
DEMO_VERDICT = {
    "exact": DEMO_CLAIMS[0]["exact"],
    "rating": "true",
    "public_summary": "True: the US State Department's 2020 Cambodia report cites an NGO's "
    "count of 62 violations of freedom of assembly and association by July.",
    "rationale": "Both reviewers found the figure in section 2.b of the State Department's "
    "2020 Country Report on Cambodia, which the article quotes accurately.",
}


def seed_demo_decisions(users: dict[str, Any], article: Any) -> int:
    """Erin's demo verdict, through decisions.decide_verdict, once."""
    from factcheck.editorial.services import DECIDABLE, decide_verdict

    from .models import Source, Verdict

    claim = Claim.objects.visible().filter(article=article, exact=DEMO_VERDICT["exact"]).first()
    if claim is None or "erin" not in users or claim.status not in DECIDABLE:
        return 0
    if Verdict.objects.filter(claim=claim).exists():
        return 0
    decide_verdict(
        claim=claim,
        editor=users["erin"],
        rating=Rating.objects.of_default_scale().get(slug=DEMO_VERDICT["rating"]),
        public_summary=DEMO_VERDICT["public_summary"],
        rationale=DEMO_VERDICT["rationale"],
        sources=Source.objects.visible().filter(claim=claim, hidden_at__isnull=True),
    )
    # Published too, so the demo has a public fact-check page and a ClaimReview to export.
    from factcheck.exports.services import publish_claim

    claim.refresh_from_db()
    publish_claim(claim=claim, editor=users["erin"])
    return 1
