"""FEVER-like and AVeriTeC-like dataset files (issue 5).

Each rating carries its dataset label where a mapping is honest (Rating.fever_label,
Rating.averitec_label). A claim without a verdict or whose verdict has no mapping is left
out and listed in the manifest: never forced into a label.

FEVER (https://fever.ai/dataset/fever.html): JSON Lines with "id", "label" (SUPPORTS /
REFUTES / NOT ENOUGH INFO), "claim" and "evidence": a list of evidence sets, each a list of
[annotation id, evidence id, page, sentence id]. Here one evidence set holds the sources the
editor marked as counting for the verdict (together they support it, which is what a FEVER
set means), each as [claim id, source id, source URL, null]: the page slot holds a web URL
instead of a Wikipedia title, and there is no sentence index. NOT ENOUGH INFO has
[[[claim id, null, null, null]]] as in FEVER. Extra keys, which FEVER readers ignore:
"claim_uid" and "sources" (url, title, excerpt, stance per evidence id).

AVeriTeC (https://fever.ai/dataset/averitec.html, github.com/MichSchli/AVeriTeC): a JSON
array (as the released train/dev files are) of objects with its field names: "claim",
"required_reannotation", "label" (Supported / Refuted / Not Enough Evidence /
Conflicting Evidence/Cherrypicking), "justification" (the editor's rationale), "claim_date"
("D-M-YYYY" like the released data, e.g. "25-8-2020"), "speaker", "original_claim_url",
"cached_original_claim_url", "fact_checking_article" (the public page), "reporting_source",
"location_ISO_code", "claim_types", "fact_checking_strategies" and "questions". The tool has
no question-answer pairs, so "questions" is empty rather than invented, and all the claim's
sources go in an extra "sources" list (with "counts"); "claim_id" as in the AVeriTeC test set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.exports.formats._common import chunked, dumps, iso_date
from factcheck.exports.records import ClaimRecord, ExportContext, Manifest, SourceRecord

FEVER_LABELS = frozenset({"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"})
AVERITEC_LABELS = frozenset(
    {"Supported", "Refuted", "Not Enough Evidence", "Conflicting Evidence/Cherrypicking"}
)


def _label(record: ClaimRecord, manifest: Manifest, dataset: str) -> str | None:
    verdict = record.verdict
    if verdict is None:
        manifest.skip(record, "no_verdict", "the claim has no final verdict")
        return None
    if dataset == "FEVER":
        label, allowed = verdict.fever_label, FEVER_LABELS
    else:
        label, allowed = verdict.averitec_label, AVERITEC_LABELS
    if not label:
        manifest.skip(
            record,
            f"no_{dataset.lower()}_mapping",
            f"rating {verdict.label!r} ({verdict.scale}) has no {dataset} label",
        )
        return None
    if label not in allowed:
        manifest.skip(
            record,
            f"unknown_{dataset.lower()}_label",
            f"rating {verdict.label!r} maps to {label!r}, which is not a {dataset} label",
        )
        return None
    return label


def _claim_text(record: ClaimRecord) -> str:
    return record.summary.strip() or record.exact


def _source(source: SourceRecord) -> dict[str, Any]:
    return {
        "evidence_id": source.id,
        "url": source.url,
        "title": source.title,
        "excerpt": source.excerpt,
        "stance": source.stance,
        "archive_url": source.archive_url,
        "accessed_on": iso_date(source.accessed_on),
        "counts": source.counts,
    }


class FeverFormat:
    name = "fever"
    media_type = "application/x-ndjson"
    extension = "jsonl"
    # Besides the claim, its article and its verdict: the sources (the evidence).
    needs = frozenset({"sources"})

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        manifest.begin(self.name, context)
        return chunked(self._lines(records, manifest))

    def _lines(self, records: Iterable[ClaimRecord], manifest: Manifest) -> Iterator[str]:
        for record in records:
            line = fever_line(record, manifest)
            if line is not None:
                manifest.exported += 1
                yield dumps(line) + "\n"


def fever_line(record: ClaimRecord, manifest: Manifest) -> dict[str, Any] | None:
    label = _label(record, manifest, "FEVER")
    if label is None:
        return None
    counted = [source for source in record.sources if source.counts]
    if label == "NOT ENOUGH INFO":
        evidence: list[list[list[Any]]] = [[[record.id, None, None, None]]]
    elif counted:
        evidence = [[[record.id, source.id, source.url, None] for source in counted]]
    else:
        evidence = []
        manifest.warn(
            record, "no_evidence", f"{label} but no source is marked as counting for the verdict"
        )
    return {
        "id": record.id,
        "claim_uid": record.uid,
        "label": label,
        "claim": _claim_text(record),
        "evidence": evidence,
        "sources": [_source(source) for source in counted],
    }


class AveritecFormat:
    name = "averitec"
    media_type = "application/json"
    extension = "json"
    needs = frozenset({"sources"})  # as FEVER

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        manifest.begin(self.name, context)
        return chunked(self._pieces(records, manifest))

    def _pieces(self, records: Iterable[ClaimRecord], manifest: Manifest) -> Iterator[str]:
        separator = "[\n"
        for record in records:
            item = averitec_item(record, manifest)
            if item is None:
                continue
            yield separator
            yield dumps(item)
            manifest.exported += 1
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"


def averitec_item(record: ClaimRecord, manifest: Manifest) -> dict[str, Any] | None:
    label = _label(record, manifest, "AVeriTeC")
    if label is None:
        return None
    day = record.claimed_on
    article = record.article
    return {
        "claim_id": record.id,
        "claim_uid": record.uid,
        "claim": _claim_text(record),
        "required_reannotation": False,
        "label": label,
        "justification": record.rationale.strip() or record.public_summary.strip(),
        "claim_date": f"{day.day}-{day.month}-{day.year}" if day else None,
        "speaker": record.claimant.strip() or None,
        "original_claim_url": article.url or None,
        "cached_original_claim_url": None,
        "fact_checking_article": record.published_url or None,
        "reporting_source": article.publisher or None,
        "location_ISO_code": None,
        "claim_types": [],
        "fact_checking_strategies": [],
        "questions": [],
        "sources": [_source(source) for source in record.sources],
    }
