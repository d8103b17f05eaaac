"""A local news site on 127.0.0.1 for the fetch tests, and guards that keep them offline.

The site serves the article pages in tests/fetching/pages/ and the misbehaving answers the
fetcher must refuse: redirects (chains, to private addresses, to other schemes), bodies that
are too large or too slow, wrong content types and error statuses.
"""

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import trustme

from factcheck.fetching.addresses import IPNetwork, parse_networks

PAGES = Path(__file__).parent / "pages"
LARGE = 5_000  # bytes the "large" routes send; tests fetch them with max_bytes=1_000


class NewsSite(BaseHTTPRequestHandler):
    # Pages a test puts up and changes under /pages/ (the `site_pages` fixture): a page that
    # is edited or taken down after it was fetched once.
    pages: ClassVar[dict[str, tuple[bytes, str]]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest's output clean

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in self.pages:
            return self.answer(*self.pages[path])
        if path.startswith("/articles/"):
            page = PAGES / path.removeprefix("/articles/")
            if page.is_file():
                return self.answer(page.read_bytes(), "text/html; charset=utf-8")
        if path == "/plain.txt":
            return self.answer(b"Plain words.\nA second line.\n", "text/plain; charset=utf-8")
        if path.startswith("/echo-path"):
            return self.answer(self.path.encode(), "text/plain")
        if path == "/echo-host":
            return self.answer(self.headers["Host"].encode(), "text/plain")
        if path.startswith("/redirect/chain/"):
            left = int(path.removeprefix("/redirect/chain/"))
            return self.redirect(f"/redirect/chain/{left - 1}" if left > 1 else "/plain.txt")
        redirects = {
            "/redirect/to-english": "/articles/en.html",
            "/redirect/private": "http://10.0.0.1/",
            "/redirect/metadata": "http://169.254.169.254/latest/meta-data/",
            "/redirect/other-loopback": f"http://127.0.0.2:{self.server.server_port}/plain.txt",
            "/redirect/file": "file:///etc/passwd",
        }
        if path in redirects:
            return self.redirect(redirects[path])
        if path == "/slow/trickle":
            return self.trickle()
        if path == "/slow/headers":
            time.sleep(3)
            return self.answer(b"late", "text/plain")
        if path.startswith("/slow/redirect/"):
            time.sleep(0.6)  # two of these in a row pass a 1-second budget
            left = int(path.removeprefix("/slow/redirect/"))
            return self.redirect(f"/slow/redirect/{left - 1}" if left > 1 else "/plain.txt")
        if path == "/large/declared":
            return self.answer(b"x" * LARGE, "text/plain")
        if path == "/large/undeclared":
            return self.answer(b"x" * LARGE, "text/plain", length=None)
        if path == "/large/chunked":
            return self.chunked(b"x" * LARGE)
        if path == "/large/understated":
            return self.answer(b"x" * LARGE, "text/plain", length=100)
        if path == "/image.png":
            return self.answer(b"\x89PNG\r\n\x1a\n", "image/png")
        if path == "/no-type":
            return self.answer(b"what am I", None)
        if path == "/compressed":
            return self.answer(b"\x1f\x8b", "text/html", headers={"Content-Encoding": "gzip"})
        if path == "/broken":
            return self.answer(b"oops", "text/plain", status=500)
        return self.answer(b"not here", "text/plain", status=404)

    def answer(
        self,
        body: bytes,
        content_type: str | None,
        *,
        status: int = 200,
        length: int | bool | None = True,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if length is True:
            self.send_header("Content-Length", str(len(body)))
        elif isinstance(length, int):
            self.send_header("Content-Length", str(length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def trickle(self) -> None:
        """One byte every 0.1 s: each read succeeds quickly, the whole would take 10 s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            if not self.write(b"x"):
                return
            time.sleep(0.1)

    def chunked(self, body: bytes) -> None:
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        for start in range(0, len(body), 500):
            piece = body[start : start + 500]
            if not self.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n"):
                return
        self.write(b"0\r\n\r\n")

    def write(self, data: bytes) -> bool:
        """False once the client has hung up (the fetcher cut the download)."""
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            return False
        return True


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True  # a trickling handler must not hold up the test run's end

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the fetcher hanging up mid-answer is the point of several tests


@dataclass
class LocalSite:
    port: int
    allowed: tuple[IPNetwork, ...] = field(default_factory=lambda: parse_networks("127.0.0.1"))

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    @property
    def ports(self) -> tuple[int, ...]:
        return (self.port,)


@pytest.fixture(scope="session")
def local_site() -> Iterator[LocalSite]:
    server = QuietServer(("127.0.0.1", 0), NewsSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LocalSite(port=server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.fixture
def site_pages() -> Iterator[dict[str, tuple[bytes, str]]]:
    """The local site's changeable pages: path -> (body, Content-Type); emptied after."""
    yield NewsSite.pages
    NewsSite.pages.clear()


@pytest.fixture
def fetch_from_local_site(local_site: "LocalSite", settings) -> "LocalSite":
    """Django's settings allow the local site, as FACTCHECK_FETCH_ALLOWED_* would."""
    settings.FACTCHECK_FETCH_ALLOWED_ADDRESSES = local_site.allowed
    settings.FACTCHECK_FETCH_ALLOWED_PORTS = local_site.ports
    return local_site


@pytest.fixture
def task_queue():
    """The test suite's DummyBackend (settings: FACTCHECK_TASKS), emptied: what was enqueued."""
    from django.tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


@pytest.fixture
def immediate_tasks(settings) -> None:
    """Tasks run as they are enqueued (after the commit), in the test's own thread."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class TlsServer(QuietServer):
    """The same site over HTTPS; the handshake runs in the request's thread."""

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext) -> None:
        super().__init__(address, NewsSite)
        self.context = context

    def finish_request(self, request, client_address) -> None:
        with self.context.wrap_socket(request, server_side=True) as tls_request:
            super().finish_request(tls_request, client_address)


@dataclass
class TlsSite:
    port: int
    authority: trustme.CA
    server_names: list[str]  # the names clients asked for (SNI)

    def trusting_context(self) -> ssl.SSLContext:
        """A client context that trusts the test authority (and verifies host names)."""
        context = ssl.create_default_context()
        self.authority.configure_trust(context)
        return context


@pytest.fixture(scope="session")
def tls_site() -> Iterator[TlsSite]:
    """https://news.example:PORT/ on 127.0.0.1, its certificate from a throwaway authority."""
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("news.example").configure_cert(context)
    server_names: list[str] = []

    def record_server_name(_socket: ssl.SSLObject, name: str | None, _context: object) -> None:
        server_names.append(name or "")

    context.sni_callback = record_server_name
    server = TlsServer(("127.0.0.1", 0), context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield TlsSite(port=server.server_address[1], authority=authority, server_names=server_names)
    server.shutdown()
    server.server_close()


@dataclass
class Connections:
    """Every address the code under test opened a TCP connection to."""

    made: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> Connections:
    """Records connections, and fails the test on one to anything but 127.0.0.1: refused
    addresses must be refused before a connection, and no test may reach the internet."""
    seen = Connections()
    real_create_connection: Callable[..., socket.socket] = socket.create_connection

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object):
        seen.made.append(address[0])
        if address[0] != "127.0.0.1":
            pytest.fail(f"the fetcher opened a connection to {address[0]}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return seen


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[str]]], list[str]]:
    """Makes chosen names resolve to chosen addresses (a fake DNS); returns the log of
    names looked up. Names not in the table fail to resolve, so nothing leaves the machine."""

    def install(table: dict[str, list[str]]) -> list[str]:
        looked_up: list[str] = []

        def getaddrinfo(host: str, port: int, *args: object, **kwargs: object):
            looked_up.append(host)
            answers = [host] if is_ip_literal(host) else table.get(host)
            if answers is None:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            family = {4: socket.AF_INET, 6: socket.AF_INET6}
            return [
                (
                    family[6 if ":" in address else 4],
                    socket.SOCK_STREAM,
                    socket.IPPROTO_TCP,
                    "",
                    (address, port),
                )
                for address in answers
            ]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        return looked_up

    return install
