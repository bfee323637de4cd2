"""Fetching through the SSRF guard, against real HTTP servers on loopback addresses."""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import replace

import pytest

from briefings.config import SettingsError
from briefings.ingest.fetch import (
    AllowList,
    FetchError,
    FetchSettings,
    HTTPStatusError,
    ResponseTooLarge,
    TooManyRedirects,
    UnsafeURL,
    blocked_reason,
    check_url,
    embedded_ipv4,
    fetch,
    ingest_url,
)
from tests.fixtures.feeds.localserver import FeedServer, send

LOCAL = AllowList.parse("127.0.0.1/32")
FAST = FetchSettings(allow=LOCAL, connect_timeout=2, read_timeout=2, total_timeout=10)


# -- the guard -------------------------------------------------------------------------------
def test_loopback_is_refused_unless_allowed_and_nothing_is_requested(feed_server):
    feed_server.add("/page", "<p>hello</p>")
    with pytest.raises(UnsafeURL, match="127.0.0.1, a loopback address"):
        fetch(feed_server.url("/page"))
    assert feed_server.hits("/page") == 0
    assert fetch(feed_server.url("/page"), allow="127.0.0.1/32").content == b"<p>hello</p>"
    assert feed_server.hits("/page") == 1


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://ftp.example.com/feed.xml", "only http and https"),
        ("gopher://example.com/", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("example.com/feed.xml", "only http and https"),
        ("http:///nohost", "no host"),
        ("http://[::1]/", "::1, a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://2130706433/", "127.0.0.1, a loopback address"),  # decimal form of 127.0.0.1
        ("http://0177.0.0.1/", "Invalid IPv4 address"),  # octal: httpx refuses the form outright
        ("http://0x7f.0.0.1/", "127.0.0.1, a loopback address"),  # hexadecimal
        ("http://127.1/", "127.0.0.1, a loopback address"),  # short form
        ("http://0.0.0.0/", "unspecified"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10:8080/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
        ("http://224.0.0.1/", "multicast"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd00::1]/", "private"),
        ("http://localhost/", "loopback"),
        # IPv6 addresses carrying a non-public IPv4 address
        ("http://[2002:7f00:1::]/", "6to4 address embedding 127.0.0.1, a loopback address"),
        ("http://[2002:a9fe:a9fe::1]/", "6to4 address embedding 169.254.169.254, a link-local address"),
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "Teredo client address embedding 127.0.0.1, a loopback"),
        ("http://[2001:0:a00:1::1]/", "Teredo server address embedding 10.0.0.1, a private"),
        ("http://[64:ff9b::7f00:1]/", "NAT64 address embedding 127.0.0.1, a loopback"),
        ("http://[64:ff9b::c0a8:1]/", "NAT64 address embedding 192.168.0.1, a private"),
        ("http://[64:ff9b:1::a00:1]/", "local-use NAT64"),
    ],
)
def test_guard_refuses_schemes_and_non_public_addresses(url, fragment):
    with pytest.raises(UnsafeURL, match=fragment.replace("[", r"\[").replace(".", r"\.")):
        fetch(url, settings=FAST, allow="")


def test_embedded_ipv4_addresses_are_read_from_6to4_teredo_and_nat64():
    v4 = ipaddress.IPv4Address
    assert embedded_ipv4(ipaddress.ip_address("2002:5db8:d822::1")) == [("6to4", v4("93.184.216.34"))]
    assert embedded_ipv4(ipaddress.ip_address("2001:0:4136:e378:8000:63bf:80ff:fffe")) == [
        ("Teredo server", v4("65.54.227.120")), ("Teredo client", v4("127.0.0.1"))]  # the client bits are inverted
    assert embedded_ipv4(ipaddress.ip_address("64:ff9b::a00:1")) == [("NAT64", v4("10.0.0.1"))]
    assert embedded_ipv4(ipaddress.ip_address("2606:4700::1111")) == []
    assert embedded_ipv4(ipaddress.ip_address("127.0.0.1")) == []


