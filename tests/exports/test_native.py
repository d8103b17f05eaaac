"""The native backup holds everything and restores into an empty database: export ->
restore -> export gives identical bytes."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from factcheck.claims.models import Claim, Source
from factcheck.exports import native
from factcheck.exports.run import prepare
from factcheck.fetching.models import FetchJob
from factcheck.history.models import Event
from factcheck.suggestions.models import RevisionAnalysis
from tests.exports.world import SCRIPT, build_world
from tests.factories import make_claim


def backup() -> bytes:
    return b"".join(prepare("native").chunks())


def lines(body: bytes) -> list[dict]:
    return [json.loads(line) for line in body.decode().splitlines()]


def wipe() -> None:
    """Empty every table the backup covers (events too: a raw delete, as only a test may)."""
    with transaction.atomic():
        memberships = (User.groups.through, User.user_permissions.through)
        # fetch jobs and kept analyses are not in the backup (LEFT_OUT) but point at
        # sources, pages and revisions
        left_out = (FetchJob, RevisionAnalysis)
        for model in reversed((User, *native.MODELS, *memberships, *left_out)):
            model._base_manager.all()._raw_delete(connection.alias)


@pytest.mark.django_db
def test_backup_holds_everything_hidden_and_deleted_included(alice, bob, erin):
    world = build_world(alice, bob, erin)
    rows = lines(backup())
    assert rows[0] == {"format": "factcheck-native", "version": 1,
                       "organisation": {"name": "Demo Fact-Check Desk",
                                        "url": "https://factcheck.example"}}  # fmt: skip
    assert rows[-1]["end"] is True
    by_model: dict[str, list] = {}
    for row in rows[1:-1]:
        by_model.setdefault(row["model"], []).append(row)
    claims = {row["pk"]: row["fields"] for row in by_model["claims.claim"]}
    assert claims[world.claims["deleted"].pk]["deleted_at"] is not None
    sources = {row["pk"]: row["fields"] for row in by_model["claims.source"]}
    assert sources[world.hidden_source.pk]["hidden_reason"] == "spam link"
    assert len(by_model["claims.verdict"]) == 5  # the corrected one too
    assert len(by_model["history.event"]) == Event.objects.count()
    users = {row["fields"]["username"]: row["fields"] for row in by_model["auth.user"]}
    assert users["erin"]["groups"] == ["editor"]
    assert "password" not in users["erin"]
    assert rows[-1]["counts"]["claims.claim"] == 5


def test_every_project_model_is_in_the_backup():
    """A new model must be added to native.MODELS (or this list, saying why)."""
    covered = {model._meta.label_lower for model in native.MODELS}
    project = {
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("factcheck.")
        or (model._meta.auto_created and model._meta.app_label in {"claims", "articles"})
    }
    assert project - covered - set(LEFT_OUT) == set()


# Models the backup leaves out on purpose.
LEFT_OUT = {
    # Credentials do not travel, as users come back without passwords: after a restore
    # people create new tokens (the history keeps the old ones' creation and revocation).
    "api.apitoken": "API tokens",
    # A fetch's task state (queued, running, failed with its reason) is the work of the
    # moment; what a fetch kept (fetching.pagesnapshot) is in the backup.
    "fetching.fetchjob": "fetch jobs",
    # Derived from the revision's text by the rules; recomputed when missing, so a restored
    # revision gets its suggestions back (suggestions.stored.analysis_for). The decisions
    # people made on them (suggestions.suggestiondecision) are in the backup.
    "suggestions.revisionanalysis": "suggestions and findings computed per revision",
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_export_restore_export_gives_identical_bytes(alice, bob, erin, tmp_path):
    build_world(alice, bob, erin)
    first = backup()
    path = tmp_path / "backup.jsonl"
    path.write_bytes(first)
    wipe()
    out = io.StringIO()
    call_command("restore_backup", str(path), stdout=out)
    assert "no usable password" in out.getvalue()
    assert backup() == first
    assert not User.objects.get(username="erin").has_usable_password()
    assert User.objects.get(username="erin").groups.filter(name="editor").exists()
    # new rows get fresh ids after the restored ones (PostgreSQL: sequences were reset)
    claim = Claim.objects.order_by("pk").first()
    source = Source.objects.create(claim=claim, url="https://x.example/", added_by=claim.created_by)
    assert source.pk > max(Source.objects.exclude(pk=source.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_restore_refuses_a_database_with_data(alice, bob, erin, tmp_path):
    build_world(alice, bob, erin)
    path = tmp_path / "backup.jsonl"
    path.write_bytes(backup())
    claims = Claim.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_backup", str(path), stdout=io.StringIO())
    assert Claim.objects.count() == claims


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_truncated_backup_restores_nothing(alice, bob, erin, tmp_path):
    build_world(alice, bob, erin)
    body = backup().splitlines(keepends=True)
    path = tmp_path / "backup.jsonl"
    path.write_bytes(b"".join(body[:-3]))  # the end line and two rows lost
    wipe()
    with pytest.raises(CommandError, match="truncated"):
        call_command("restore_backup", str(path), stdout=io.StringIO())
    assert not Claim.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_restore_refuses_something_else():
    with pytest.raises(native.RestoreError, match="not a factcheck native backup"):
        native.restore([b'{"hello": 1}\n'])


@pytest.mark.django_db
def test_script_and_khmer_survive_as_data(alice, bob, erin):
    build_world(alice, bob, erin)
    text = backup().decode()
    assert SCRIPT.replace('"', '\\"') in text and "៦២ ករណី" in text


def test_a_backup_with_several_revisions_and_every_outcome_round_trips(
    markup_from_before_the_rule, alice, bob, erin, tmp_path
):
    """Claims moved, changed and orphaned across revisions come back as they were, with their
    anchors and the revisions their verdicts were given on."""
    from factcheck.claims.revisions import revise_article
    from tests.exports.world import ENGLISH

    world = build_world(alice, bob, erin)
    english = world.articles[0]
    extra = make_claim(english, "Critics disagreed.", created_by=alice)
    revised = "Breaking: an update.\n" + ENGLISH.replace("62 cases", "63 cases").replace(
        "Critics disagreed.\n", ""
    )
    revise_article(article=english, content=revised, note="Correction", editor=erin)
    anchors = set(Claim.objects.values_list("anchor", flat=True))
    assert {"changed", "moved", "orphaned"} <= anchors
    # a third revision inserts above everything: the changed claim moves on
    revise_article(article=english, content="Updated.\n" + revised, note="Update", editor=erin)
    assert Claim.objects.get(pk=extra.pk).anchor == "orphaned"
    first = backup()
    path = tmp_path / "backup.jsonl"
    path.write_bytes(first)
    wipe()
    call_command("restore_backup", str(path), stdout=io.StringIO())
    assert backup() == first
    assert Claim.objects.get(pk=extra.pk).anchor == "orphaned"
