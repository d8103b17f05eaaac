import hashlib

import pytest

from factcheck.articles.models import Article, Revision, Span
from factcheck.articles.services import ImportRejected, import_article
from factcheck.history.models import Event
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def stored_counts() -> tuple[int, int, int, int]:
    return (
        Article.objects.count(),
        Revision.objects.count(),
        Span.objects.count(),
        Event.objects.count(),
    )


def test_import_stores_revision_spans_and_one_event(erin):
    article = make_article(
        "Hello world. Second one.\n\nNext paragraph here.",
        created_by=erin,
        publisher="CamboJA",
        source_url="https://example.org/a",
    )
    revision = article.current_revision
    assert revision.number == 1
    assert revision.sha256 == hashlib.sha256(revision.text.encode()).hexdigest()
    paragraphs = list(revision.spans.filter(kind="paragraph").order_by("index"))
    sentences = list(revision.spans.filter(kind="sentence").order_by("index"))
    assert [revision.text[p.start : p.end] for p in paragraphs] == [
        "Hello world. Second one.",
        "Next paragraph here.",
    ]
    assert [revision.text[s.start : s.end] for s in sentences] == [
        "Hello world.",
        "Second one.",
        "Next paragraph here.",
    ]
    assert [s.paragraph_id for s in sentences] == [
        paragraphs[0].pk,
        paragraphs[0].pk,
        paragraphs[1].pk,
    ]
    event = Event.objects.get()
    assert (event.action, event.actor, event.actor_name, event.article) == (
        "article.imported",
        erin,
        "erin",
        article,
    )
    assert event.after["sha256"] == revision.sha256
    assert event.after["publisher"] == "CamboJA"


def test_import_normalises_crlf_nfc_and_controls(erin):
    article = make_article("Cafe\u0301 one.\r\nLine\x00 two.\rThree\x07.", created_by=erin)
    assert article.current_revision.text == "Café one.\nLine two.\nThree."


def test_offsets_are_code_points_after_emoji_zwj_and_khmer(erin):
    text = "Family 👨‍👩‍👧 and flag 🇰🇭 here. ខ្ញុំទៅផ្សារ។ The 62 cases were counted."
    article = make_article(text, created_by=erin, language="km")
    revision = article.current_revision
    sentences = [
        revision.text[s.start : s.end]
        for s in revision.spans.filter(kind="sentence").order_by("index")
    ]
    assert sentences[-1] == "The 62 cases were counted."
    last = revision.spans.filter(kind="sentence").order_by("-index").first()
    assert last.start == text.index("The 62")  # a Python str index: code points


def test_duplicated_lines_stay_two_paragraphs(erin):
    caption = "Family members gather in front of the embassy, October 2020."
    article = make_article(f"Title\n\n{caption}\n{caption}\n\nBody text.", created_by=erin)
    revision = article.current_revision
    paragraphs = [
        revision.text[p.start : p.end]
        for p in revision.spans.filter(kind="paragraph").order_by("index")
    ]
    assert paragraphs == ["Title", caption, caption, "Body text."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\n\t \r\n", "empty"),
        (b"caf\xe9 au lait", "byte 3"),
        (b"\xff\xfe\x00", "not valid"),
    ],
)
def test_bad_content_is_refused_and_stores_nothing(erin, content, message):
    before = stored_counts()
    with pytest.raises(ImportRejected, match=message):
        import_article(content=content, title="Bad", created_by=erin)
    assert stored_counts() == before


def test_oversized_content_is_refused(erin, settings):
    settings.FACTCHECK_MAX_IMPORT_BYTES = 1000
    with pytest.raises(ImportRejected, match="too large: 1,001 bytes"):
        import_article(content=b"a" * 1001, title="Big", created_by=erin)
    assert stored_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ({"title": "  "}, "title is required"),
        ({"title": "T", "source_url": "javascript:alert(1)"}, "http or https"),
        ({"title": "T", "language": "english please"}, "BCP 47"),
    ],
)
def test_bad_metadata_is_refused(erin, metadata, message):
    with pytest.raises(ImportRejected, match=message):
        import_article(content="Some text.", created_by=erin, **metadata)
    assert stored_counts() == (0, 0, 0, 0)


def test_failure_after_writes_rolls_back_everything(erin, monkeypatch):
    """An import killed half-way (here: the history write fails) leaves nothing behind."""
    from factcheck.articles import services

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record", explode)
    with pytest.raises(RuntimeError):
        make_article("One. Two.", created_by=erin)
    assert stored_counts() == (0, 0, 0, 0)


def test_slugs_are_unique(erin):
    first = make_article(title="Same title", created_by=erin)
    second = make_article(title="Same title", created_by=erin)
    khmer = make_article(title="របាយការណ៍", created_by=erin)
    assert (first.slug, second.slug) == ("same-title", "same-title-2")
    assert khmer.slug


def test_span_constraints_are_enforced_by_the_database(erin):
    from django.db import IntegrityError, transaction

    article = make_article(created_by=erin)
    paragraph = article.current_revision.spans.filter(kind="paragraph").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.create(
            revision=article.current_revision, kind="paragraph", index=99, start=5, end=5
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.create(
            revision=article.current_revision,
            kind="paragraph",
            index=paragraph.index,
            start=0,
            end=1,
        )
