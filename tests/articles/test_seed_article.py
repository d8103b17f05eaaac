import pytest
from django.core.management import call_command

from factcheck.articles.models import Article
from factcheck.core.demo import SEEDS_DIR, load_demo
from factcheck.history.models import Event

pytestmark = pytest.mark.django_db

SEED_TEXT_PATH = SEEDS_DIR / "articles" / "cambodia-2020-human-rights-report.txt"
CAPTION = (
    "Family members of former officials of the deposed CNRP political opposition gather in "
    "front of the US embassy seeking help to release their relatives, "
    "October 2020.CamboJA/Panha Chhorpoan"
)


@pytest.fixture
def seed_article(db):
    load_demo()
    return Article.objects.get(slug="cambodia-2020-human-rights-report")


def test_seed_sentences_reproduce_the_text_exactly(seed_article):
    revision = seed_article.current_revision
    text = revision.text
    assert text == SEED_TEXT_PATH.read_text(encoding="utf-8").replace("\r\n", "\n")
    sentences = list(revision.spans.filter(kind="sentence").order_by("index"))
    assert len(sentences) > 30
    for sentence in sentences:
        piece = text[sentence.start : sentence.end]
        assert piece and piece == piece.strip()
    assert any(text[s.start : s.end].startswith("According to an unnamed NGO") for s in sentences)
    # Nothing is lost: the sentences cover every non-space character of the article.
    covered = "".join(text[s.start : s.end] for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())


def test_duplicated_photo_caption_stays_two_paragraphs(seed_article):
    revision = seed_article.current_revision
    paragraphs = [
        revision.text[p.start : p.end]
        for p in revision.spans.filter(kind="paragraph").order_by("index")
    ]
    assert paragraphs.count(CAPTION) == 2
    first = paragraphs.index(CAPTION)
    assert paragraphs[first + 1] == CAPTION


def test_load_demo_is_idempotent(db):
    first = load_demo()
    counts = (Article.objects.count(), Event.objects.count())
    second = load_demo()
    assert first["articles"] == 1 and first["users"] == 4
    assert second == {"users": 0, "articles": 0}
    assert (Article.objects.count(), Event.objects.count()) == counts


def test_load_demo_command_prints_logins(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for name in ("alice", "bob", "erin", "admin"):
        assert name in out
    assert "alice-demo-2026" in out
    assert "4 new users, 1 new article." in out
