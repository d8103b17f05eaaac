"""Fetch a web page for a user without letting the URL reach into our own network.

Pure Python, no Django import: settings come in as arguments (factcheck/fetching/configured.py
reads them from Django). Label Studio's CVE-2022-36551 let any user make its server fetch
internal URLs; each defence below answers one way of doing that, and each refusal raises
`FetchRefused` with a code and a sentence for the user before anything is stored.

- Other schemes (file:, gopher:, ftp:, data:, ...): only http and https are parsed at all,
  on every hop. URLs with a user name or password are refused too.
- Other ports (an internal service on :6379 behind a public name): only the scheme's
  default port, plus ports the operator lists (`allowed_ports`).
- Internal addresses (127.0.0.1, [::1], 10.0.0.1, 169.254.169.254 cloud metadata,
  [::ffff:127.0.0.1], decimal or hex spellings such as 2130706433): the host is resolved and
  *every* address it resolves to is checked by factcheck/fetching/addresses.py; if any one
  is refused, the fetch is refused. A name that mixes public and private addresses is
  either misconfigured or an attack, and trying only the good ones would let a resolver
  that answers differently per query decide.
- DNS rebinding (a name that resolves to a public address for the check and to a private
  one for the connection): the name is resolved once, and the socket is connected to that
  checked address ourselves; http.client only ever writes on our socket and never
  resolves anything. The original name still goes in the Host header, and for https it is
  the TLS server name (SNI) and the name the certificate is checked against
  (`ssl.create_default_context()` verifies the chain and the host name). We use the
  standard library's http.client rather than urllib3 or requests because it lets us hand
  it a connected socket without private hooks, reads no proxy settings from the
  environment (a proxy would connect on our behalf, unchecked) and follows no redirects.
- Redirects (a public page that answers 302 to http://10.0.0.1/): redirects are followed
  by this module, at most `max_redirects`, and each new URL goes through every check above.
  The operator's allowance (`allowed`, for tests' local server) covers the first URL's
  address only: a redirect may return to exactly the allowed address the first request
  connected to, never to another address, even one inside an allowed network.
- Huge bodies: a Content-Length over the limit is refused before reading, and reading stops
  as soon as the body passes `max_bytes`, however the body is framed (no or a false
  Content-Length, chunked). We ask for `Accept-Encoding: identity` and refuse compressed
  answers, so the limit counts the bytes we keep (no decompression bomb).
- Slow servers (a body trickled a byte a second keeps per-read timeouts happy forever):
  one deadline covers the whole fetch, all redirects included. Each socket's timeout is
  the time left, and a watchdog timer shuts the connection down when the deadline passes,
  which wakes a read blocked anywhere (TLS handshake, headers, body). The name lookup
  counts too: getaddrinfo has no timeout, so it runs in a thread we stop waiting for.
- Content we cannot use: anything but HTML, XHTML and plain text is refused from the
  headers, before the body is read; so is any non-2xx answer (the status is named).
"""

import datetime as dt
import hashlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from factcheck.fetching.addresses import IPAddress, IPNetwork, in_networks, refusal_reason

DEFAULT_PORTS = {"http": 80, "https": 443}
TEXT_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
URL_MAX_LENGTH = 2048
READ_CHUNK = 64 * 1024
USER_AGENT = "factcheck-workbench/0.1 (fact-check article import)"


class Refusal(StrEnum):
    BAD_URL = "bad_url"
    BAD_SCHEME = "bad_scheme"
    BAD_PORT = "bad_port"
    ADDRESS_NOT_ALLOWED = "address_not_allowed"
    DNS_FAILURE = "dns_failure"
    CONNECTION_FAILED = "connection_failed"
    TLS_FAILURE = "tls_failure"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    TOO_SLOW = "too_slow"
    UNSUPPORTED_CONTENT_TYPE = "unsupported_content_type"
    UNSUPPORTED_CONTENT_ENCODING = "unsupported_content_encoding"
    HTTP_ERROR = "http_error"


