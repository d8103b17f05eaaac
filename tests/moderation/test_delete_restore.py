"""Soft delete and restore: an editor deletes any claim (never a hard delete from the
UI), finds it under "Deleted claims" on the moderation page, and restores it."""

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim, Review
from factcheck.history.models import Event

from .conftest import HX

pytestmark = pytest.mark.django_db


def test_an_editor_deletes_anyones_claim_softly_and_restores_it(
    alice_client, erin_client, erin, article, things
):
    claim = things["claim"]
    assert erin_client.post(reverse("claims:delete", args=[claim.pk])).status_code == 302
    stored = Claim.objects.get(pk=claim.pk)  # the row stays
    assert stored.deleted_at is not None and stored.deleted_by == erin
    assert Review.objects.filter(claim=claim).count() == 2
    assert f'id="claim-row-{claim.pk}"' not in alice_client.get(article.get_absolute_url()).text
    assert alice_client.get(reverse("claims:detail", args=[claim.pk])).status_code == 404

    deleted = erin_client.get(reverse("moderation:queue") + "?show=deleted").text
    assert f'id="deleted-claim-{claim.pk}"' in deleted and "deleted by erin" in deleted
    last = Event.objects.latest("pk").pk
    from_queue = {**HX, "HX-Target": "moderation-queue"}
    response = erin_client.post(
        reverse("moderation:restore", args=[claim.pk]), {"show": "deleted"}, headers=from_queue
    )
    assert response.status_code == 200 and "No deleted claims." in response.text
    [event] = Event.objects.filter(pk__gt=last)
    assert event.action == "claim.restored" and event.before["deleted_by"] == "erin"
    restored = Claim.objects.get(pk=claim.pk)
    assert restored.deleted_at is None and restored.deleted_by is None
    assert restored.version == stored.version + 1  # forms read before the delete are stale
    assert f'id="claim-row-{claim.pk}"' in alice_client.get(article.get_absolute_url()).text
    assert "ALICE-RATIONALE" in alice_client.get(reverse("claims:detail", args=[claim.pk])).text


def test_restore_without_javascript_goes_back_where_it_came_from(erin_client, erin, things):
    claim = things["claim"]
    erin_client.post(reverse("claims:delete", args=[claim.pk]))
    back = reverse("moderation:queue") + "?show=deleted"
    response = erin_client.post(reverse("moderation:restore", args=[claim.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    foreign = erin_client.post(reverse("claims:delete", args=[claim.pk]))
    assert foreign.status_code == 302
    response = erin_client.post(
        reverse("moderation:restore", args=[claim.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == claim.get_absolute_url()


def test_a_live_claim_cannot_be_restored(erin_client, things):
    events = Event.objects.count()
    response = erin_client.post(reverse("moderation:restore", args=[things["claim"].pk]))
    assert response.status_code == 404 and Event.objects.count() == events


def test_the_panel_gives_editors_delete_and_lock_and_creators_delete_only(
    alice_client, bob_client, erin_client, things
):
    claim = things["claim"]
    url = reverse("claims:detail", args=[claim.pk])
    delete, lock = (
        reverse("claims:delete", args=[claim.pk]),
        reverse("moderation:lock", args=[claim.pk]),
    )
    erins = erin_client.get(url).text
    assert delete in erins and lock in erins
    alices = alice_client.get(url).text  # she marked it
    assert delete in alices and lock not in alices
    bobs = bob_client.get(url).text
    assert delete not in bobs and lock not in bobs
