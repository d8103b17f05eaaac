"""W3C Web Annotation JSON-LD: an AnnotationCollection of verified claims (issue 5).

One Annotation per claim with a verdict: motivation "assessing", a TextualBody with the
verdict, one "linking" SpecificResource body per source, and a target on the article with
a TextQuoteSelector and a TextPositionSelector (code points into the revision's text).
Checked by ../shared/validators/w3c_annotation_check.py.

Two layouts, both streamed:

- one document (the default, for downloads): the collection embeds a single page that
  holds every annotation. Because keys are sorted, "first" comes before "total", so the
  total is counted while streaming and needs no count up front.
- pages (`W3CFormat(page_size=1000)`): JSON Lines of documents, as the Web Annotation
  Protocol pages a container. Line 1 is the collection with its first page embedded; each
  further line is one AnnotationPage with its own @context, linked by `next` / `prev` IRIs
  (the suite requires them to be IRIs, so pages can't be nested inside each other). The
  collection's `total` and `last` appear only when the caller passes `context.total`.

`claim_annotation` is the readable definition of an annotation. The export writes the same
bytes with `AnnotationJson`, which assembles the JSON text by hand as the JSON Lines writer
does (keys in sorted order, strings escaped by the json module's own escaper, the creator
and the article's parts written once, timestamps written from their fields): building dicts
for json to sort and walk cost more than half of a W3C export. The layouts then escape the
annotations for a <script> element (html_safe) a chunk at a time (`_joined`). Tests hold
the writer and both layouts byte-identical to `claim_annotation`.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from datetime import UTC, datetime
from itertools import chain, islice
from json.encoder import encode_basestring as _s
from typing import Any

from factcheck.exports.formats._common import (
    CHUNK_CHARS,
    dumps,
    dumps_html_safe,
    html_safe,
    is_web_url,
)
from factcheck.exports.records import (
    ArticleRecord,
    ClaimRecord,
    ExportContext,
    Manifest,
    RatingRecord,
    SourceRecord,
    utc_iso,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_CONTEXT_JSON = dumps_html_safe(ANNO_CONTEXT)
_COLLECTION_HEAD = '{"@context":' + _CONTEXT_JSON + ',"first":'  # keys sorted: "first" < "id"


class W3CFormat:
    name = "w3c"
    media_type = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    extension = "jsonld"
    # Besides the claim, its article and its verdict: the source URLs (linking bodies), and
    # the quote's prefix and suffix and the claim's created and updated times (quote_times).
    needs = frozenset({"source_urls", "quote_times"})

    def __init__(self, page_size: int | None = None) -> None:
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be positive")
        self.page_size = page_size
        if page_size is not None:
            self.extension = "jsonl"
            self.media_type = "application/x-ndjson"

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        manifest.begin(self.name, context)
        annotations = _annotations(records, context, manifest)
        if self.page_size is None:
            return _one_document(annotations, context, manifest)
        return _pages(annotations, context, manifest, self.page_size)


def collection_iri(context: ExportContext) -> str:
    return context.iri("/annotations/")


def page_iri(context: ExportContext, number: int) -> str:
    return context.iri(f"/annotations/?page={number}")


def _tail(context: ExportContext, *, total: int | None, last: int | None) -> str:
    out = ',"id":' + dumps_html_safe(collection_iri(context))
    out += ',"label":' + dumps_html_safe(f"Fact-checks by {context.organisation_name}")
    if last is not None:
        out += ',"last":' + dumps_html_safe(page_iri(context, last))
    if total is not None:
        out += f',"total":{total}'
    return out + ',"type":"AnnotationCollection"}'


def _one_document(
    annotations: Iterator[str], context: ExportContext, manifest: Manifest
) -> Iterator[bytes]:
    head = _COLLECTION_HEAD + '{"id":' + dumps_html_safe(page_iri(context, 1)) + ',"items":['
    wrote = yield from _joined(annotations, head + "\n", ",\n")
    end = (
        '\n],"partOf":' + dumps_html_safe(collection_iri(context)) + ',"startIndex":0'
        ',"type":"AnnotationPage"}' + _tail(context, total=manifest.exported, last=None) + "\n"
    )
    yield (end if wrote else head + end).encode()


def _pages(
    annotations: Iterator[str], context: ExportContext, manifest: Manifest, size: int
) -> Iterator[bytes]:
    expected = context.total
    last = max(1, -(-expected // size)) if expected is not None else None
    collection = dumps_html_safe(collection_iri(context))
    number = 1
    pending = next(annotations, None)
    while True:
        head = '{"@context":' + _CONTEXT_JSON + "," if number > 1 else _COLLECTION_HEAD + "{"
        head += '"id":' + dumps_html_safe(page_iri(context, number)) + ',"items":['
        page = islice(chain([pending], annotations), size) if pending is not None else iter(())
        wrote = yield from _joined(page, head, ",")
        pending = next(annotations, None)
        end = "]"
        if pending is not None:
            end += ',"next":' + dumps_html_safe(page_iri(context, number + 1))
        end += ',"partOf":' + collection
        if number > 1:
            end += ',"prev":' + dumps_html_safe(page_iri(context, number - 1))
        end += f',"startIndex":{(number - 1) * size},"type":"AnnotationPage"}}'
        if number == 1:
            end += _tail(context, total=expected, last=last)
        yield (end + "\n" if wrote else head + end + "\n").encode()
        if pending is None:
            break
        number += 1
    if expected is not None and expected != manifest.exported:
        manifest.warn(
            None,
            "total_mismatch",
            f"the collection says total {expected} but {manifest.exported} were exported",
        )


def _joined(annotations: Iterator[str], first: str, between: str) -> Generator[bytes, None, bool]:
    """The annotations, `first` before the first and `between` the others, in chunks of
    about CHUNK_CHARS as chunked() makes them; whether there were any (if not, the caller
    writes `first` its own way).

    Each chunk's annotations are joined, escaped by html_safe and encoded at once: an
    html_safe call and a trip through chunked() per annotation cost a twelfth of the
    writer's time. The bytes are those of escaping each annotation alone, as html_safe
    maps each character on its own and `first` and `between` hold none that it changes.
    """
    batch: list[str] = []
    length = 0
    opening, wrote = first, False
    for annotation in annotations:
        if not batch:
            annotation = opening + annotation
        batch.append(annotation)
        length += len(annotation)
        if length >= CHUNK_CHARS:
            yield html_safe(between.join(batch)).encode()
            batch.clear()
            length = 0
            opening, wrote = between, True
    if batch:
        yield html_safe(between.join(batch)).encode()
        wrote = True
    return wrote


def _annotations(
    records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
) -> Iterator[str]:
    """Each annotation's JSON text before html_safe, which _joined applies to a batch."""
    text = AnnotationJson(context).text
    for record in records:
        verdict = record.verdict
        if verdict is None:
            _skip_without_verdict(record, manifest)
            continue
        manifest.exported += 1
        yield text(record, verdict)


