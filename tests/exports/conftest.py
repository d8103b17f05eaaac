"""The shared validators, run as CI runs them: a subprocess on a generated export file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

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