def test_6to4_of_loopback_is_refused_before_any_connection(monkeypatch):
    connects = []
    real_connect = socket.create_connection
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connects.append(a) or real_connect(*a, **k))
    with pytest.raises(UnsafeURL, match="embedding 127.0.0.1, a loopback"):
        fetch("http://[2002:7f00:1::]/", settings=FAST, allow="")
    assert connects == []
    with pytest.raises(FetchError) as allowed:  # allowed, it gets as far as connecting (and fails: no 6to4 relay)
        fetch("http://[2002:7f00:1::]/", settings=replace(FAST, allow_private=True, connect_timeout=0.5))
    assert not isinstance(allowed.value, UnsafeURL) and len(connects) == 1


def test_blocked_reason_names_public_addresses_fine():
    assert blocked_reason(ipaddress.ip_address("93.184.216.34")) is None
    assert blocked_reason(ipaddress.ip_address("2606:4700::1111")) is None
    assert blocked_reason(ipaddress.ip_address("100.64.0.1")) == "non-public"  # carrier-grade NAT
    assert blocked_reason(ipaddress.ip_address("240.0.0.1")) in ("private", "reserved")


def test_allow_list_parses_hosts_and_networks_and_rejects_junk():
    allow = AllowList.parse("Intranet.Example., 10.0.0.0/8; ::1  127.0.0.1/32")
    assert allow.allows_host("intranet.example")
    assert allow.allows_address(ipaddress.ip_address("10.20.30.40"))
    assert allow.allows_address(ipaddress.ip_address("::1"))
    assert not allow.allows_address(ipaddress.ip_address("192.168.1.1"))
    assert not AllowList.parse("")
    with pytest.raises(SettingsError, match="BRIEFINGS_FETCH_ALLOW"):
        AllowList.parse("http://bad/entry")


def test_allow_list_from_env_and_settings(monkeypatch):
    monkeypatch.setenv("BRIEFINGS_FETCH_ALLOW", "localhost")
    monkeypatch.setenv("BRIEFINGS_FETCH_MAX_MB", "0.5")
    settings = FetchSettings.from_env()
    assert settings.allow.allows_host("localhost")
    assert settings.max_bytes == 512 * 1024
    monkeypatch.setenv("BRIEFINGS_FETCH_MAX_MB", "lots")
    with pytest.raises(SettingsError, match="BRIEFINGS_FETCH_MAX_MB"):
        FetchSettings.from_env()


def test_allowed_hostname_allows_what_it_resolves_to(feed_server):
    feed_server.add("/page", "ok")
    url = f"http://localhost:{feed_server.port}/page"
    parsed, addresses = check_url(url, AllowList.parse("localhost"))
    assert "127.0.0.1" in addresses
    assert fetch(url, allow="localhost", settings=FAST).content == b"ok"
    # the name is allowed, not the address: the same server by number is refused
    with pytest.raises(UnsafeURL):
        fetch(feed_server.url("/page"), allow="localhost", settings=FAST)


def test_redirect_from_allowed_host_to_private_address_is_refused_without_connecting(feed_server):
    with FeedServer(host="127.0.0.2") as inner:
        inner.add("/secret", "internal data")
        feed_server.add_redirect("/go-inner", inner.url("/secret"))
        feed_server.add_redirect("/go-ten", "http://10.0.0.7/admin")
        with pytest.raises(UnsafeURL, match="127.0.0.2, a loopback address"):
            fetch(f"http://localhost:{feed_server.port}/go-inner", allow="localhost", settings=FAST)
        with pytest.raises(UnsafeURL, match="10.0.0.7, a private address"):
            fetch(f"http://localhost:{feed_server.port}/go-ten", allow="localhost", settings=FAST)
        assert feed_server.hits("/go-inner") == 1 and feed_server.hits("/go-ten") == 1
        assert inner.requests == []


def test_redirect_to_a_non_http_scheme_is_refused(feed_server):
    feed_server.add_redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(UnsafeURL, match="only http and https"):
        fetch(feed_server.url("/to-file"), settings=FAST)