def _skip_without_verdict(record: ClaimRecord, manifest: Manifest) -> None:
    manifest.skip(record, "no_verdict", "the claim has no final verdict")


def assessment_text(label: str, record: ClaimRecord) -> str:
    """The assessing body's text: the rating's label, then the verdict's words (its summary
    for readers, else its rationale). Words that already open with the label ("True: the
    report cites...", "False." ...) are kept as written, not prefixed again."""
    words = record.public_summary.strip() or record.rationale.strip()
    if not words:
        return label
    head = words[: len(label)]
    rest = words[len(label) : len(label) + 1]
    if label and head.casefold() == label.casefold() and not rest.isalnum():
        return words
    return f"{label}: {words}"


def organisation_agent(context: ExportContext) -> dict[str, str]:
    agent = {"type": "Organization", "name": context.organisation_name}
    if is_web_url(context.organisation_url):
        agent["id"] = context.organisation_url
        agent["homepage"] = context.organisation_url
    return agent


def claim_annotation(
    record: ClaimRecord,
    context: ExportContext,
    manifest: Manifest,
    *,
    creator: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    verdict = record.verdict
    if verdict is None:
        _skip_without_verdict(record, manifest)
        return None
    assessment: dict[str, str] = {
        "type": "TextualBody",
        "purpose": "assessing",
        "format": "text/plain",
        "value": assessment_text(verdict.label, record),
    }
    if record.article.language:
        assessment["language"] = record.article.language
    body: list[dict[str, str]] = [assessment]
    for source in record.sources:
        if is_web_url(source.url):
            body.append({"type": "SpecificResource", "purpose": "linking", "source": source.url})
    quote = {"type": "TextQuoteSelector", "exact": record.exact}
    if record.prefix:
        quote["prefix"] = record.prefix
    if record.suffix:
        quote["suffix"] = record.suffix
    article_url = record.article.url
    if not is_web_url(article_url):
        article_url = context.iri(f"/articles/{record.article.id}")
    created = record.decided_at or record.created_at
    annotation: dict[str, Any] = {
        "@context": ANNO_CONTEXT,
        "id": context.iri(f"/annotations/{record.uid}"),
        "type": "Annotation",
        "motivation": "assessing",
        "body": body,
        "creator": creator or organisation_agent(context),
        "created": utc_iso(created, seconds=True),
        "target": {
            "source": article_url,
            "selector": [
                quote,
                {"type": "TextPositionSelector", "start": record.start, "end": record.end},
            ],
        },
    }
    if record.updated_at > created:
        annotation["modified"] = utc_iso(record.updated_at, seconds=True)
    return annotation


def _links(sources: tuple[SourceRecord, ...]) -> str:
    """The "linking" bodies of the sources with a web URL, each after a comma."""
    out = ""
    for source in sources:
        if is_web_url(source.url):
            out = (
                f'{out},{{"purpose":"linking","source":{_s(source.url)},"type":"SpecificResource"}}'
            )
    return out


# "00" to "59": the hour, minute and second of a timestamp (AnnotationJson._seconds).
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))


