"""The standalone claim page (claims:detail without htmx)."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


def test_the_claim_page_has_one_level_one_heading_naming_the_claim(alice, alice_client):
    article = make_article("The ministry said 62 cases were recorded.", created_by=alice)
    claim = make_claim(article, "62 cases", created_by=alice)
    page = alice_client.get(reverse("claims:detail", args=[claim.pk])).text
    assert page.count("<h1") == 1
    assert '<h1 class="visually-hidden">Claim “<span dir="auto">62 cases</span>”</h1>' in page