MALFORMED_LOCATIONS = [
    "http:\\\\169.254.169.254\\",  # http:\\169.254.169.254\ : browsers read it as http://169.254.169.254/
    "\\\\169.254.169.254\\latest",
    "http:no-host-here",
    "http://user@:80/",
    "http://[::1",
    "//[not-an-address]/",
    "http://exa\x01mple.org/",
    "http://bad..example/",
    "http://[::1]:port/",
    "http://example.org:99999/",
    "http://%zz/",
    "http://" + "a" * 64 + ".example/",
]


@pytest.mark.parametrize("location", MALFORMED_LOCATIONS)
def test_malformed_redirect_locations_are_fetch_errors_naming_the_hop(feed_server, location):
    feed_server.add_redirect("/bad-location", location)
    with pytest.raises(UnsafeURL, match="/bad-location redirects to .*(not a valid URL|invalid URL)"):
        fetch(feed_server.url("/bad-location"), settings=FAST)
    assert feed_server.hits("/bad-location") == 1


def test_a_malformed_redirect_is_reported_by_ingest_not_raised(feed_server, store):
    feed_server.add_redirect("/bad-location", "http:\\\\169.254.169.254\\")
    report = ingest_url(store, feed_server.url("/bad-location"), allow=LOCAL, extract=False)
    assert "not a valid URL: a backslash" in report.failures[0].reason
    assert store.article_ids() == []


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http:\\\\169.254.169.254\\", "a backslash where only a slash belongs"),
        ("http://[::1", "Invalid port"),
        ("http://exa\x00mple.org/", "non-printable"),
        ("http://ex\u00e4mple..org/", "Invalid IDNA hostname"),
        ("http://[::1]:x/", "Invalid port"),
        ("http://example.org:99999/", "port 99999 is out of range"),
        ("https://example.org:-1/", "port -1 is out of range"),
        ("http://%zz/", "not a valid host name"),
        ("http://exa mple.org/", "not a valid host name"),
        ("http://" + "a" * 64 + ".example/", "not a valid host name"),
        ("http://-leading-hyphen.example/", "not a valid host name"),
    ],
)
def test_malformed_urls_are_refused_with_the_reason(url, fragment):
    with pytest.raises(UnsafeURL, match=f"invalid URL .*{re.escape(fragment)}"):
        fetch(url, settings=FAST)


def test_connection_goes_to_the_checked_address_with_the_original_host_header(feed_server):
    feed_server.add("/page", "pinned")
    fetch(f"http://localhost:{feed_server.port}/page", allow="localhost", settings=FAST)
    path, headers = feed_server.requests[-1]
    assert headers["Host"] == f"localhost:{feed_server.port}"
    assert headers["User-Agent"].startswith("Briefings/")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    from tests.fixtures.feeds.localserver import make_certificate

    try:
        ca, cert, key = make_certificate(tmp_path_factory.mktemp("tls"), "localhost")
    except (FileNotFoundError, OSError) as exc:
        pytest.skip(f"openssl is needed to make a test certificate: {exc}")
    with FeedServer(tls=(cert, key)) as running:
        running.ca = str(ca)
        yield running


def test_https_is_pinned_to_the_checked_address_yet_verified_for_the_host_name(tls_server):
    """The request goes to 127.0.0.1, but SNI and certificate checks use the URL's name."""
    tls_server.add("/secure", "over tls")
    settings = FetchSettings(allow=AllowList.parse("localhost"), ca_bundle=tls_server.ca, connect_timeout=2, read_timeout=2)
    url = f"https://localhost:{tls_server.port}/secure"
    assert fetch(url, settings=settings).content == b"over tls"
    assert tls_server.requests[-1][1]["Host"] == f"localhost:{tls_server.port}"
    # the certificate names only "localhost": by number the name check fails
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate"):
        fetch(f"https://127.0.0.1:{tls_server.port}/secure", settings=replace(settings, allow=LOCAL))
    # an unknown CA is refused (certifi's roots only)
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate"):
        fetch(url, settings=replace(settings, ca_bundle=None))


