"""Kept pages are part of the record: the native backup carries their bytes (base64) and
the restore gives back the same bytes, linked to the same article and source."""

import base64
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from factcheck.claims.services import add_source
from factcheck.exports.run import prepare
from factcheck.fetching.models import PageSnapshot
from tests.exports.test_native import wipe
from tests.factories import make_article, make_claim

# Bytes that are not UTF-8: a kept page is kept as it came.
RAW = b"<html><body>\xe1\x9e\x80 caf\xe9 \x00\xff</body></html>"


def keep(raw: bytes, **owner) -> PageSnapshot:
    return PageSnapshot.objects.create(
        url="https://ledger.example/a",
        final_url="https://ledger.example/b",
        status=200,
        content_type="text/html",
        charset="latin-1",
        body=PageSnapshot.compress(raw),
        size=len(raw),
        sha256="a" * 64,
        fetched_at=timezone.now(),
        text="caf\u00e9",
        **owner,
    )


def backup() -> bytes:
    return b"".join(prepare("native").chunks())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_kept_pages_travel_in_the_backup_and_restore_byte_for_byte(alice, erin, tmp_path):
    article = make_article("The report has 35 pages.", created_by=erin)
    claim = make_claim(article, "35 pages", created_by=alice)
    source = add_source(claim=claim, added_by=alice, url="https://ledger.example/a")
    keep(RAW, article=article)
    keep(RAW[::-1], source=source)
    first = backup()
    rows = [json.loads(line) for line in first.decode().splitlines()]
    kept = [row["fields"] for row in rows if row.get("model") == "fetching.pagesnapshot"]
    assert [base64.b64decode(fields["body"]) for fields in kept] == [
        PageSnapshot.compress(RAW),
        PageSnapshot.compress(RAW[::-1]),
    ]
    path = tmp_path / "backup.jsonl"
    path.write_bytes(first)
    wipe()
    assert not PageSnapshot.objects.exists()
    call_command("restore_backup", str(path), stdout=io.StringIO())
    assert backup() == first
    restored = PageSnapshot.objects.order_by("pk")
    assert [page.raw_bytes() for page in restored] == [RAW, RAW[::-1]]
    assert [(page.article_id, page.source_id) for page in restored] == [
        (article.pk, None),
        (None, source.pk),
    ]
