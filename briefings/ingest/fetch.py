"""Fetching URLs safely, and ingesting single web pages.

Every fetch goes through the same guard: only ``http``/``https``; the host is resolved with
``getaddrinfo`` and refused when any address is private, loopback, link-local, multicast,
reserved or unspecified (unless the allow-list says otherwise); redirects are followed here,
one hop at a time, so every hop is checked the same way. The connection is made to the very
address that was checked (the URL's host goes into the ``Host`` header and TLS SNI), so a DNS
answer that changes between check and connect (DNS rebinding) cannot redirect the request.

Responses are streamed and aborted over a size cap (counted after decompression). Each connect
and read has its own timeout, and the whole exchange (every hop's connect, TLS handshake,
request, headers and body) one overall deadline: every socket operation gets at most the time
left before it, so a server trickling header lines or body bytes cannot hold a fetch longer. Proxy variables (``HTTP_PROXY``...) are ignored on purpose: a
proxy would connect on our behalf to addresses the guard never saw.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import os
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Iterable
from urllib.parse import urljoin

import httpcore
import httpx

from briefings import __version__
from briefings.config import SettingsError
from briefings.ingest.files import Failure, IngestReport, add_articles, run_extraction
from briefings.models import Article, split_paragraphs
from briefings.store import Store
from briefings.text import cut

log = logging.getLogger(__name__)

USER_AGENT = f"Briefings/{__version__} (self-hosted news briefing; feed reader) httpx/{httpx.__version__}"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ALLOW_ENV = "BRIEFINGS_FETCH_ALLOW"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """A URL could not be fetched; the message says why, in words a person can act on."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class UnsafeURL(FetchError):
    """The guard refused the URL: malformed, wrong scheme, or an address that is not public."""


class ResponseTooLarge(FetchError):
    """The response exceeded the size cap; it was not read to the end."""


class TooManyRedirects(FetchError):
    """More redirects than allowed, or a redirect loop."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx or 5xx)."""

    def __init__(self, message: str, status: int, *, retry_after: float | None = None):
        super().__init__(message, retry_after=retry_after)
        self.status = status


@dataclass(frozen=True)
class AllowList:
    """Hosts and networks the guard lets through even though they are not public.

    A hostname entry (``intranet.example``, ``localhost``) allows whatever that name resolves
    to; a network entry (``10.1.0.0/16``, ``127.0.0.1/32``, ``::1``) allows those addresses
    under any name. Nothing else is widened: the scheme check and redirect checks still apply.
    """

    hosts: frozenset[str] = frozenset()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def parse(cls, value: "str | Iterable[str] | AllowList | None") -> "AllowList":
        """From ``"localhost, 10.0.0.0/8"`` (commas or spaces) or a list of entries."""
        if isinstance(value, AllowList):
            return value
        if value is None:
            return cls()
        items = re.split(r"[\s,;]+", value) if isinstance(value, str) else list(value)
        hosts, networks = set(), []
        for item in (str(i).strip() for i in items):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            host = item.lower().rstrip(".")
            if not re.fullmatch(r"[a-z0-9]([a-z0-9_.-]*[a-z0-9])?", host):
                raise SettingsError(
                    f"{ALLOW_ENV}: {item!r} is neither a hostname nor an address/network "
                    "(examples: intranet.example, 10.0.0.0/8, 127.0.0.1/32)"
                )
            hosts.add(host)
        return cls(frozenset(hosts), tuple(networks))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "AllowList":
        env = os.environ if env is None else env
        return cls.parse(env.get(ALLOW_ENV, ""))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)

    def __bool__(self) -> bool:
        return bool(self.hosts or self.networks)


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one fetch: the allow-list, timeouts (seconds), size cap (bytes), redirects."""

    allow: AllowList = field(default_factory=AllowList)
    allow_private: bool = False
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # the deadline of the whole fetch, redirects included
    max_bytes: int = 5 * 1024 * 1024  # also bounds parse time: feedparser reads ~1 MB a second
    max_redirects: int = 5
    ca_bundle: str | None = None  # extra trusted CAs (PEM file) for intranet HTTPS; else certifi's

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "FetchSettings":
        """``BRIEFINGS_FETCH_ALLOW``, ``BRIEFINGS_FETCH_MAX_MB`` (default 5), ``BRIEFINGS_FETCH_CA_BUNDLE``."""
        env = os.environ if env is None else env
        max_mb = env.get("BRIEFINGS_FETCH_MAX_MB", "").strip()
        try:
            max_bytes = int(float(max_mb) * 1024 * 1024) if max_mb else cls.max_bytes
        except ValueError:
            raise SettingsError(f"BRIEFINGS_FETCH_MAX_MB: {max_mb!r} is not a number of megabytes") from None
        ca_bundle = env.get("BRIEFINGS_FETCH_CA_BUNDLE", "").strip() or None
        if ca_bundle and not os.path.isfile(ca_bundle):
            raise SettingsError(f"BRIEFINGS_FETCH_CA_BUNDLE: no such file {ca_bundle!r}")
        return cls(allow=AllowList.from_env(env), max_bytes=max_bytes, ca_bundle=ca_bundle)

    def ssl_context(self) -> ssl.SSLContext:
        """Certificate verification with certifi's CAs, plus ``ca_bundle`` when set."""
        return _ssl_context(self.ca_bundle)