# -- redirects, statuses, conditional GET --------------------------------------------------------
def test_redirects_are_followed_and_relative_locations_resolved(feed_server):
    feed_server.add("/final", "arrived")
    feed_server.add_redirect("/a", "/b", 301)
    feed_server.add_redirect("/b", feed_server.url("/final"), 307)
    result = fetch(feed_server.url("/a"), settings=FAST)
    assert result.content == b"arrived"
    assert result.final_url == feed_server.url("/final")
    assert result.url == feed_server.url("/a")


def test_redirect_without_location_is_an_error(feed_server):
    feed_server.add("/nowhere", "", status=302)
    with pytest.raises(FetchError, match="HTTP 302 .* without a Location"):
        fetch(feed_server.url("/nowhere"), settings=FAST)


def test_redirect_loop_is_stopped(feed_server):
    feed_server.add_redirect("/loop-a", "/loop-b")
    feed_server.add_redirect("/loop-b", "/loop-a")
    with pytest.raises(TooManyRedirects, match="redirect loop"):
        fetch(feed_server.url("/loop-a"), settings=FAST)
    assert feed_server.hits("/loop-a") == 1 and feed_server.hits("/loop-b") == 1


def test_redirect_chain_longer_than_the_limit_is_stopped(feed_server):
    for i in range(10):
        feed_server.add_redirect(f"/hop{i}", f"/hop{i + 1}")
    feed_server.add("/hop10", "too far")
    with pytest.raises(TooManyRedirects, match="more than 3 redirects"):
        fetch(feed_server.url("/hop0"), settings=FetchSettings(allow=LOCAL, max_redirects=3))
    assert feed_server.hits("/hop3") == 1 and feed_server.hits("/hop4") == 0


