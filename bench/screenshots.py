"""Screenshots of the pages people look at, for a person to open and read.

    .venv/bin/python bench/screenshots.py [--out DIR] [--port PORT]

Loads the demo (`load_demo`) into a throwaway SQLite database, serves it with `runserver`
on a free loopback port and drives Debian's Chromium (FACTCHECK_CHROMIUM, else
/usr/bin/chromium) through Playwright at 1400x900 (desktop) and 375x812 (phone). Each
page is shot whole (full_page) in the state that matters, except the reading page with a
claim's panel open, shot as the screen shows it; the public page also as printed. Prints
the files written.

Not a benchmark (nothing is timed); it lives here with the other scripts that are run by
hand and not by `make test`.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import free_port  # noqa: E402 (bench/ scripts import their helpers this way)

VIEWPORTS = {"desktop": (1400, 900), "phone": (375, 812)}
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run"]


@dataclass(frozen=True)
class Shot:
    name: str
    user: str | None
    path: str  # may name {article} (the demo article's id), {claim} or {published}
    then: Callable[[Page], None] | None = None
    print_too: bool = False
    # The reading page is shot as the screen shows it: what matters is whether the open
    # panel is in view, which a whole-page shot cannot tell.
    full_page: bool = True


def open_a_claim(page: Page) -> None:
    # The fourth claim: far enough down the list that a panel placed below it would be
    # off-screen on a phone.
    links = page.locator("#claim-list a")
    links.nth(min(3, links.count() - 1)).click()
    page.locator("#claim-panel form").first.wait_for(state="attached")
    page.wait_for_timeout(300)  # let the panel's scroll-into-view settle


SHOTS = [
    Shot("public-fact-check", None, "/fact-checks/{published}/", print_too=True),
    Shot(
        "reading-page-open-panel",
        "alice",
        "/articles/{article}/",
        open_a_claim,
        full_page=False,
    ),
    Shot("claim-timeline", "alice", "/claims/{claim}/timeline/"),
    Shot("my-work", "alice", "/me/work/"),
    Shot("article-activity", "alice", "/articles/{article}/activity/"),
    Shot("decisions-queue", "erin", "/decisions/"),
    Shot("my-queue", "bob", "/queue/"),
    Shot("reading-page-editor", "erin", "/articles/{article}/"),
    Shot("claim-page-editor", "erin", "/claims/{claim}/"),
    Shot("dashboard", "erin", "/dashboard/"),
    Shot("exports", "erin", "/exports/"),
    Shot("article-list", "alice", "/articles/"),
    Shot("search", "alice", "/search/?q=185+assemblies"),
    Shot("login", None, "/accounts/login/"),
    Shot("api-tokens", "alice", "/accounts/tokens/"),
    Shot("password-reset", None, "/accounts/password/reset/"),
    # bob's unread mention from the demo, and where he chooses his emails
    Shot("notifications", "bob", "/notifications/"),
    Shot("notification-settings", "bob", "/notifications/settings/"),
]


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def demo_facts(env: dict[str, str]) -> dict[str, Any]:
    """The ids the paths name and the demo passwords, read by a child process (this one
    does not set Django up)."""
    code = (
        "import json;"
        "from factcheck.core.demo import DEMO_PASSWORDS;"
        "from factcheck.claims.demo import SEED_SLUG;"
        "from factcheck.articles.models import Article;"
        "from factcheck.claims.models import Claim;"
        "a = Article.objects.get(slug=SEED_SLUG);"
        "c = Claim.objects.filter(article=a);"
        "p = c.filter(published_at__isnull=False).order_by('pk').first();"
        "busiest = max(c, key=lambda claim: claim.reviews.count());"
        "print(json.dumps({'ids': {'article': a.pk, 'claim': busiest.pk,"
        " 'published': p.pk if p else 0}, 'passwords': DEMO_PASSWORDS}))"
    )
    # The last line: `shell` may first report the models it imported by itself.
    return dict(json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1]))


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit(f"runserver exited with {server.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"runserver did not answer on port {port}")


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-shots")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()
    scratch = Path(tempfile.mkdtemp(prefix="factcheck-shots-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",  # runserver serves the static files
        "SQLITE_PATH": str(scratch / "demo.sqlite3"),
        "FACTCHECK_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    facts = demo_facts(env)
    ids, passwords = facts["ids"], facts["passwords"]

    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    written = []
    try:
        wait_for(port, server)
        base = f"http://127.0.0.1:{port}"
        chromium_path = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
            )
            work = [(viewport, shot) for viewport in VIEWPORTS for shot in SHOTS]
            for viewport, shot in tqdm(work, desc="screenshots", unit="page"):
                width, height = VIEWPORTS[viewport]
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="en-GB"
                )
                page = context.new_page()
                if shot.user:
                    log_in(page, base, shot.user, passwords[shot.user])
                page.goto(base + shot.path.format(**ids))
                if shot.then:
                    shot.then(page)
                target = args.out / f"{shot.name}-{viewport}.png"
                page.screenshot(path=target, full_page=shot.full_page)
                written.append(target)
                if shot.print_too:
                    page.emulate_media(media="print")
                    target = args.out / f"{shot.name}-{viewport}-print.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