@functools.lru_cache(maxsize=8)
def _ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    """Built once per CA bundle: loading the CA store costs tens of milliseconds."""
    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


@dataclass
class FetchResult:
    """A fetched response: where it ended up, its status, headers and (capped) body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes = b""
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.I)
        return m.group(1) if m else None


# -- the guard ------------------------------------------------------------------------------
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits are the IPv4 address
LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: a site's own translators


def embedded_ipv4(ip: IPAddress) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, each with how: 6to4 (``2002::/16``, bits
    16-48), Teredo (``2001::/32``: the server in bits 32-64, the client in the last 32 bits
    inverted) and NAT64 (``64:ff9b::/96``, the last 32 bits). IPv4-mapped ones are read as IPv4."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = []
    if ip.sixtofour:
        found.append(("6to4", ip.sixtofour))
    if ip.teredo:
        server, client = ip.teredo
        found += [("Teredo server", server), ("Teredo client", client)]
    if ip in NAT64:
        found.append(("NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    return found


def blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address (``"loopback"``, ``"private"``...), or None if it is.

    An IPv6 address that carries a non-public IPv4 address (6to4, Teredo, NAT64) is refused
    for it: ``"6to4 address embedding 127.0.0.1, a loopback"``.
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for how, inner in embedded_ipv4(ip):
        reason = _own_blocked_reason(inner)
        if reason:
            return f"{how} address embedding {inner}, a {reason}"
    if ip in LOCAL_NAT64:
        return "private (local-use NAT64)"
    return _own_blocked_reason(ip)


def _own_blocked_reason(ip: IPAddress) -> str | None:
    for reason, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return reason
    return None if ip.is_global else "non-public"


def parse_url(url: str) -> httpx.URL:
    """``url`` as an ``httpx.URL`` if it is a well-formed absolute http(s) URL; UnsafeURL otherwise."""
    text = str(url).strip()
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsafeURL(f"invalid URL {url!r}: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        what = f"{parsed.scheme}:" if parsed.scheme else "a URL without http:// or https://"
        raise UnsafeURL(f"refused {url!r}: only http and https URLs can be fetched, not {what}")
    problem = _malformed(text, parsed)
    if problem:
        raise UnsafeURL(f"invalid URL {url!r}: {problem}")
    return parsed


_BACKSLASH = "a backslash where only a slash belongs"
_HOST_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?", re.I)


def _malformed(text: str, parsed: httpx.URL) -> str | None:
    """What is wrong with an http(s) URL that httpx parsed leniently, or None."""
    if _backslash_before_query(text):
        return _BACKSLASH
    if not parsed.raw_host:
        return "no host name"
    host = parsed.raw_host.decode("ascii")
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        labels = host.rstrip(".").split(".")
        if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
            return f"{host!r} is not a valid host name"
    if parsed.port is not None and not 0 < parsed.port < 65536:
        return f"port {parsed.port} is out of range"
    return None


def _backslash_before_query(text: str) -> bool:
    """Browsers read ``\\`` as ``/`` in http(s) URLs (``http:\\\\host\\``), httpx as part of the path:
    ambiguous, so refused."""
    return "\\" in re.split(r"[?#]", text, maxsplit=1)[0]


def redirect_target(current: str, location: str) -> str:
    """The absolute URL a redirect from ``current`` to ``location`` (its Location header) goes to.

    UnsafeURL, saying which redirect, when the Location is malformed or not http(s).
    """
    location = location.strip()

    def malformed(problem: str) -> UnsafeURL:
        return UnsafeURL(f"{current} redirects to {location!r}, which is not a valid URL: {problem}")

    if _backslash_before_query(location):
        raise malformed(_BACKSLASH)
    try:
        relative = httpx.URL(location)
        following = urljoin(current, location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise malformed(str(exc)) from None
    if relative.scheme and not relative.raw_host:
        if relative.scheme in ("http", "https"):
            raise malformed("no host name")
        raise UnsafeURL(f"{current} redirects to {location!r}: only http and https URLs can be fetched")
    try:
        parse_url(following)
    except UnsafeURL as exc:
        raise UnsafeURL(f"{current} redirects to {location!r}: {exc}") from None
    return following


def check_url(url: str, allow: AllowList | None = None, *, allow_private: bool = False) -> tuple[httpx.URL, list[str]]:
    """Validate ``url`` and resolve its host; return the URL and the addresses it may connect to.

    Raises UnsafeURL if the scheme is not http(s) or any resolved address is not public and not
    allowed; FetchError if the host does not resolve.
    """
    allow = allow or AllowList()
    parsed = parse_url(url)
    host = parsed.raw_host.decode("ascii")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = _resolve(host, port)
    if not (allow_private or allow.allows_host(host)):
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
            if allow.allows_address(ip) or (mapped and allow.allows_address(mapped)):
                continue
            reason = blocked_reason(ip)
            if reason:
                raise UnsafeURL(
                    f"refused {url}: {host} resolves to {ip}, a {reason} address "
                    f"(allow it with {ALLOW_ENV} if it is meant to be reachable)"
                )
    return parsed, addresses


def _resolve(host: str, port: int) -> list[str]:
    """The addresses to try for ``host``: an address literal as it is, a name through getaddrinfo
    (which also reads forms like ``2130706433`` or ``0x7f.1`` the way the system would)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {getattr(exc, 'strerror', None) or exc}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