@pytest.mark.parametrize("status, text", [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"), (403, "HTTP 403")])
def test_error_statuses_raise_with_the_status(feed_server, status, text):
    feed_server.add("/err", "oops", status=status)
    with pytest.raises(HTTPStatusError, match=text) as caught:
        fetch(feed_server.url("/err"), settings=FAST)
    assert caught.value.status == status


def test_retry_after_is_kept_on_503(feed_server):
    feed_server.add("/busy", "later", status=503, headers={"Retry-After": "120"})
    with pytest.raises(HTTPStatusError) as caught:
        fetch(feed_server.url("/busy"), settings=FAST)
    assert caught.value.retry_after == 120


def test_conditional_get_sends_validators_and_handles_304(feed_server):
    feed_server.add_conditional("/feed", "rss2.xml", etag='"v1"', last_modified="Tue, 05 Mar 2024 10:00:00 GMT")
    first = fetch(feed_server.url("/feed"), settings=FAST)
    assert first.status == 200 and first.etag == '"v1"' and first.last_modified.startswith("Tue, 05 Mar")
    again = fetch(feed_server.url("/feed"), settings=FAST, etag=first.etag)
    assert again.not_modified and again.content == b""
    by_date = fetch(feed_server.url("/feed"), settings=FAST, last_modified=first.last_modified)
    assert by_date.not_modified
    assert feed_server.requests[1][1]["If-None-Match"] == '"v1"'
    assert feed_server.requests[2][1]["If-Modified-Since"] == "Tue, 05 Mar 2024 10:00:00 GMT"


# -- size and time caps ---------------------------------------------------------------------------
FIFTY_MB = 50 * 1024 * 1024


def test_huge_response_with_declared_length_is_refused_before_reading(feed_server):
    feed_server.add_huge("/huge", FIFTY_MB, declare_length=True)
    with pytest.raises(ResponseTooLarge, match="52,428,800 bytes; the limit is 1,048,576"):
        fetch(feed_server.url("/huge"), settings=FAST, max_bytes=1024 * 1024)


def test_huge_streamed_response_is_aborted_at_the_cap(feed_server):
    feed_server.add_huge("/huge", FIFTY_MB, declare_length=False)
    with pytest.raises(ResponseTooLarge, match="more than 1,048,576 bytes"):
        fetch(feed_server.url("/huge"), settings=FAST, max_bytes=1024 * 1024)
    # the server got to write only what fit in socket buffers before the client hung up
    assert feed_server.bytes_sent["/huge"] < FIFTY_MB // 2


def test_compressed_response_is_capped_on_its_decompressed_size(feed_server):
    import gzip

    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    feed_server.add("/bomb", bomb, content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    with pytest.raises(ResponseTooLarge, match="more than 1,048,576 bytes"):
        fetch(feed_server.url("/bomb"), settings=FAST, max_bytes=1024 * 1024)
    feed_server.add("/small", gzip.compress(b"<rss/>"), content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    assert fetch(feed_server.url("/small"), settings=FAST).content == b"<rss/>"


def test_slow_server_hits_the_read_timeout(feed_server):
    feed_server.add_slow("/slow", delay_before_headers=3)
    with pytest.raises(FetchError, match="timed out"):
        fetch(feed_server.url("/slow"), settings=FetchSettings(allow=LOCAL, read_timeout=0.3))


def test_dripping_server_hits_the_total_time_cap(feed_server):
    feed_server.add_slow("/drip", drip_interval=0.05)
    with pytest.raises(FetchError, match="took too long|timed out"):
        fetch(feed_server.url("/drip"), settings=FetchSettings(allow=LOCAL, read_timeout=1, total_timeout=0.5))


def test_trickled_header_lines_cannot_hold_a_fetch_past_its_deadline(feed_server):
    """Each header line comes well within the read timeout, so only the overall deadline can stop it."""
    lines_sent, trickle_seconds, interval = [], 12.0, 0.25

    def trickle(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        for n in range(int(trickle_seconds / interval)):
            handler.wfile.write(f"X-Trickle-{n}: still coming\r\n".encode())
            handler.wfile.flush()
            lines_sent.append(n)
            time.sleep(interval)
        handler.wfile.write(b"Content-Length: 0\r\n\r\n")

    feed_server.add_handler("/trickle", trickle)
    settings = FetchSettings(allow=LOCAL, connect_timeout=1, read_timeout=1, total_timeout=1.5)
    started = time.monotonic()
    with pytest.raises(FetchError, match="overall time limit"):
        fetch(feed_server.url("/trickle"), settings=settings)
    assert time.monotonic() - started < trickle_seconds / 3
    assert len(lines_sent) >= 3  # it did trickle: several lines arrived within the read timeout
    deadline = time.monotonic() + 5
    while len(lines_sent) < trickle_seconds / interval and time.monotonic() < deadline:
        before = len(lines_sent)
        time.sleep(3 * interval)
        if len(lines_sent) == before:
            break  # the server's writes fail: the client hung up
    assert len(lines_sent) < trickle_seconds / interval / 2


def test_the_deadline_covers_every_redirect_hop(feed_server):
    def slow_redirect(handler):  # each hop well under the read timeout, to a new URL each time
        time.sleep(0.4)
        send(handler, 302, b"", {"Location": f"/slow-hop?{feed_server.hits('/slow-hop')}"})

    feed_server.add_handler("/slow-hop", slow_redirect)
    settings = FetchSettings(allow=LOCAL, read_timeout=1, total_timeout=1.0, max_redirects=10)
    with pytest.raises(FetchError, match="overall time limit|deadline"):
        fetch(feed_server.url("/slow-hop"), settings=settings)
    assert 2 <= feed_server.hits("/slow-hop") <= 4


def test_unresolvable_host_is_a_clear_error():
    with pytest.raises(FetchError, match="cannot resolve host"):
        fetch("http://no-such-host.invalid/feed", settings=FAST)


def test_closed_port_is_a_connection_error():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/", settings=FAST)


# -- single pages -----------------------------------------------------------------------------------
def test_ingest_url_stores_the_page_article(feed_server, store):
    feed_server.add_file("/story", "page-article.html", content_type="text/html; charset=utf-8")
    report = ingest_url(store, feed_server.url("/story?utm_source=x"), allow=LOCAL, extract=False)
    assert report.failures == [] and len(report.new_ids) == 1
    row = store.get_article(report.new_ids[0])
    assert row["title"] == "Senegal and Indonesia sign a maritime training agreement"
    assert row["published"] == "2024-11-04"
    assert row["source"] == "Coastal Courier"
    assert "cadets from the Senegalese merchant navy academy" in row["body"]
    assert "all rights reserved" not in row["body"]
    assert len(row["body"].split("\n\n")) == 3  # paragraphs kept apart
    again = ingest_url(store, feed_server.url("/story"), allow=LOCAL, extract=False)
    assert again.new_ids == [] and again.duplicate_ids == report.new_ids


def test_a_page_without_a_title_is_named_by_its_first_line_cut_between_clusters(feed_server, store):
    flag = "\U0001F1E7\U0001F1FE"  # one cluster of two regional indicators
    first = "Delegations of two neighbouring states met at the border crossing today to discuss freight quotas, "
    first += "rail transit and an " + flag + " customs posts."
    assert len(first.split(flag)[0]) == 119  # the flag straddles the 120-character cut
    body = "".join(f"<p>{line}</p>" for line in [first] + [f"Paragraph {n} of the report on the border talks. " * 3 for n in range(4)])
    feed_server.add("/untitled", f"<html><body><article>{body}</article></body></html>")
    report = ingest_url(store, feed_server.url("/untitled"), allow=LOCAL, extract=False)
    title = store.get_article(report.new_ids[0])["title"]
    assert title == first[:119].rstrip()  # the whole flag left out, not half of it


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/html; charset=windows-1251"], ids=["meta-charset-only", "http-header-charset"]
)
def test_ingest_url_reads_non_utf8_pages(feed_server, store, content_type):
    feed_server.add_file("/ru", "page-cp1251.html", content_type=content_type)
    report = ingest_url(store, feed_server.url("/ru"), allow=LOCAL, extract=False)
    row = store.get_article(report.new_ids[0])
    assert row["title"] == "Министры Армении и Индии обсудили цифровую экономику"
    assert "посетил Матенадаран" in row["body"] and row["published"] == "2024-08-16" and row["lang"] == "ru"


def test_ingest_url_reports_refusals_and_errors_without_raising(feed_server, store):
    feed_server.add_file("/story", "page-article.html", content_type="text/html")
    refused = ingest_url(store, feed_server.url("/story"), allow="", extract=False)
    assert refused.new_ids == [] and "loopback" in refused.failures[0].reason
    missing = ingest_url(store, feed_server.url("/nope"), allow=LOCAL, extract=False)
    assert "HTTP 404" in missing.failures[0].reason
    feed_server.add("/pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    wrong = ingest_url(store, feed_server.url("/pdf"), allow=LOCAL, extract=False)
    assert "application/pdf, not an HTML page" in wrong.failures[0].reason
    assert store.article_ids() == []


def test_cli_ingest_sends_urls_to_the_fetcher_and_paths_to_the_file_parser(feed_server, invoke, monkeypatch, tmp_path):
    from tests.conftest import SEEDS

    monkeypatch.setenv("BRIEFINGS_FETCH_ALLOW", "127.0.0.1")
    feed_server.add_file("/story", "page-article.html", content_type="text/html")
    result = invoke("ingest", "--no-extract", feed_server.url("/story"), SEEDS / "d000.txt", feed_server.url("/gone"))
    assert "Ingested: 2 new, 0 duplicates, 1 failed" in result.output
    assert f"{feed_server.url('/gone')}: HTTP 404" in result.output
    assert result.exit_code == 1
    monkeypatch.setenv("BRIEFINGS_FETCH_ALLOW", "not a host!")
    bad_setting = invoke("ingest", "--no-extract", feed_server.url("/story"))
    assert "BRIEFINGS_FETCH_ALLOW" in bad_setting.output and bad_setting.exit_code == 1
