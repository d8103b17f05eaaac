"""python manage.py import_article FILE|- [FILE ...] --title ... [--url --publisher
--author --published --language --as USER]
python manage.py import_article --url URL [--title ... --language ... --as USER]
python manage.py import_article --revise ARTICLE_ID FILE|- [--note "..."] [--as USER]
python manage.py import_article --revise ARTICLE_ID --url URL [--note "..."] [--as USER]

Each file is imported in its own transaction: an article is stored whole or not at all.
.txt and .md files carry text only (the title comes from --title, or the file name when
several files are given); .json files carry text and metadata.

With --revise, the one FILE is the article's corrected text (a .json document's "text"):
it becomes the next revision and every claim follows its words onto it, all or nothing
(claims/revisions.py). The counts per outcome are printed. In the claims app because a
revision re-anchors claims; the plain import touches articles alone.

With --url and no FILE, the page is fetched in the foreground (factcheck/fetching: the same
safe fetch and extraction as the import page) and its text imported, or with --revise
stored as the next revision; the fetched page is kept with the article. Metadata options
given win over the page's. A refused fetch (bad address, 404, too large, ...) prints the
reason, stores nothing and exits non-zero. With FILEs, --url is only the original URL.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from factcheck.articles.models import Article
from factcheck.articles.services import (
    ImportRejected,
    import_article,
    import_json_document,
    max_import_bytes,
    parse_published,
    read_json_document,
    too_large,
)
from factcheck.claims.revisions import revise_article
from factcheck.fetching import services as fetching
from factcheck.fetching.client import FetchRefused

TEXT_SUFFIXES = {".txt", ".md"}


class Command(BaseCommand):
    help = "Import articles from .txt, .md or .json files (or - for standard input)."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="files to import; - reads standard input; none with --url"
        )
        parser.add_argument("--title", default="", help="title (required for text input)")
        parser.add_argument(
            "--url",
            default="",
            help="without FILE: fetch the article from this URL; with FILEs: its original URL",
        )
        parser.add_argument("--publisher", default="")
        parser.add_argument("--author", default="")
        parser.add_argument("--published", default="", help="publication date, YYYY-MM-DD")
        parser.add_argument("--language", default="", help="BCP 47 tag (default en)")
        parser.add_argument(
            "--as", dest="username", default="", help="record the import as this user"
        )
        parser.add_argument(
            "--revise",
            type=int,
            metavar="ARTICLE_ID",
            help="store FILE as the next revision of this article (claims follow the text)",
        )
        parser.add_argument("--note", default="", help="with --revise: what changed and why")

    def handle(self, *args, **options):
        user = self.importing_user(options["username"])
        try:
            published = parse_published(options["published"])
        except ImportRejected as error:
            raise CommandError(str(error)) from error
        if not options["files"] and options["url"]:
            return self.from_url(options, user=user, published=published)
        if not options["files"]:
            raise CommandError("Give FILEs to import (or - for standard input), or --url URL.")
        if options["revise"] is not None:
            return self.revise(options, user=user)
        files = options["files"]
        several = len(files) > 1
        failures = 0
        # The bar goes to stderr and only when it is a terminal, so piped output stays clean.
        progress = tqdm(files, unit="file", disable=not several or None, file=sys.stderr)
        for name in progress:
            progress.set_postfix_str(Path(name).name, refresh=False)
            try:
                article = self.import_one(
                    name, options, user=user, published=published, several=several
                )
            except (ImportRejected, OSError) as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"{name}: {error}"))
                continue
            url = reverse("claims:read-article", args=[article.pk])
            progress.write(
                f"Imported article {article.pk}: {url} ({article.title})", file=self.stdout
            )
        if failures:
            raise CommandError(
                f"{failures} of {len(files)} files were not imported; nothing was stored for them."
            )

    def revise(self, options: dict, *, user) -> None:
        files = options["files"]
        if len(files) != 1:
            raise CommandError("--revise takes exactly one FILE (or - for standard input).")
        name = files[0]
        article = self.article_to_revise(options["revise"])
        try:
            data = self.read(name)
            if name.lower().endswith(".json"):
                content: bytes | str = read_json_document(data)["text"]
            elif name != "-" and Path(name).suffix.lower() not in TEXT_SUFFIXES:
                raise ImportRejected("Wrong file type: give a .txt, .md or .json file.")
            else:
                content = data
            result = revise_article(
                article=article, content=content, note=options["note"], editor=user
            )
        except (ImportRejected, OSError) as error:
            raise CommandError(f"{name}: {error} Nothing was stored.") from error
        self.report_revision(article, result)

    def from_url(self, options: dict, *, user, published) -> None:
        url = options["url"]
        try:
            fetched, extracted = fetching.fetch_article(url)
            if options["revise"] is not None:
                article = self.article_to_revise(options["revise"])
                result = fetching.revise_from_page(
                    article=article,
                    fetched=fetched,
                    extracted=extracted,
                    note=options["note"] or f"Updated from {fetched.final_url}",
                    editor=user,
                )
                return self.report_revision(article, result)
            article = fetching.import_page(
                fetched=fetched,
                extracted=extracted,
                created_by=user,
                title=options["title"],
                publisher=options["publisher"],
                author=options["author"],
                published_on=published,
                language=options["language"],
            )
        except (FetchRefused, ImportRejected) as error:
            raise CommandError(f"{url}: {error} Nothing was stored.") from error
        address = reverse("claims:read-article", args=[article.pk])
        self.stdout.write(f"Imported article {article.pk}: {address} ({article.title})")

    def article_to_revise(self, article_id: int) -> Article:
        article = Article.objects.select_related("current_revision").filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"No article {article_id}.")
        return article

    def report_revision(self, article: Article, result) -> None:
        counts = result.plan.counts
        self.stdout.write(
            f"Article {article.pk} is now at revision {result.revision.number}. Claims: "
            + ", ".join(f"{counts[outcome]} {outcome}" for outcome in counts)
        )

    def importing_user(self, username: str):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error

    def import_one(self, name: str, options: dict, *, user, published, several: bool):
        data = self.read(name)
        metadata = {
            "title": options["title"],
            "source_url": options["url"],
            "publisher": options["publisher"],
            "author": options["author"],
            "published_on": published,
            "language": options["language"],
        }
        if name.lower().endswith(".json"):
            return import_json_document(data=data, created_by=user, **metadata)
        if name != "-" and Path(name).suffix.lower() not in TEXT_SUFFIXES:
            raise ImportRejected("Wrong file type: give a .txt, .md or .json file.")
        if not metadata["title"] and several and name != "-":
            metadata["title"] = Path(name).stem.replace("_", " ").replace("-", " ")
        metadata["language"] = metadata["language"] or "en"
        return import_article(content=data, created_by=user, **metadata)

    def read(self, name: str) -> bytes:
        limit = max_import_bytes()
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(name)
            if path.is_file() and path.stat().st_size > limit:
                raise too_large(path.stat().st_size)
            data = path.read_bytes()
        if len(data) > limit:
            raise ImportRejected(f"The input is too large: more than the limit of {limit:,} bytes.")
        return data