# -- fetching ---------------------------------------------------------------------------------
def fetch(
    url: str,
    *,
    allow: "AllowList | str | Iterable[str] | None" = None,
    allow_private: bool | None = None,
    settings: FetchSettings | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
    max_bytes: int | None = None,
) -> FetchResult:
    """GET ``url`` through the guard, following up to ``settings.max_redirects`` checked redirects.

    Sends ``If-None-Match``/``If-Modified-Since`` when ``etag``/``last_modified`` are given and
    returns a result with ``not_modified`` on 304. Raises FetchError (or a subclass) on a refused
    address, timeout, error status, redirect loop or a body over the cap.
    """
    settings = settings or FetchSettings()
    allow = AllowList.parse(allow) if allow is not None else settings.allow
    allow_private = settings.allow_private if allow_private is None else allow_private
    cap = max_bytes or settings.max_bytes
    deadline = time.monotonic() + settings.total_timeout
    headers = {"User-Agent": settings.user_agent, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(
        connect=settings.connect_timeout, read=settings.read_timeout, write=settings.read_timeout, pool=settings.connect_timeout
    )
    seen = {str(url).strip()}
    current = str(url).strip()
    transport = _DeadlineTransport(settings.ssl_context(), deadline)

    def check_location(response: httpx.Response) -> None:
        # httpx reads a redirect's Location even when it does not follow it, and some malformed
        # ones make it raise its own errors: a bad one is refused here first, naming the hop
        if response.has_redirect_location:
            redirect_target(current, response.headers["location"])

    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
                      event_hooks={"response": [check_location]}) as client:
        for _hop in range(settings.max_redirects + 1):
            if time.monotonic() >= deadline:
                raise FetchError(f"{url}: no answer within the {settings.total_timeout:g} s deadline; stopped")
            target, addresses = check_url(current, allow, allow_private=allow_private)
            result = _get_pinned(client, target, addresses, headers, cap, deadline, requested=str(url))
            location = result.headers.get("location")
            if result.status in REDIRECT_STATUSES and location:
                following = redirect_target(str(target), location)
                if following in seen:
                    raise TooManyRedirects(f"redirect loop: {current} redirects back to {following}")
                seen.add(following)
                current = following
                continue
            if 300 <= result.status < 400 and not result.not_modified:
                raise FetchError(f"HTTP {result.status} from {current} without a Location to follow")
            if result.status >= 400:
                raise HTTPStatusError(
                    f"HTTP {result.status} {_reason(result.status)} from {current}",
                    result.status,
                    retry_after=_retry_after(result.headers.get("retry-after")),
                )
            return result
    raise TooManyRedirects(f"more than {settings.max_redirects} redirects starting at {url}")


