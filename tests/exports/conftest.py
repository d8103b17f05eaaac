"""The shared validators, run as CI runs them: a subprocess on a generated export file.

Also the fixtures the rendered-claim cache tests (test_cache*.py) share: `world` and
`renders`; their helpers are in cache_support.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factcheck.exports.query import RecordSource
from tests.exports.world import World, build_world

# In a clone the shared folder sits beside the project (../shared); CI has it there too.
VALIDATORS = Path(__file__).resolve().parents[2].parent / "shared" / "validators"


@pytest.fixture
def run_validator(tmp_path: Path) -> Callable[[str, bytes], subprocess.CompletedProcess[str]]:
    if not VALIDATORS.is_dir():
        message = f"the shared validators are not at {VALIDATORS}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run them)")
        pytest.skip(message)

    def run(script: str, export: bytes) -> subprocess.CompletedProcess[str]:
        path = tmp_path / f"export-{script}.out"
        path.write_bytes(export)
        return subprocess.run(
            [sys.executable, str(VALIDATORS / script), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


# --- the rendered-claim cache tests (test_cache*.py) ---------------------------------------

# Their shared assert_uncached lives in a helper module: rewrite its asserts as a test
# module's are, so a failure shows the compared exports too.
pytest.register_assert_rewrite("tests.exports.cache_support")


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The claim ids each page of a cached export rendered from the database (the misses);
    the uncached export reads through RecordSource.records, not records_of."""
    calls: list[list[int]] = []
    original = RecordSource.records_of

    def spy(self: RecordSource, claim_ids: list[int]) -> Any:
        calls.append(list(claim_ids))
        return original(self, claim_ids)

    monkeypatch.setattr(RecordSource, "records_of", spy)
    return calls


@pytest.fixture
def world(alice, bob, erin) -> World:
    return build_world(alice, bob, erin)