class AnnotationJson:
    """`dumps_html_safe(claim_annotation(record, context, manifest))` for a record with a
    verdict, four to five times as fast; one instance per export stream."""

    def __init__(self, context: ExportContext) -> None:
        self._context = context
        # From the creator to the start of the uid in the id: the same for every annotation.
        creator = dumps(organisation_agent(context))
        self._creator_id = f',"creator":{creator},"id":' + _s(context.iri("/annotations/"))[:-1]
        # Claims come grouped by article: the text up to the assessing body's value and from
        # the target's source on, made once per article (_article_parts).
        self._article: ArticleRecord | None = None
        self._article_json = ("", "")
        self._days: dict[int, str] = {}  # proleptic ordinal -> "YYYY-MM-DDT", see _seconds

    def annotation(self, r: ClaimRecord, verdict: RatingRecord) -> str:
        return html_safe(self.text(r, verdict))

    def text(self, r: ClaimRecord, verdict: RatingRecord) -> str:
        """`annotation` before html_safe, which _joined applies to a batch at once."""
        value = assessment_text(verdict.label, r)
        created = r.decided_at or r.created_at
        created_text = self._seconds(created)  # first: it refuses a naive datetime, as it should
        updated = r.updated_at
        modified = f',"modified":"{self._seconds(updated)}"' if updated > created else ""
        prefix = f',"prefix":{_s(r.prefix)}' if r.prefix else ""
        suffix = f',"suffix":{_s(r.suffix)}' if r.suffix else ""
        article = r.article
        if article is not self._article:
            self._article_parts(article)
        head, source = self._article_json
        return (
            f'{head}{_s(value)}}}{_links(r.sources)}],"created":"{created_text}"{self._creator_id}'
            f'{_s(r.uid)[1:]}{modified},"motivation":"assessing",'
            f'"target":{{"selector":[{{"exact":{_s(r.exact)}{prefix}{suffix},'
            f'"type":"TextQuoteSelector"}},{{"end":{r.end},"start":{r.start},'
            f'"type":"TextPositionSelector"}}],"source":{source}'
        )

    def _seconds(self, moment: datetime) -> str:
        """utc_iso(moment, seconds=True). There are two per annotation, and isoformat() costs
        twice as much as this: the UTC datetimes the query layer gives are written from
        their fields, with the date's text kept per day."""
        if moment.tzinfo is not UTC:
            return utc_iso(moment, seconds=True)  # converts, or refuses a naive datetime
        day = self._days.get(moment.toordinal())
        if day is None:
            day = self._days[moment.toordinal()] = moment.date().isoformat() + "T"
        two = _TWO_DIGITS
        return f"{day}{two[moment.hour]}:{two[moment.minute]}:{two[moment.second]}Z"

    def _article_parts(self, article: ArticleRecord) -> None:
        """The annotation's text up to the assessing body's value (with its "language"
        member) and from the target's source to the end."""
        self._article = article
        url = article.url
        if not is_web_url(url):
            url = self._context.iri(f"/articles/{article.id}")
        language = f'"language":{_s(article.language)},' if article.language else ""
        self._article_json = (
            f'{{"@context":{_CONTEXT_JSON},"body":[{{"format":"text/plain",{language}'
            '"purpose":"assessing","type":"TextualBody","value":',
            _s(url) + '},"type":"Annotation"}',
        )