def _get_pinned(
    client: httpx.Client,
    target: httpx.URL,
    addresses: list[str],
    headers: dict[str, str],
    cap: int,
    deadline: float,
    *,
    requested: str,
) -> FetchResult:
    """One GET to the checked addresses in turn (first that connects), body read up to ``cap``."""
    host = target.raw_host.decode("ascii")
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    last_error: Exception | None = None
    for address in addresses:
        request = client.build_request(
            "GET",
            target.copy_with(host=address.split("%")[0]),
            headers={**headers, "Host": target.netloc.decode("ascii")},
            extensions=extensions,
        )
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError as exc:
            last_error = exc
            continue
        except httpx.TimeoutException:
            raise FetchError(_timed_out("waiting for", target, deadline)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(f"cannot fetch {target}: {exc}") from None
        try:
            status = response.status_code
            result_headers = {k.lower(): v for k, v in response.headers.items()}
            body = b""
            if status < 300 and status != 204:
                body = _read_capped(response, cap, deadline, target)
            return FetchResult(url=requested, final_url=str(target), status=status, headers=result_headers, content=body)
        finally:
            response.close()
    raise FetchError(f"cannot connect to {target}: {last_error or 'no address'}")


def _read_capped(response: httpx.Response, cap: int, deadline: float, target: httpx.URL) -> bytes:
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise ResponseTooLarge(f"{target} is {int(declared):,} bytes; the limit is {cap:,}")
    chunks, total = [], 0
    try:
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:
                raise ResponseTooLarge(f"{target} sent more than {cap:,} bytes; stopped reading")
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchError(_timed_out("reading from", target, deadline)) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"error reading from {target}: {exc}") from None
    return b"".join(chunks)


def _timed_out(doing: str, target: httpx.URL, deadline: float) -> str:
    if time.monotonic() >= deadline - 0.01:
        return f"timed out {doing} {target}: the fetch ran over its overall time limit; stopped"
    return f"timed out {doing} {target}"


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend where no connect, TLS handshake, read or write may outlast
    ``deadline`` (a ``time.monotonic()`` value): each gets ``min(its timeout, time left)``."""

    def __init__(self, deadline: float):
        self.deadline = deadline
        self._sockets = httpcore.SyncBackend()

    def time_left(self, timeout: float | None, expired: type[Exception]) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:  # a zero socket timeout would mean non-blocking, not "stop now"
            raise expired("the fetch's deadline passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._sockets.connect_tcp(
            host, port, self.time_left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self)

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, backend: _DeadlineBackend):
        self._stream, self._backend = stream, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> _DeadlineStream:
        timeout = self._backend.time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self._backend)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport on a :class:`_DeadlineBackend` (httpx has no public setting for the
    backend, so its connection pool is replaced by one built the same way with ours)."""

    def __init__(self, ssl_context: ssl.SSLContext, deadline: float):
        super().__init__(verify=ssl_context, trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=_DeadlineBackend(deadline))


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


