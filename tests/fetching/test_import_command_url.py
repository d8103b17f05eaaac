"""`manage.py import_article --url URL` fetches in the foreground and imports like a file
import, printing the new article's id and URL; `--revise ID --url URL` stores the page's
text as the next revision. A refused page prints its reason, stores nothing and exits
non-zero."""

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from factcheck.articles.models import Article, Revision
from factcheck.fetching.models import PageSnapshot
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_article", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_by_url_prints_the_id_and_url_and_keeps_the_page(erin, fetch_from_local_site):
    url = fetch_from_local_site.url("/articles/km.html")
    printed = run("--url", url, "--as", "erin")
    article = Article.objects.get()
    assert printed == f"Imported article {article.pk}: /articles/{article.pk}/ ({article.title})\n"
    assert article.language == "km" and article.source_url == url
    assert article.created_by == erin
    assert PageSnapshot.objects.get().article == article


def test_metadata_options_win_over_the_page(fetch_from_local_site):
    run("--url", fetch_from_local_site.url("/articles/en.html"), "--title", "Floods")
    assert Article.objects.get().title == "Floods"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "answered HTTP 404"),
        ("/image.png", "only HTML, XHTML and plain text"),
        ("/redirect/private", "10.0.0.1"),
    ],
)
def test_a_refused_page_says_why_and_stores_nothing(fetch_from_local_site, path, reason):
    url = fetch_from_local_site.url(path)
    with pytest.raises(CommandError, match=reason) as refused:
        run("--url", url)
    assert str(refused.value).startswith(f"{url}: ") and "Nothing was stored." in str(refused.value)
    assert not Article.objects.exists() and not PageSnapshot.objects.exists()


def test_revise_by_url_stores_the_next_revision(alice, erin, fetch_from_local_site, site_pages):
    site_pages["/pages/story.txt"] = (b"The ministry counted 63 cases.\n", "text/plain")
    article = make_article("The ministry counted 62 cases.", created_by=erin)
    make_claim(article, "62 cases", created_by=alice)
    url = fetch_from_local_site.url("/pages/story.txt")
    printed = run("--revise", str(article.pk), "--url", url)
    assert printed.startswith(f"Article {article.pk} is now at revision 2. Claims: 0 exact")
    assert "1 changed" in printed
    assert (
        Revision.objects.get(article=article, number=2).text == "The ministry counted 63 cases.\n"
    )
    assert PageSnapshot.objects.get().article == article
    with pytest.raises(CommandError, match="Nothing changed"):
        run("--revise", str(article.pk), "--url", url)
    assert PageSnapshot.objects.count() == 1


def test_nothing_to_import_is_refused():
    with pytest.raises(CommandError, match="--url URL"):
        run()


def test_the_command_exits_non_zero_on_a_refusal(tmp_path):
    """As a shell sees it: a non-local address is refused before any connection is made."""
    result = subprocess.run(
        [sys.executable, "manage.py", "import_article", "--url", "http://10.0.0.1/news"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "SQLITE_PATH": str(tmp_path / "x.db")},
        check=False,
    )
    assert result.returncode != 0
    assert "10.0.0.1" in result.stderr and "Nothing was stored." in result.stderr