class FetchRefused(Exception):
    """A fetch that was refused or failed; `message` is shown to the user as it is."""

    def __init__(self, code: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Fetched:
    """A fetched page, as evidence: what was asked, what answered, and the exact bytes."""

    url: str  # as asked, without its fragment
    final_url: str  # after redirects
    redirects: tuple[str, ...]  # each URL redirected to, in order; the last is final_url
    address: str  # the IP address the final answer came from
    status: int
    content_type: str  # media type only, lower case: "text/html"
    charset: str | None  # from the Content-Type header; the page may declare its own
    body: bytes
    sha256: str  # of body
    fetched_at: dt.datetime  # UTC, when the final answer's headers arrived


@dataclass(frozen=True)
class Target:
    url: str  # without fragment
    scheme: str
    host: str  # ASCII (IDNA) name or IP literal, IPv6 without brackets
    port: int
    request_target: str  # percent-encoded path and query
    host_header: str


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def refusal(self) -> FetchRefused:
        return FetchRefused(
            Refusal.TOO_SLOW,
            f"The page took too long: the time limit for the whole download, redirects "
            f"included, is {self.seconds:g} s.",
        )


def safe_fetch(
    url: str,
    *,
    allowed: Collection[IPNetwork] = (),
    allowed_ports: Collection[int] = (),
    max_bytes: int = 5_000_000,
    timeout: float = 10,
    max_redirects: int = 5,
    tls_context: ssl.SSLContext | None = None,
) -> Fetched:
    """GET `url` (http or https) under the checks in this module's docstring.

    `allowed` networks may be reached even though they are not public (first URL only);
    `allowed_ports` are accepted besides 80 for http and 443 for https. `tls_context` is for
    tests (one that trusts a test certificate authority); by default the system's trust
    store verifies certificates and host names. Raises FetchRefused.
    """
    deadline = Deadline(timeout)
    target = parse_target(url, allowed_ports)
    requested_url = target.url
    redirects: list[str] = []
    allowance = tuple(allowed)
    while True:
        addresses = resolve(target, allowance, deadline, redirected=bool(redirects))
        hop = get_once(target, addresses, deadline, tls_context=tls_context, max_bytes=max_bytes)
        if hop.page is not None:
            return replace(hop.page, url=requested_url, redirects=tuple(redirects))
        location = urljoin(target.url, hop.location)
        if len(redirects) >= max_redirects:
            raise FetchRefused(
                Refusal.TOO_MANY_REDIRECTS,
                f"The page redirected more than {max_redirects} times; the last redirect "
                f"pointed to {location}.",
            )
        if not redirects:
            allowance = allowance_for_redirects(ipaddress.ip_address(hop.address), allowed)
        target = parse_target(location, allowed_ports, redirect=True)
        redirects.append(target.url)


def allowance_for_redirects(
    first_address: IPAddress, allowed: Collection[IPNetwork]
) -> tuple[IPNetwork, ...]:
    """Redirects may come back to the allowed address the first request reached, no other."""
    if in_networks(first_address, allowed):
        return (ipaddress.ip_network(first_address),)
    return ()


def parse_target(url: str, allowed_ports: Collection[int], *, redirect: bool = False) -> Target:
    where = f"The redirect to {url} was refused: " if redirect else ""
    url = url.strip()
    if len(url) > URL_MAX_LENGTH:
        raise FetchRefused(
            Refusal.BAD_URL, f"{where}the address is longer than {URL_MAX_LENGTH} characters."
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(
            Refusal.BAD_URL, f"{where}{url!r} is not a valid address ({error})."
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        named = f"{scheme}:" if scheme else "an address without http:// or https://"
        raise FetchRefused(
            Refusal.BAD_SCHEME, f"{where}only http and https addresses can be fetched, not {named}"
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(
            Refusal.BAD_URL, f"{where}addresses with a user name or password are not fetched."
        )
    host = parts.hostname or ""
    if not host:
        raise FetchRefused(Refusal.BAD_URL, f"{where}the address {url!r} names no host.")
    default_port = DEFAULT_PORTS[scheme]
    port = default_port if port is None else port
    if port != default_port and port not in allowed_ports:
        raise FetchRefused(
            Refusal.BAD_PORT,
            f"{where}port {port} is not allowed; {scheme} addresses are fetched from port "
            f"{default_port} only.",
        )
    host, is_literal = ascii_host(host, where)
    bracketed = f"[{host}]" if is_literal and ":" in host else host
    return Target(
        url=urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, "")),
        scheme=scheme,
        host=host,
        port=port,
        request_target=request_target(parts.path, parts.query),
        host_header=bracketed if port == default_port else f"{bracketed}:{port}",
    )


def ascii_host(host: str, where: str) -> tuple[str, bool]:
    """(host in ASCII, whether it is an IP literal); names go through IDNA."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host, True
    try:
        return host.encode("idna").decode("ascii"), False
    except UnicodeError:
        raise FetchRefused(Refusal.BAD_URL, f"{where}{host!r} is not a valid host name.") from None


def request_target(path: str, query: str) -> str:
    """Path and query with spaces and non-ASCII percent-encoded; existing escapes kept."""
    path = quote(path or "/", safe="/%!$&'()*+,;=:@-._~")
    query = quote(query, safe="/%!$&'()*+,;=:@-._~?")
    return f"{path}?{query}" if query else path


def resolve(
    target: Target, allowed: Collection[IPNetwork], deadline: Deadline, *, redirected: bool
) -> list[IPAddress]:
    """Every address `target.host` resolves to, each checked; raises if any is refused."""
    try:
        found = look_up(target, deadline)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchRefused(
            Refusal.DNS_FAILURE,
            f"The name {target.host} could not be resolved ({error}). Check the address.",
        ) from None
    addresses: list[IPAddress] = []
    for text in found:
        address = ipaddress.ip_address(text)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchRefused(Refusal.DNS_FAILURE, f"The name {target.host} has no address.")
    for address in addresses:
        refuse_internal(address, target, allowed, redirected=redirected)
    return addresses


def refuse_internal(
    address: IPAddress, target: Target, allowed: Collection[IPNetwork], *, redirected: bool
) -> None:
    """Raises, naming the range, if `address` is internal and not explicitly allowed."""
    reason = refusal_reason(address)
    if reason is not None and not in_networks(address, allowed):
        named = "" if str(address) == target.host else f" of {target.host}"
        where = f"The redirect to {target.url} was refused: the" if redirected else "The"
        raise FetchRefused(
            Refusal.ADDRESS_NOT_ALLOWED,
            f"{where} address {address}{named} is in {reason}; the workbench does not "
            "fetch from internal addresses.",
        )


def refuse_internal_literal(target: Target, allowed: Collection[IPNetwork]) -> None:
    """The address check for a host written as an IP literal (http://10.0.0.1/), which needs
    no lookup: the import form refuses it before a fetch is queued. Names are resolved,
    and checked, when the fetch runs."""
    try:
        address = ipaddress.ip_address(target.host)
    except ValueError:
        return
    refuse_internal(address, target, allowed, redirected=False)


def look_up(target: Target, deadline: Deadline) -> list[str]:
    """socket.getaddrinfo within the deadline. It has no timeout of its own, so it runs in a
    daemon thread that we stop waiting for at the deadline (the thread ends whenever the
    system resolver gives up)."""
    answer: list[list[str] | Exception] = []
    done = threading.Event()

    def run() -> None:
        try:
            infos = socket.getaddrinfo(
                target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
            answer.append([str(info[4][0]) for info in infos])
        except Exception as error:  # handed to the waiting thread below
            answer.append(error)
        finally:
            done.set()

    threading.Thread(target=run, name=f"resolve {target.host}", daemon=True).start()
    if not done.wait(deadline.remaining()):
        raise deadline.refusal()
    if isinstance(answer[0], Exception):
        raise answer[0]
    return answer[0]


@dataclass(frozen=True)
class Hop:
    """One request's outcome: a page, or where a redirect points."""

    address: str  # the address connected to
    location: str = ""
    page: Fetched | None = None


def get_once(
    target: Target,
    addresses: list[IPAddress],
    deadline: Deadline,
    *,
    tls_context: ssl.SSLContext | None,
    max_bytes: int,
) -> Hop:
    sock, address = connect(target, addresses, deadline)
    connection = http.client.HTTPConnection(address, target.port)
    response: http.client.HTTPResponse | None = None
    with shut_down_at(sock, deadline):
        try:
            if target.scheme == "https":
                sock = tls_wrap(sock, target, tls_context)
            connection.sock = sock  # http.client writes on our checked socket, never connects
            connection.request("GET", target.request_target, headers=request_headers(target))
            response = connection.getresponse()
            fetched_at = dt.datetime.now(dt.UTC)
            location = check_response(response, target, max_bytes=max_bytes)
            if location:
                return Hop(address=address, location=location)
            body = read_body(response, deadline, max_bytes=max_bytes)
        except (OSError, http.client.HTTPException) as error:
            if deadline.expired():
                raise deadline.refusal() from None
            raise FetchRefused(
                Refusal.CONNECTION_FAILED,
                f"The connection to {target.host} failed before the page arrived ({error}).",
            ) from None
        finally:
            if response is not None:
                response.close()  # http.client forgets answers that end with the connection
            connection.close()
            sock.close()
    page = Fetched(
        url=target.url,
        final_url=target.url,
        redirects=(),
        address=address,
        status=response.status,
        content_type=response.headers.get_content_type(),
        charset=response.headers.get_content_charset(),
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=fetched_at,
    )
    return Hop(address=address, page=page)


def connect(
    target: Target, addresses: list[IPAddress], deadline: Deadline
) -> tuple[socket.socket, str]:
    """A TCP connection to the first checked address that answers."""
    failure: OSError | None = None
    for address in addresses:
        if deadline.expired():
            raise deadline.refusal()
        try:
            sock = socket.create_connection((str(address), target.port), deadline.remaining())
        except OSError as error:
            failure = error
            continue
        return sock, str(address)
    if deadline.expired():
        raise deadline.refusal()
    raise FetchRefused(
        Refusal.CONNECTION_FAILED, f"Could not connect to {target.host} ({failure})."
    )


@contextmanager
def shut_down_at(sock: socket.socket, deadline: Deadline) -> Iterator[None]:
    """Shut the connection down when the deadline passes, waking any blocked read.

    The watchdog holds a duplicate descriptor: shutdown() acts on the connection, not the
    descriptor, so it also reaches the socket once TLS has wrapped (and replaced) it.
    """
    sock.settimeout(deadline.remaining())
    cutter = sock.dup()

    def cut() -> None:
        with suppress(OSError):  # the connection may be closed already
            cutter.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(deadline.remaining(), cut)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        cutter.close()


def tls_wrap(sock: socket.socket, target: Target, context: ssl.SSLContext | None) -> socket.socket:
    # Made here, not up front: loading the system's trust store takes tens of milliseconds.
    context = context or ssl.create_default_context()
    # server_hostname is the name from the URL: it is sent as SNI, and the context
    # (check_hostname, CERT_REQUIRED) verifies the certificate against it, not the IP.
    try:
        return context.wrap_socket(sock, server_hostname=target.host)
    except ssl.SSLCertVerificationError as error:
        raise FetchRefused(
            Refusal.TLS_FAILURE,
            f"The certificate of {target.host} could not be verified ({error.verify_message}).",
        ) from None


def request_headers(target: Target) -> dict[str, str]:
    return {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
        "Accept-Encoding": "identity",
        "Connection": "close",
    }


def check_response(response: http.client.HTTPResponse, target: Target, *, max_bytes: int) -> str:
    """The redirect's Location, or "" for a page we may read; raises for anything else."""
    status = response.status
    if status in REDIRECT_STATUSES:
        location = (response.getheader("Location") or "").strip()
        if location:
            return location
        raise FetchRefused(
            Refusal.HTTP_ERROR, f"{target.url} answered a redirect ({status}) without a Location."
        )
    if not 200 <= status < 300:
        raise FetchRefused(
            Refusal.HTTP_ERROR,
            f"{target.url} answered HTTP {status} {response.reason}: there is no page to import.",
        )
    if not response.getheader("Content-Type"):
        raise FetchRefused(
            Refusal.UNSUPPORTED_CONTENT_TYPE,
            f"{target.url} did not say what kind of content it is (no Content-Type).",
        )
    media_type = response.headers.get_content_type()
    if media_type not in TEXT_MEDIA_TYPES:
        raise FetchRefused(
            Refusal.UNSUPPORTED_CONTENT_TYPE,
            f"{target.url} is {media_type}; only HTML, XHTML and plain text pages can be imported.",
        )
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise FetchRefused(
            Refusal.UNSUPPORTED_CONTENT_ENCODING,
            f"{target.url} sent {encoding}-compressed content although we asked for none.",
        )
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large(target, max_bytes, f"it announces {int(declared):,} bytes")
    return ""


def read_body(response: http.client.HTTPResponse, deadline: Deadline, *, max_bytes: int) -> bytes:
    """The body, cut at max_bytes + 1 and at the deadline, whatever Content-Length says."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(min(READ_CHUNK, max_bytes + 1 - size)):
        size += len(chunk)
        if size > max_bytes:
            raise too_large_body(max_bytes)
        chunks.append(chunk)
        if deadline.expired():
            raise deadline.refusal()
    if deadline.expired():  # the watchdog's shutdown looks like the end of the body
        raise deadline.refusal()
    return b"".join(chunks)


def too_large_body(max_bytes: int) -> FetchRefused:
    return FetchRefused(
        Refusal.TOO_LARGE,
        f"The page is larger than the limit of {max_bytes:,} bytes; reading stopped there.",
    )


def too_large(target: Target, max_bytes: int, detail: str) -> FetchRefused:
    return FetchRefused(
        Refusal.TOO_LARGE,
        f"{target.url} is larger than the limit of {max_bytes:,} bytes ({detail}).",
    )
