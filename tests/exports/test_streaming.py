"""Every format streams (pulls records lazily, memory stays flat) and is deterministic."""

import gc
import itertools
import tracemalloc

import pytest

from factcheck.exports.formats import FORMATS, CsvFormat, W3CFormat
from tests.exports.factories import CONTEXT, many_records, nasty_records, run_export

ALL_FORMATS = [*FORMATS.values(), W3CFormat(page_size=1000), CsvFormat(bom=True)]
IDS = [*FORMATS, "w3c-pages", "csv-bom"]


class CountingRecords:
    """An iterator over records that counts how many the exporter has pulled."""

    def __init__(self, records):
        self.records = iter(records)
        self.pulled = 0

    def __iter__(self):
        return self

    def __next__(self):
        record = next(self.records)
        self.pulled += 1
        return record


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=IDS)
def test_same_records_give_the_same_bytes(fmt):
    first, first_manifest = run_export(fmt, nasty_records(40))
    again, again_manifest = run_export(fmt, nasty_records(40))
    assert first == again
    assert first_manifest.to_json() == again_manifest.to_json()


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=IDS)
def test_records_are_pulled_lazily_a_chunk_at_a_time(fmt):
    from factcheck.exports.records import Manifest

    records = CountingRecords(many_records(100_000))
    chunks = fmt.stream(records, CONTEXT, Manifest())
    assert records.pulled == 0  # nothing happens before the first chunk is asked for
    first = next(chunks)
    after_first = records.pulled
    assert 0 < after_first < 500, after_first
    assert isinstance(first, bytes)
    next(chunks)
    assert after_first < records.pulled < 2 * after_first + 500


@pytest.mark.parametrize("fmt", ALL_FORMATS, ids=IDS)
def test_memory_stays_flat_for_20000_claims(fmt):
    from factcheck.exports.records import Manifest

    # Cycling a built pool keeps the generator's own allocations out of the measurement.
    records = itertools.islice(itertools.cycle(list(many_records(100))), 20_000)
    manifest = Manifest()
    gc.collect()
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        written = 0
        for chunk in fmt.stream(records, CONTEXT, manifest):
            written += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert manifest.exported == 20_000
    assert written > 20_000 * 100
    assert peak - baseline < 2 * 1024 * 1024, f"peak grew by {(peak - baseline) / 1e6:.1f} MB"
