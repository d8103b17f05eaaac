"""A small newsroom's worth of checked claims, built through the real services (import,
claims, reviews, sources, decisions, moderation, publishing), with the texts that break
naive exporters: emoji, Khmer, Arabic, `</script>`, formula starters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from factcheck.claims import services
from factcheck.claims.models import Claim, Rating
from factcheck.editorial.services import correct_verdict, decide_verdict
from factcheck.exports.services import publish_claim
from factcheck.moderation.services import hide_item
from tests.factories import (
    make_article,
    make_claim,
    make_review,
    stored_before_the_markup_rule,
)

SCRIPT = '</script><script>alert("x")</script>'
ENGLISH = (
    "The ministry said 62 cases were recorded in 2020 😀 👨‍👩‍👧.\n"
    f"A spokesman wrote {SCRIPT} on the site. Critics disagreed.\n"
    "=SUM(A1:A9) was the formula the report used for 185 assemblies."
)
KHMER = "ក្រសួងបាននិយាយថា មាន ៦២ ករណី។ អ្នករិះគន់មិនយល់ស្រប។"


def rating(slug: str) -> Rating:
    return Rating.objects.of_default_scale().get(slug=slug)


@dataclass
class World:
    users: dict[str, Any]
    articles: list[Any] = field(default_factory=list)
    claims: dict[str, Claim] = field(default_factory=dict)
    hidden_source: Any = None
    hidden_review: Any = None


def decide(claim: Claim, editor: Any, slug: str, *, summary: str, rationale: str,
           sources: tuple[Any, ...] = ()) -> Claim:  # fmt: skip
    decide_verdict(claim=Claim.objects.get(pk=claim.pk), editor=editor, rating=rating(slug),
                   public_summary=summary, rationale=rationale, sources=sources)  # fmt: skip
    return Claim.objects.get(pk=claim.pk)


def build_world(alice: Any, bob: Any, erin: Any) -> World:
    # The texts hold markup, which the services refuse now: these rows stand for ones
    # stored before that rule or restored from such a backup, which exports must still
    # carry safely.
    with stored_before_the_markup_rule():
        return _build_world(alice, bob, erin)


def _build_world(alice: Any, bob: Any, erin: Any) -> World:
    world = World(users={"alice": alice, "bob": bob, "erin": erin})
    english = make_article(
        ENGLISH, title=f"Ministry counts 62 cases {SCRIPT}", created_by=erin,
        source_url="https://news.example/2021/ministry", publisher="CamboJA News",
        author="Staff 😀", published_on=dt.date(2021, 4, 1),
    )  # fmt: skip
    khmer = make_article(KHMER, title="៦២ ករណី", created_by=erin, language="km",
                         source_url="https://km.news.example/62")  # fmt: skip
    world.articles = [english, khmer]

    # 1. verified and published, with a hidden source, a hidden review, and a correction
    cases = make_claim(english, "62 cases were recorded in 2020 😀", created_by=alice,
                       summary="The ministry recorded 62 cases in 2020 😀",
                       claimant="The ministry", claimed_on=dt.date(2021, 3, 30),
                       tags=["statistics", "emoji"])  # fmt: skip
    make_review(cases, alice, "true", rationale="Matches the report 👍")
    review = make_review(cases, bob, "true", rationale=f"bob's rationale {SCRIPT}")
    counted = services.add_source(
        claim=cases, added_by=alice, url="https://www.state.gov/report#62",
        title=f"Report {SCRIPT}", publisher="US State Department", stance="supports",
        excerpt="=62 cases 😀", accessed_on=dt.date(2021, 4, 2),
    )  # fmt: skip
    context = services.add_source(claim=cases, added_by=bob, url="https://ngo.example/data",
                                  title="NGO data", stance="context")  # fmt: skip
    hidden = services.add_source(claim=cases, added_by=bob, url="https://spam.example/",
                                 title="SPAM SOURCE")  # fmt: skip
    world.claims["cases"] = decide(
        cases, erin, "mostly-true", summary=f"Roughly right {SCRIPT} 😀",
        rationale="The report says 62.\nKhmer: ៦២ ករណី។", sources=(counted, hidden),
    )  # fmt: skip
    correct_verdict(
        claim=Claim.objects.get(pk=cases.pk), editor=erin, rating=rating("true"),
        public_summary="Right: 62 cases 👍", rationale=f"Checked again {SCRIPT}",
        sources=(counted, context), note="The NGO data confirms the count.",
    )  # fmt: skip
    hide_item(item=hidden, editor=erin, reason="spam link")
    hide_item(item=review, editor=erin, reason="off-topic")
    world.hidden_source, world.hidden_review = hidden, review
    world.claims["cases"] = publish_claim(claim=Claim.objects.get(pk=cases.pk), editor=erin)

    # 2. verified, not published, Khmer
    khmer_claim = make_claim(khmer, "មាន ៦២ ករណី", created_by=bob, summary="មាន ៦២ ករណី",
                             claimant="ក្រសួង", tags=["khmer"])  # fmt: skip
    make_review(khmer_claim, bob, "false", rationale="មិនពិត")
    world.claims["khmer"] = decide(khmer_claim, erin, "false", summary="មិនពិតទេ",
                                   rationale="ឯកសារ​និយាយ ៦០។")  # fmt: skip

    # 3. verified with an unmappable rating (no FEVER label), formula-looking summary
    formula = make_claim(english, "=SUM(A1:A9)", created_by=alice, summary="=SUM(A1:A9) total",
                         tags=["statistics"])  # fmt: skip
    make_review(formula, alice, "half-true")
    world.claims["formula"] = decide(formula, erin, "half-true", summary="+1 half right",
                                     rationale="-partly")  # fmt: skip

    # 4. in review only; 5. verified then deleted
    world.claims["open"] = make_claim(english, "Critics disagreed", created_by=bob)
    make_review(world.claims["open"], bob, "false")
    gone = make_claim(english, "185 assemblies", created_by=alice, summary="DELETED CLAIM")
    make_review(gone, alice, "true")
    decide(gone, erin, "true", summary="DELETED VERDICT", rationale="gone")
    services.delete_claim(claim=Claim.objects.get(pk=gone.pk), deleted_by=erin)
    world.claims["deleted"] = Claim.objects.get(pk=gone.pk)
    services.add_comment(claim=world.claims["open"], author=alice, body=f"comment {SCRIPT}")
    # 6. assignments: a claim to alice (due, high priority), the Khmer article to bob
    from factcheck.assignments.services import assign_article, assign_claim

    assign_claim(claim=world.claims["open"], assignee=alice, assigned_by=erin,
                 due_on=dt.date(2021, 5, 1), priority=1)  # fmt: skip
    assign_article(article=khmer, assignee=bob, assigned_by=erin)
    # 7. bob dismissed the suggestion "៦២ ករណី" on the Khmer article
    from factcheck.suggestions.services import dismiss_suggestion

    first_sentence = KHMER.index("។") + 1
    dismiss_suggestion(revision=khmer.current_revision, user=bob, start=0, end=first_sentence)
    return world