# -- single pages --------------------------------------------------------------------------
def decode_html(result: FetchResult) -> str | bytes:
    """The page as text when the HTTP header names a usable charset; else the raw bytes
    (trafilatura then reads ``<meta charset>`` or guesses)."""
    if result.charset:
        try:
            return result.content.decode(result.charset, errors="replace")
        except LookupError:
            pass
    return result.content


def extract_page(result: FetchResult) -> dict | None:
    """Title, text (paragraphs split by blank lines), date and site name of a fetched HTML page."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        decode_html(result), url=result.final_url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = " ".join((data.get("title") or "").split())
    paragraphs = [line.strip() for line in (data.get("text") or "").splitlines() if line.strip()]
    if paragraphs and title and len(paragraphs[0]) >= min(len(title), 20) and title.casefold().startswith(paragraphs[0].casefold()):
        paragraphs = paragraphs[1:]  # the headline repeated as the first line of the text
    if not paragraphs:
        return None
    return {
        "title": title,
        "text": "\n\n".join(paragraphs),
        "date": _iso_date(data.get("date")),
        "sitename": data.get("sitename") or data.get("hostname"),
        "lang": _page_language(result.content),
    }


_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2})\b", re.I)


def _page_language(content: bytes) -> str | None:
    """The two-letter code of ``<html lang="...">``, if the page declares one."""
    m = _HTML_LANG.search(content[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _iso_date(value) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return None


def article_from_page(result: FetchResult, *, source: str | None = None) -> Article:
    """An Article from a fetched page; the publication date falls back to the fetch date (logged)."""
    if "html" not in result.content_type and result.content_type not in ("", "text/plain"):
        raise FetchError(f"{result.final_url} is {result.content_type}, not an HTML page")
    page = extract_page(result)
    if page is None:
        raise FetchError(f"no article text found at {result.final_url}")
    published = page["date"]
    if not published:
        published = result.fetched_at.date().isoformat()
        log.info("no publication date on %s; using the fetch date %s", result.final_url, published)
    title = page["title"] or cut(split_paragraphs(page["text"])[0], 120)
    return Article(
        title=title,
        published=published,
        body=page["text"],
        source=source or page["sitename"],
        url=result.final_url,
        lang=page["lang"] or "en",
        origin=result.url,
    )


def is_web_url(text: str) -> bool:
    """True for arguments meant as web addresses (``http://`` or ``https://``), not file paths."""
    return str(text).strip().lower().startswith(("http://", "https://"))


def ingest_url(
    store: Store,
    url: str,
    *,
    allow: "AllowList | str | Iterable[str] | None" = None,
    settings: FetchSettings | None = None,
    extract: bool = True,
) -> IngestReport:
    """Fetch one web page, extract its article and store it (then run extraction if new).

    Failures (refused address, HTTP error, no article text) are reported, never raised.
    """
    return ingest_urls(store, [url], allow=allow, settings=settings, extract=extract)


def ingest_urls(
    store: Store,
    urls: Iterable[str],
    *,
    allow: "AllowList | str | Iterable[str] | None" = None,
    settings: FetchSettings | None = None,
    extract: bool = True,
) -> IngestReport:
    """``ingest_url`` for several pages; one failing page does not stop the others."""
    report = IngestReport()
    try:
        settings = settings or FetchSettings.from_env()
    except SettingsError as exc:  # a bad BRIEFINGS_FETCH_* value: say so for each URL, fetch nothing
        report.failures += [Failure(url, str(exc)) for url in urls]
        return report
    for url in urls:
        try:
            result = fetch(url, allow=allow, settings=settings, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
            article = article_from_page(result)
        except FetchError as exc:
            report.failures.append(Failure(url, str(exc)))
            continue
        report.merge(add_articles(store, [article]))
    if extract and report.new_ids:
        run_extraction(store, report.new_ids)
    return report


__all__ = [
    "AllowList",
    "FetchError",
    "FetchResult",
    "FetchSettings",
    "HTTPStatusError",
    "ResponseTooLarge",
    "TooManyRedirects",
    "UnsafeURL",
    "article_from_page",
    "blocked_reason",
    "check_url",
    "embedded_ipv4",
    "extract_page",
    "fetch",
    "ingest_url",
    "ingest_urls",
    "is_web_url",
    "parse_url",
    "redirect_target",
]
