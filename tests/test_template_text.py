"""No page prints template syntax: Django's {# #} comments are single-line only, and a
multi-line one is printed as text (it once headed every public fact-check page)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from factcheck.editorial import services as decisions
from factcheck.exports.services import publish_claim
from tests.factories import make_article, make_claim, make_review, rating

pytestmark = pytest.mark.django_db

TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")


def test_no_template_opens_a_comment_it_does_not_close_on_the_same_line():
    templates = Path(settings.BASE_DIR) / "templates"
    multiline = [
        f"{path.relative_to(templates)}:{number}"
        for path in sorted(templates.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert multiline == []


def test_no_page_prints_template_syntax(erin, alice, erin_client, alice_client):
    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice, summary="62 cases in 2020")
    make_review(claim, alice, "true", rationale="Matches.")
    decisions.decide_verdict(
        claim=claim, editor=erin, rating=rating("true"), public_summary="Right.", rationale="Ok."
    )
    publish_claim(claim=claim, editor=erin)
    pages = [
        (erin_client, reverse("home")),
        (erin_client, reverse("articles:list")),
        (erin_client, article.get_absolute_url()),
        (erin_client, reverse("claims:detail", args=[claim.pk])),
        (erin_client, reverse("history:claim-timeline", args=[claim.pk])),
        (erin_client, reverse("history:article-activity", args=[article.pk])),
        (alice_client, reverse("history:my-work")),
        (erin_client, reverse("decisions:queue")),
        (erin_client, reverse("moderation:queue")),
        (erin_client, reverse("exports:page")),
        (erin_client, reverse("dashboard:index")),
        (erin_client, reverse("people")),
        (erin_client, reverse("claims:new-revision", args=[article.pk])),
        (Client(), reverse("login")),
        (Client(), reverse("public:fact-check", args=[claim.pk])),
    ]
    pages += [
        # the export page with its count of what is left out, and the manifest shown there
        (erin_client, reverse("exports:page") + "?format=claimreview&status=verified"),
        (erin_client, reverse("exports:manifest") + "?format=w3c&status=verified&view=html"),
        # a claim's W3C annotation as a page, for anyone once published (as a browser asks)
        (Client(), reverse("public:annotation", args=[claim.pk])),
        (erin_client, reverse("public:annotation", args=[claim.pk])),
    ]
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for client, url in pages:
        response = client.get(url, follow=True, headers=browser)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        found = [mark for mark in TEMPLATE_SYNTAX if mark in response.text]
        assert not found, (url, found, re.findall(r".{40}\{[#%{].{40}", response.text)[:3])


def test_every_role_reaches_its_work_from_the_menu(alice_client):
    page = alice_client.get(reverse("articles:list")).text
    assert f'<a href="{reverse("history:my-work")}">My work</a>' in page
