"""Shared set-up for the benchmark scripts: a throwaway database (SQLite file by default,
or DATABASE_URL), migrated, with Django configured like production (DEBUG off)."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> Path:
    """Point Django at a fresh database and migrate it. Returns the scratch folder."""
    scratch = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ["DJANGO_TESTING"] = "1"
    os.environ["DJANGO_ALLOWED_HOSTS"] = (
        "testserver,127.0.0.1,localhost"  # no secret key or HTTPS redirect needed; DEBUG stays off
    )
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ["SQLITE_PATH"] = str(scratch / "bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        raise SystemExit(
            "Run the benchmarks on SQLite (unset DATABASE_URL); the PostgreSQL "
            "figures come from the gunicorn load test."
        )
    call_command("migrate", verbosity=0)
    return scratch


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, `repeat` calls."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return times


def summary(times_ms: list[float]) -> str:
    return (
        f"median {statistics.median(times_ms):7.2f} ms   p95 {percentile(times_ms, 0.95):7.2f} ms"
        f"   min {min(times_ms):7.2f} ms   n={len(times_ms)}"
    )


def verdict(value: float, target: float, *, lower_is_better: bool = True) -> str:
    ok = value <= target if lower_is_better else value >= target
    return "meets target" if ok else "MISSES target"


def sentences_text(count: int, *, per_paragraph: int = 10) -> str:
    """An article of `count` sentences, `per_paragraph` to a paragraph (as tests/factories)."""
    lines = []
    for start in range(0, count, per_paragraph):
        lines.append(
            " ".join(
                f"Sentence {n} says that {n * 3} cases were counted in 2020."
                for n in range(start, min(count, start + per_paragraph))
            )
        )
    return "\n\n".join(lines)


def median(values: list[float]) -> float:
    return statistics.median(values)


def free_port() -> int:
    """A free TCP port on the loopback interface (for a benchmark's own server)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
