import io
import json

import pytest
from django.core.management import CommandError, call_command

from factcheck.articles.models import Article, Revision, Span
from factcheck.history.models import Event

pytestmark = pytest.mark.django_db


def nothing_stored() -> bool:
    return not (
        Article.objects.exists()
        or Revision.objects.exists()
        or Span.objects.exists()
        or Event.objects.exists()
    )


def run(*args, stdin: bytes | None = None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        fake = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        monkeypatch.setattr("sys.stdin", fake)
    call_command("import_article", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_a_text_file_and_prints_id_and_url(tmp_path, erin):
    path = tmp_path / "story.txt"
    path.write_text("The report has 35 pages. It lists 62 cases.\n", encoding="utf-8")
    out, _ = run(
        str(path),
        "--title",
        "Report story",
        "--url",
        "https://example.org/story",
        "--publisher",
        "CamboJA",
        "--published",
        "2021-04-01",
        "--language",
        "en",
        "--as",
        "erin",
    )
    article = Article.objects.get()
    assert f"Imported article {article.pk}: /articles/{article.pk}/" in out
    assert (article.title, article.publisher, str(article.published_on), article.created_by) == (
        "Report story",
        "CamboJA",
        "2021-04-01",
        erin,
    )
    assert article.current_revision.spans.filter(kind="sentence").count() == 2


def test_imports_a_json_document_with_metadata(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(
        json.dumps(
            {
                "title": "របាយការណ៍",
                "text": "ខ្ញុំទៅផ្សារ។ គាត់ទៅសាលា។",
                "language": "km",
                "publisher": "CamboJA",
                "published": "2021-03-31",
            }
        ),
        encoding="utf-8",
    )
    run(str(path))
    article = Article.objects.get()
    assert (article.title, article.language, str(article.published_on)) == (
        "របាយការណ៍",
        "km",
        "2021-03-31",
    )
    assert article.current_revision.spans.filter(kind="sentence").count() == 2


def test_reads_standard_input(monkeypatch):
    out, _ = run("-", "--title", "From stdin", stdin=b"One. Two.", monkeypatch=monkeypatch)
    assert Article.objects.get().title == "From stdin"
    assert "Imported article" in out


def test_several_files_each_in_its_own_transaction(tmp_path):
    good = tmp_path / "good-story.md"
    good.write_text("Fine text.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"broken \xff bytes")
    with pytest.raises(CommandError, match="1 of 2 files were not imported"):
        run(str(good), str(bad))
    assert list(Article.objects.values_list("title", flat=True)) == ["good story"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"abc\xffdef", "byte 3"), (b"\n \n", "empty")],
)
def test_bad_files_give_clear_errors_and_store_nothing(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        _, err = run(str(path), "--title", "Bad")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), "--title", "Bad", stderr=err)
    assert message in err.getvalue()
    assert nothing_stored()


def test_oversized_file_is_refused(tmp_path, settings):
    settings.FACTCHECK_MAX_IMPORT_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), "--title", "Big", stderr=err)
    assert "too large: 500 bytes" in err.getvalue()
    assert nothing_stored()


def test_wrong_file_type_and_missing_title_are_refused(tmp_path):
    pdf = tmp_path / "story.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    txt = tmp_path / "story.txt"
    txt.write_text("Text.", encoding="utf-8")
    for args, message in (
        ([str(pdf), "--title", "T"], "Wrong file type"),
        ([str(txt)], "title is required"),
    ):
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_article", *args, stderr=err)
        assert message in err.getvalue()
    assert nothing_stored()


def test_invalid_json_document_is_refused(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{"title": "x", "text": 5}', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(path), stderr=err)
    assert '"text" string' in err.getvalue()
    assert nothing_stored()
