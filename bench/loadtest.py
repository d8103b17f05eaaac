"""Concurrent claim creation against a real gunicorn server (helper for bench_claims.py).

`prepare_database(env)` migrates a database in a child process configured like production
(DEBUG off, a generated strong secret key, no HTTPS redirect) and seeds one 2,000-sentence
article plus one logged-in session per client: the sessions are written straight into the
session store, so no password hashing or login form is involved. `run(...)` starts
`gunicorn factcheck.wsgi -w N` (N: the README's worker count for this machine's cores,
`recommended_workers`) on a free loopback port with that environment and drives it
with N threads, each a sequential client over http.client posting claims the way
static/js/reader.js does (HX-Request, X-CSRFToken). Session and CSRF cookies are marked
Secure in production; a raw HTTP client sends them anyway, so nothing in the settings
needs loosening for this.

Run directly only as the child: `python bench/loadtest.py prepare` (prints JSON).
"""

import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, free_port, percentile, sentences_text


def recommended_workers(cores: int | None = None) -> int:
    """The README's rule ("Running behind gunicorn"): two workers per core, plus one."""
    return 2 * (cores or os.cpu_count() or 1) + 1


GUNICORN_WORKERS = recommended_workers()


def server_env(database: dict[str, str], static_root: Path, secret_key: str) -> dict[str, str]:
    """Production-like settings for the child processes (see factcheck/settings.py)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SQLITE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="0",
        DJANGO_TESTING="0",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(database)
    return env


def strong_secret_key() -> str:
    return secrets.token_urlsafe(50)


def prepare_database(env: dict[str, str], clients: int) -> dict:
    """Migrate and seed in a child process; returns the article, its sentences, sessions."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), "prepare", str(clients)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"preparing the load-test database failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prepare_child(clients: int) -> None:
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from factcheck.articles.models import Span
    from factcheck.articles.services import import_article

    call_command("migrate", verbosity=0)
    if settings.STATIC_ROOT and not Path(settings.STATIC_ROOT, "staticfiles.json").exists():
        call_command("collectstatic", verbosity=0, interactive=False)
    reviewer = Group.objects.get(name="reviewer")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for number in range(clients):
        user = User.objects.create_user(f"load-{number}")
        user.groups.add(reviewer)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        sessions.append(session.session_key)
    article = import_article(content=sentences_text(2000), title="Load test", created_by=user)
    revision = article.current_revision
    text = revision.text
    spans = Span.objects.filter(revision=revision, kind="sentence").order_by("index")
    ranges = [
        {
            "start": span.start,
            "end": span.end,
            "exact": text[span.start : span.end],
            "prefix": text[max(0, span.start - 32) : span.start],
            "suffix": text[span.end : span.end + 32],
        }
        for span in spans
    ]
    print(
        json.dumps(
            {"article": article.pk, "revision": revision.pk, "ranges": ranges, "sessions": sessions}
        )
    )


@dataclass
class LoadResult:
    label: str
    clients: int
    requests: int = 0
    ok: int = 0
    errors: int = 0
    locked: int = 0
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.ok / self.wall_s if self.wall_s else 0.0

    def line(self) -> str:
        lat = self.latencies_ms
        return (
            f"{self.label:<11} {self.clients} clients  {self.requests:5} requests  "
            f"{self.throughput:7.1f} claims/s  p50 {statistics.median(lat):6.1f} ms  "
            f"p95 {percentile(lat, 0.95):6.1f} ms  errors {self.errors}  "
            f'"database is locked" {self.locked}  statuses {dict(sorted(self.statuses.items()))}'
        )


def _wait_for_port(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def run(
    label: str, env: dict[str, str], seed: dict, *, clients: int, per_client: int, log_path: Path
) -> LoadResult:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                str(gunicorn),
                "factcheck.wsgi",
                "-w",
                str(GUNICORN_WORKERS),
                "-b",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "5",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_port(port, server)
        result = _drive(label, port, seed, clients=clients, per_client=per_client)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    server_log = log_path.read_text(errors="replace")
    result.locked += server_log.count("database is locked")
    return result


def _drive(label: str, port: int, seed: dict, *, clients: int, per_client: int) -> LoadResult:
    result = LoadResult(label, clients)
    lock = threading.Lock()
    path = f"/articles/{seed['article']}/claims/"
    ranges = seed["ranges"]
    started: list[float] = []  # when every client has warmed up and the timed run begins
    start_gate = threading.Barrier(clients, action=lambda: started.append(time.perf_counter()))

    def post(session_key: str, csrf: str, index: int) -> tuple[int, str, float]:
        quote = ranges[index % len(ranges)]
        body = urlencode({"revision": seed["revision"], **quote})
        headers = {
            "Host": f"127.0.0.1:{port}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "HX-Request": "true",
        }
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            status = response.status
        finally:
            connection.close()
        return status, text, (time.perf_counter() - began) * 1000

    def client(number: int) -> None:
        session_key = seed["sessions"][number]
        csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
        post(session_key, csrf, number)  # warm this worker's connection, not timed
        start_gate.wait()
        for step in range(per_client):
            index = (number * per_client + step) % len(ranges)
            try:
                status, text, took = post(session_key, csrf, index)
            except OSError as error:
                status, text, took = 0, repr(error), 0.0
            with lock:
                result.requests += 1
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status == 201:
                    result.ok += 1
                    result.latencies_ms.append(took)
                else:
                    result.errors += 1
                    if len(result.samples) < 3:
                        result.samples.append(f"{status}: {text[:200]}")
                if "database is locked" in text:
                    result.locked += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_s = time.perf_counter() - started[0]
    return result


if __name__ == "__main__" and sys.argv[1:2] == ["prepare"]:
    _prepare_child(int(sys.argv[2]))
