"""The real queues with their real workers, one task each: django-tasks-db's table and
`manage.py db_worker` (the embedded default), and Redis through django-tasks-rq and
`manage.py rqworker` (FACTCHECK_TASKS=redis). The workers are separate processes reading the
test database, as in production; the page comes from the local news site.

The Redis test runs when Redis answers at 127.0.0.1:6379, and is skipped otherwise, unless
FACTCHECK_REQUIRE_REDIS=1 (CI), where a missing Redis fails it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from factcheck.fetching import services
from factcheck.fetching.models import FetchJob

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
# A database of its own, emptied by the test. Picked by process id among 8 to 15, so two
# test runs on one machine (two checkouts) seldom share one: a shared one lets either
# run's worker take, or its flush drop, the other's job.
REDIS_URL = f"redis://127.0.0.1:6379/{8 + os.getpid() % 8}"


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def worker_env(site, **extra: str) -> dict[str, str]:
    """The environment of a process that works on the test database and may fetch from the
    local site."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_"))}
    env.pop("DATABASE_URL", None)
    env.pop("SQLITE_PATH", None)
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(database["NAME"])
    else:
        user, host, port = database["USER"], database["HOST"], database["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{database['NAME']}"
    env |= {
        "DJANGO_DEBUG": "1",
        "FACTCHECK_FETCH_ALLOWED_ADDRESSES": "127.0.0.1",
        "FACTCHECK_FETCH_ALLOWED_PORTS": str(site.port),
    }
    return env | extra


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_queue_and_its_worker_run_a_fetch(erin, local_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    job = services.start_fetch(
        purpose=FetchJob.Purpose.IMPORT, url=local_site.url("/articles/en.html"), requested_by=erin
    )
    [queued] = DBTaskResult.objects.all()  # enqueued when start_fetch's transaction committed
    assert queued.status == "READY" and queued.args_kwargs["args"] == [job.pk]
    worker = manage(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", env=worker_env(local_site)
    )
    assert worker.returncode == 0, worker.stderr
    job.refresh_from_db()
    queued.refresh_from_db()
    assert job.state == FetchJob.State.DONE, job.error
    assert job.task_id == str(queued.id) and queued.status == "SUCCESSFUL"
    assert job.snapshot.final_url == local_site.url("/articles/en.html")
    assert job.extracted["author"] == "Sophea Lim"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_redis_queue_and_its_worker_run_a_fetch(erin, local_site, connections):
    if not redis_answers():
        if os.environ.get("FACTCHECK_REQUIRE_REDIS") == "1":
            pytest.fail("FACTCHECK_REQUIRE_REDIS=1 but Redis does not answer at 127.0.0.1:6379")
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    # Written here (the test's backend records and runs nothing); enqueued by a process
    # configured for Redis, as a web process with FACTCHECK_TASKS=redis would on commit.
    job = services.start_fetch(
        purpose=FetchJob.Purpose.IMPORT, url=local_site.url("/articles/km.html"), requested_by=erin
    )
    env = worker_env(local_site, FACTCHECK_TASKS="redis", FACTCHECK_REDIS_URL=REDIS_URL)
    enqueue = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         f"from factcheck.fetching.services import enqueue; enqueue({job.pk})"],
        cwd=ROOT, env=env | {"DJANGO_SETTINGS_MODULE": "factcheck.settings"},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert enqueue.returncode == 0, enqueue.stderr
    job.refresh_from_db()
    assert job.state == FetchJob.State.QUEUED and job.task_id  # the RQ job's id
    # The worker finishes the job at once, but rq's burst mode then waits up to a minute
    # for its pub/sub thread before exiting: the test waits for the job, then stops it.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "--burst", "--job-class",
         "django_tasks_rq.Job", "default"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    job.refresh_from_db()
    assert job.state == FetchJob.State.DONE, f"{job.error}\n{output}"
    assert job.extracted["language"] == "km"
    redis.Redis.from_url(REDIS_URL).flushdb()
