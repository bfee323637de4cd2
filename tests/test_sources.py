"""Sources: managing them, OPML, and polling real feeds from a local HTTP server."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

import pytest

from briefings.ingest.fetch import AllowList, FetchSettings
from briefings.sources import (
    PollSettings,
    SourceError,
    SourceExists,
    add_source,
    backoff_minutes,
    export_opml,
    get_source,
    import_opml,
    list_sources,
    poll_all,
    poll_source,
    remove_source,
)
from tests.fixtures.feeds.localserver import FIXTURES

T0 = datetime(2024, 11, 1, 12, 0, tzinfo=timezone.utc)
SETTINGS = PollSettings(
    fetch=FetchSettings(allow=AllowList.parse("127.0.0.1/32"), connect_timeout=2, read_timeout=2, total_timeout=10, max_bytes=2 * 1024 * 1024),
    poll_minutes=30,
    notice_after=3,
)


def entries(store, source_id):
    return store.conn.execute("select guid, article_id from source_entries where source_id = ? order by guid", [source_id]).fetchall()


# -- managing sources ---------------------------------------------------------------------------
def test_add_list_remove(store):
    first = add_source(store, "https://news.example.org/rss.xml", "Example News")
    second = add_source(store, " http://other.example.net/feed ")
    assert first["name"] == "Example News" and first["kind"] == "feed" and first["errors"] == 0
    assert second["url"] == "http://other.example.net/feed" and second["name"] == "other.example.net"
    assert [s["id"] for s in list_sources(store)] == [first["id"], second["id"]]
    with pytest.raises(SourceExists, match=f"already a source: #{first['id']} Example News") as caught:
        add_source(store, "https://news.example.org/rss.xml")
    assert caught.value.source["id"] == first["id"]
    assert remove_source(store, f"#{first['id']}")["url"] == "https://news.example.org/rss.xml"
    assert remove_source(store, "http://other.example.net/feed")["id"] == second["id"]
    assert list_sources(store) == []
    with pytest.raises(SourceError, match="no source"):
        remove_source(store, "42")


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "file:///etc/passwd", "not a url", "", "example.com/rss"])
def test_add_refuses_urls_that_are_not_http(store, url):
    with pytest.raises(SourceError):
        add_source(store, url)
    assert list_sources(store) == []


def test_add_with_discovery_takes_the_feed_title_or_the_linked_feed(store, feed_server):
    feed_server.add_file("/feeds/rss2.xml", "rss2.xml")
    feed_server.add_file("/home", "with-feed-link.html", content_type="text/html")
    feed_server.add_file("/plain", "disguised.html", content_type="text/html")
    direct = add_source(store, feed_server.url("/feeds/rss2.xml"), discover=True, settings=SETTINGS)
    assert direct["name"] == "Harbour Diplomatic Wire"
    remove_source(store, direct["id"])
    via_page = add_source(store, feed_server.url("/home"), discover=True, settings=SETTINGS)
    assert via_page["url"] == feed_server.url("/feeds/rss2.xml") and via_page["name"] == "Harbour Diplomatic Wire"
    with pytest.raises(SourceExists):
        add_source(store, feed_server.url("/home"), discover=True, settings=SETTINGS)
    with pytest.raises(SourceError, match="HTML page"):
        add_source(store, feed_server.url("/plain"), discover=True, settings=SETTINGS)
    with pytest.raises(SourceError, match="loopback"):
        add_source(store, feed_server.url("/feeds/rss2.xml?again"), discover=True, settings=PollSettings())
    assert len(list_sources(store)) == 1


def test_removing_a_source_keeps_its_articles(store, feed_server):
    feed_server.add_file("/rss2.xml", "rss2.xml")
    source = add_source(store, feed_server.url("/rss2.xml"))
    report = poll_all(store, SETTINGS, extract=False)
    assert len(report.new_ids) == 2
    remove_source(store, source["id"])
    assert store.article_ids() == sorted(report.new_ids)
    assert store.conn.execute("select count(*) from articles where source_id is not null").fetchone()[0] == 0
    assert store.conn.execute("select count(*) from source_entries").fetchone()[0] == 0


# -- OPML ---------------------------------------------------------------------------------------------
def test_import_opml_adds_nested_feeds_and_reports_bad_ones(store):
    report = import_opml(store, FIXTURES / "sources.opml")
    assert [s["url"] for s in report.added] == ["http://news.example.org/rss.xml", "https://atlantic.example.net/atom"]
    assert [s["name"] for s in report.added] == ["Harbour Diplomatic Wire", "Atlantic Affairs"]
    assert len(report.failures) == 1 and "ftp" in report.failures[0].reason
    again = import_opml(store, FIXTURES / "sources.opml")
    assert again.added == [] and len(again.existing) == 2
    assert again.summary() == "0 added, 2 already there, 1 failed"


def test_export_then_import_round_trips(store, db_path, tmp_path):
    from briefings.store import Store

    add_source(store, "https://a.example.org/feed?x=1&y=2", 'Quotes "and" <angles> & more')
    add_source(store, "https://b.example.org/atom", "Второй источник")
    text = export_opml(store)
    root = ElementTree.fromstring(text.encode())
    assert root.tag == "opml" and root.get("version") == "2.0"
    exported = tmp_path / "out.opml"
    exported.write_text(text, encoding="utf-8")
    with Store(tmp_path / "other.db") as other:
        import_opml(other, exported)
        assert [(s["url"], s["name"]) for s in list_sources(other)] == [
            (s["url"], s["name"]) for s in list_sources(store)
        ]


@pytest.mark.parametrize(
    "content, reason",
    [
        ("<opml><body><outline", "not valid OPML"),
        ("<rss version='2.0'><channel/></rss>", "not an OPML file"),
        ("<opml version='2.0'><body><outline text='folder'/></body></opml>", "no feeds"),
        ("", "not valid OPML"),
    ],
)
def test_bad_opml_files_are_refused_clearly(store, tmp_path, content, reason):
    path = tmp_path / "bad.opml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=reason):
        import_opml(store, path)
    with pytest.raises(SourceError, match="cannot read"):
        import_opml(store, tmp_path / "missing.opml")


def test_opml_external_entities_are_not_resolved(store, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "xxe.opml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY leak SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><body><outline text="&leak;" xmlUrl="https://x.example.org/feed"/></body></opml>',
        encoding="utf-8",
    )
    try:
        import_opml(store, path)
    except SourceError as exc:  # lxml refuses the reference outright
        assert "external entity" in str(exc)
    assert all("TOP-SECRET" not in (s["name"] or "") for s in list_sources(store))


# -- polling -----------------------------------------------------------------------------------------
def serve_fixture_feeds(feed_server):
    feed_server.add_file("/rss2.xml", "rss2.xml")
    feed_server.add_file("/atom.xml", "atom.xml", content_type="application/atom+xml")
    feed_server.add_file("/rss1.rdf", "rss1.rdf", content_type="application/rdf+xml")
    feed_server.add_file("/noguid.xml", "noguid.xml")
    feed_server.add_file("/ru.xml", "cp1251.xml", content_type="application/rss+xml")
    feed_server.add_file("/latin1.xml", "latin1.xml", content_type="text/xml; charset=iso-8859-1")
    feed_server.add_file("/old.xml", "rss091.xml")


def test_poll_stores_entries_of_every_format_and_repolling_adds_nothing(store, feed_server):
    serve_fixture_feeds(feed_server)
    for path in ("/rss2.xml", "/atom.xml", "/rss1.rdf", "/noguid.xml", "/ru.xml", "/latin1.xml", "/old.xml"):
        add_source(store, feed_server.url(path))
    report = poll_all(store, SETTINGS, extract=False)
    assert [r.status for r in report.results] == ["ok"] * 7, [r.error for r in report.results]
    assert [len(r.new_ids) for r in report.results] == [2, 2, 1, 3, 1, 1, 1]
    titles = {store.get_article(i)["title"]: store.get_article(i) for i in report.new_ids}
    norway = titles["Norway and Chile sign a fisheries cooperation memorandum"]
    assert norway["published"] == "2024-03-05"
    assert norway["source"] == feed_server.url("/rss2.xml").split("//")[1].split(":")[0]  # name defaults to the host
    assert norway["canonical_url"].endswith("/news/norway-chile-fisheries")  # tracking parameter gone
    assert norway["body"].startswith("The fisheries ministers of Norway and Chile")
    assert titles["São Tomé and Switzerland sign a cocoa traceability accord in Zürich"]["published"] == "2024-09-21"
    russian = titles["Министры иностранных дел Армении и Индии провели переговоры в Ереване"]
    assert "Матенадаран" in russian["body"] and russian["lang"] == "ru"
    assert norway["lang"] == "en"
    undated = titles["Iceland and Japan renew a geothermal research agreement"]
    assert undated["published"] == datetime.now(timezone.utc).date().isoformat()
    assert any("no publication date" in note for note in report.results[6].notes)
    source = list_sources(store)[0]
    assert source["articles_fetched"] == 2 and source["last_error"] is None and source["last_polled"]
    assert len(entries(store, source["id"])) == 2
    again = poll_all(store, SETTINGS, extract=False)
    assert again.new_ids == [] and [r.status for r in again.results] == ["ok"] * 7
    assert list_sources(store)[0]["articles_fetched"] == 2


def test_conditional_get_304_is_not_modified(store, feed_server):
    feed_server.add_conditional("/feed", "atom.xml", etag='W/"a1"', last_modified="Tue, 02 Apr 2024 10:00:00 GMT")
    source = add_source(store, feed_server.url("/feed"))
    first = poll_source(store, source["id"], settings=SETTINGS)
    assert first.status == "ok" and len(first.new_ids) == 2
    row = get_source(store, source["id"])
    assert row["etag"] == 'W/"a1"' and row["last_modified"] == "Tue, 02 Apr 2024 10:00:00 GMT"
    second = poll_source(store, source["id"], settings=SETTINGS)
    assert second.status == "not_modified" and second.new_ids == []
    assert feed_server.requests[-1][1]["If-None-Match"] == 'W/"a1"'
    assert get_source(store, source["id"])["etag"] == 'W/"a1"'


def test_the_same_story_in_two_feeds_is_stored_once(store, feed_server):
    feed_server.add_file("/one.xml", "rss2.xml")
    feed_server.add_file("/two.xml", "rss2.xml")
    add_source(store, feed_server.url("/one.xml"))
    add_source(store, feed_server.url("/two.xml"))
    report = poll_all(store, SETTINGS, extract=False)
    one, two = report.results
    assert len(one.new_ids) == 2 and two.new_ids == [] and sorted(two.duplicate_ids) == sorted(one.new_ids)
    assert len(store.article_ids()) == 2


def test_summary_only_feed_gets_full_text_from_the_linked_pages(store, feed_server):
    feed_server.add_file("/summary.xml", "summary.xml")
    feed_server.add_file("/pages/fulltext-1.html", "pages/fulltext-1.html", content_type="text/html; charset=utf-8")
    feed_server.add_file("/pages/fulltext-2.html", "pages/fulltext-2.html", content_type="text/html; charset=utf-8")
    add_source(store, feed_server.url("/summary.xml"), "Teaser Times")
    report = poll_all(store, SETTINGS, extract=False)
    result = report.results[0]
    assert result.status == "ok" and len(result.new_ids) == 3
    bodies = {store.get_article(i)["title"]: store.get_article(i)["body"] for i in result.new_ids}
    hydrogen = bodies["Finland and Namibia launch a green hydrogen partnership"]
    assert "training centre for hydrogen technicians near the coastal town of Luderitz" in hydrogen
    assert "Copyright" not in hydrogen and "Read more" not in hydrogen
    assert len(hydrogen.split("\n\n")) == 4
    assert "Bhutanese foresters" in bodies["Ireland and Bhutan agree on a forestry exchange"]
    # the third page is gone: the summary is kept, and the poll says so
    assert bodies["Croatia and Tunisia talk about ferry links"].startswith("Croatia and Tunisia discussed a seasonal ferry")
    assert any("HTTP 404" in note and "kept the feed's summary" in note for note in result.notes)
    assert poll_all(store, SETTINGS, extract=False).new_ids == []
    assert feed_server.hits("/pages/fulltext-1.html") == 1  # known GUIDs are not fetched again


def test_page_fetches_per_poll_are_capped_and_the_rest_wait(store, feed_server):
    feed_server.add_conditional("/summary.xml", "summary.xml", etag='"s1"', last_modified="Wed, 09 Oct 2024 06:00:00 GMT")
    feed_server.add_file("/pages/fulltext-1.html", "pages/fulltext-1.html", content_type="text/html")
    feed_server.add_file("/pages/fulltext-2.html", "pages/fulltext-2.html", content_type="text/html")
    source = add_source(store, feed_server.url("/summary.xml"))
    capped = replace(SETTINGS, max_page_fetches=1)
    first = poll_source(store, source["id"], settings=capped)
    assert len(first.new_ids) == 1 and first.deferred == 2
    assert get_source(store, source["id"])["etag"] is None  # not saved: the feed must be read again
    second = poll_source(store, source["id"], settings=capped)
    assert second.status == "ok" and len(second.new_ids) == 1 and second.deferred == 1
    third = poll_source(store, source["id"], settings=capped)
    assert len(third.new_ids) == 1 and third.deferred == 0
    assert get_source(store, source["id"])["etag"] == '"s1"'
    assert poll_source(store, source["id"], settings=capped).status == "not_modified"
    assert sum(feed_server.hits(p) for p in ("/pages/fulltext-1.html", "/pages/fulltext-2.html", "/pages/missing.html")) == 3


def test_full_text_fetching_turned_off_keeps_the_summaries(store, feed_server):
    feed_server.add_file("/summary.xml", "summary.xml")
    add_source(store, feed_server.url("/summary.xml"))
    report = poll_all(store, replace(SETTINGS, max_page_fetches=0), extract=False)
    assert len(report.new_ids) == 3 and report.results[0].deferred == 0
    assert store.get_article(report.new_ids[0])["body"].endswith("Read more on our site.")
    assert feed_server.hits("/pages/fulltext-1.html") == 0


def test_broken_and_disguised_feeds(store, feed_server):
    feed_server.add_file("/broken.xml", "broken.xml")
    feed_server.add_file("/disguised.xml", "disguised.html", content_type="application/rss+xml")
    add_source(store, feed_server.url("/broken.xml"))
    add_source(store, feed_server.url("/disguised.xml"))
    broken, disguised = poll_all(store, SETTINGS, extract=False).results
    assert broken.status == "ok" and len(broken.new_ids) >= 1
    assert any("feed has errors" in note for note in broken.notes)
    assert store.get_article(broken.new_ids[0])["title"] == "Austria and Nepal discuss mountain rescue cooperation"
    assert disguised.status == "failed" and "HTML page" in disguised.error


def test_one_failing_source_never_stops_the_others(store, feed_server):
    feed_server.add("/404.xml", "missing", status=404)
    feed_server.add("/500.xml", "boom", status=500)
    feed_server.add_huge("/huge.xml", 50 * 1024 * 1024, declare_length=False)
    feed_server.add_slow("/slow.xml", delay_before_headers=3)
    feed_server.add_redirect("/loop.xml", "/loop.xml")
    feed_server.add_file("/good.xml", "rss2.xml")
    urls = [feed_server.url(p) for p in ("/404.xml", "/500.xml", "/huge.xml", "/slow.xml", "/loop.xml")]
    urls += ["http://10.255.0.1/feed.xml", f"http://[::1]:{feed_server.port}/good.xml", feed_server.url("/good.xml")]
    for url in urls:
        add_source(store, url)
    settings = replace(SETTINGS, fetch=replace(SETTINGS.fetch, read_timeout=0.3))
    report = poll_all(store, settings, extract=False)
    statuses = [r.status for r in report.results]
    assert statuses == ["failed"] * 7 + ["ok"]
    errors = [r.error for r in report.failed]
    assert "HTTP 404" in errors[0] and "HTTP 500" in errors[1]
    assert "more than 2,097,152 bytes" in errors[2] and "timed out" in errors[3] and "redirect loop" in errors[4]
    assert "10.255.0.1, a private address" in errors[5] and "::1, a loopback address" in errors[6]
    assert len(report.results[-1].new_ids) == 2
    rows = list_sources(store)
    assert [r["errors"] for r in rows] == [1] * 7 + [0]
    assert rows[0]["last_error"].startswith("HTTP 404") and rows[0]["next_poll"]
    assert report.summary() == "8 sources polled (1 ok, 0 unchanged, 7 failed); 2 new articles, 0 duplicates"


def test_feeds_are_downloaded_concurrently_and_stored_in_source_order(store, feed_server):
    """Each response waits until three requests are in flight at once: only concurrent fetching passes."""
    import threading

    from tests.fixtures.feeds.localserver import send

    together = threading.Barrier(3, timeout=5)
    fixtures = {"/c1.xml": "rss2.xml", "/c2.xml": "atom.xml", "/c3.xml": "rss1.rdf"}

    def meet_then_serve(handler):
        together.wait()
        data = (FIXTURES / fixtures[handler.path]).read_bytes().replace(b"{{BASE}}", feed_server.base_url.encode())
        send(handler, 200, data, {"Content-Type": "application/xml"})

    for path in fixtures:
        feed_server.add_handler(path, meet_then_serve)
        add_source(store, feed_server.url(path))
    report = poll_all(store, replace(SETTINGS, fetch_workers=3), extract=False)
    assert [r.status for r in report.results] == ["ok"] * 3
    assert [len(r.new_ids) for r in report.results] == [2, 2, 1]
    assert report.new_ids == sorted(report.new_ids)  # stored one source after another, in order


def test_backoff_grows_notice_after_n_failures_and_recovery_resets(store, feed_server):
    feed_server.add("/flaky.xml", "down", status=503)
    feed_server.add_file("/steady.xml", "atom.xml")
    flaky = add_source(store, feed_server.url("/flaky.xml"), "Flaky Feed")
    add_source(store, feed_server.url("/steady.xml"))
    notices = []
    now = T0
    waits = []
    for _ in range(4):
        report = poll_all(store, SETTINGS, now=now, extract=False, on_notice=notices.append)
        assert report.results[1].status == "ok"  # the other source goes on every time
        row = get_source(store, flaky["id"])
        next_poll = datetime.fromisoformat(row["next_poll"])
        waits.append(next_poll - now)
        # just before the next attempt is due the source is skipped, not fetched
        before = feed_server.hits("/flaky.xml")
        skipped = poll_all(store, SETTINGS, now=next_poll - timedelta(minutes=1), extract=False)
        assert skipped.results[0].status == "skipped" and feed_server.hits("/flaky.xml") == before
        now = next_poll
    assert waits == [timedelta(minutes=m) for m in (30, 60, 120, 240)]
    assert [n.kind for n in notices] == ["failing"]  # once, when the count reaches notice_after
    assert notices[0].errors == 3 and "Flaky Feed" in notices[0].message and "HTTP 503" in notices[0].message
    feed_server.add_file("/flaky.xml", "rss2.xml")
    report = poll_all(store, SETTINGS, now=now, extract=False, on_notice=notices.append)
    assert report.results[0].status == "ok" and len(report.results[0].new_ids) == 2
    assert [n.kind for n in notices] == ["failing", "recovered"]
    assert "works again after 4 failures" in notices[1].message
    row = get_source(store, flaky["id"])
    assert (row["errors"], row["next_poll"], row["last_error"]) == (0, None, None)


def test_backoff_is_capped_and_retry_after_is_respected(store, feed_server):
    assert backoff_minutes(1, SETTINGS) == 30
    assert backoff_minutes(30, SETTINGS) == 24 * 60
    feed_server.add("/busy.xml", "later", status=429, headers={"Retry-After": "7200"})
    source = add_source(store, feed_server.url("/busy.xml"))
    result = poll_source(store, source["id"], settings=SETTINGS, now=T0)
    assert result.status == "failed" and datetime.fromisoformat(result.next_poll) == T0 + timedelta(hours=2)


def test_poll_all_ignores_backoff_when_asked_and_survives_a_failing_notice_callback(store, feed_server):
    feed_server.add("/down.xml", "x", status=500)
    source = add_source(store, feed_server.url("/down.xml"))
    store.db["sources"].update(source["id"], {"errors": 2})

    def broken_callback(notice):
        raise RuntimeError("telegram is down")

    report = poll_all(store, SETTINGS, now=T0, extract=False, on_notice=broken_callback)
    assert report.notices[0].kind == "failing"
    assert poll_all(store, SETTINGS, now=T0, extract=False).results[0].status == "skipped"
    assert poll_all(store, SETTINGS, now=T0, extract=False, due_only=False).results[0].status == "failed"


def test_new_and_pending_articles_go_to_extraction_and_an_extraction_failure_is_reported(store, feed_server, monkeypatch):
    import briefings.extract

    feed_server.add_file("/rss2.xml", "rss2.xml")
    add_source(store, feed_server.url("/rss2.xml"))
    calls = []
    recording = lambda st, ids, **kw: calls.append(list(ids)) or 0  # noqa: E731  (extracts nothing: all stay pending)
    monkeypatch.setattr(briefings.extract, "extract_articles", recording)
    report = poll_all(store, SETTINGS)
    assert calls == [report.new_ids] and len(report.new_ids) == 2
    feed_server.add_file("/atom.xml", "atom.xml")
    add_source(store, feed_server.url("/atom.xml"))

    def failing(st, ids, **kw):
        raise RuntimeError("model missing")

    monkeypatch.setattr(briefings.extract, "extract_articles", failing)
    report = poll_all(store, SETTINGS)
    assert report.extraction_error == "RuntimeError: model missing" and len(report.new_ids) == 2
    assert len(store.article_ids()) == 4  # stored anyway
    calls.clear()
    monkeypatch.setattr(briefings.extract, "extract_articles", recording)
    report = poll_all(store, SETTINGS, due_only=False)  # nothing new: the four left pending are extracted
    assert report.new_ids == [] and calls == [store.article_ids()]


def test_poll_settings_from_env(monkeypatch):
    from briefings.config import SettingsError

    env = {"BRIEFINGS_POLL_MINUTES": "15", "BRIEFINGS_SOURCE_NOTICE_AFTER": "5", "BRIEFINGS_FETCH_ALLOW": "10.0.0.0/8",
           "BRIEFINGS_FULLTEXT_PER_POLL": "0"}
    settings = PollSettings.from_env(env)
    assert (settings.poll_minutes, settings.notice_after, settings.max_page_fetches) == (15, 5, 0)
    assert settings.fetch.allow.networks and settings.with_allow("localhost").fetch.allow.hosts == {"localhost"}
    polling_off = PollSettings.from_env({"BRIEFINGS_POLL_MINUTES": "0"})  # the bot does not poll; cron does
    assert polling_off.poll_minutes == 0
    assert [backoff_minutes(errors, polling_off) for errors in (1, 2, 3)] == [30, 60, 120]  # the default step
    with pytest.raises(SettingsError, match="BRIEFINGS_POLL_MINUTES"):
        PollSettings.from_env({"BRIEFINGS_POLL_MINUTES": "soon"})


# -- the command line -----------------------------------------------------------------------------------
def test_cli_sources_and_poll(invoke, feed_server, monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFINGS_FETCH_ALLOW", "127.0.0.1/32")
    feed_server.add_file("/rss2.xml", "rss2.xml")
    feed_server.add("/gone.xml", "x", status=404)
    added = invoke("sources", "add", feed_server.url("/rss2.xml"))
    assert added.exit_code == 0 and "Added source #1: Harbour Diplomatic Wire" in added.output
    assert "already a source" in invoke("sources", "add", feed_server.url("/rss2.xml")).output
    refused = invoke("sources", "add", feed_server.url("/gone.xml"))
    assert refused.exit_code == 1 and "HTTP 404" in refused.output and "--no-check" in refused.output
    assert invoke("sources", "add", "--no-check", "--name", "Gone", feed_server.url("/gone.xml")).exit_code == 0
    polled = invoke("poll", "--no-extract")
    assert "Polled: 2 sources polled (1 ok, 0 unchanged, 1 failed); 2 new articles" in polled.output
    assert f"failed: #2 {feed_server.url('/gone.xml')}: HTTP 404" in polled.output and polled.exit_code == 1
    listing = invoke("sources", "list").output
    assert "[1] Harbour Diplomatic Wire" in listing and "2 articles" in listing
    assert "[2] Gone" in listing and "1 failures in a row" in listing and "last error: HTTP 404" in listing
    assert "1 backing off" in invoke("poll", "--no-extract").output
    out = tmp_path / "mine.opml"
    assert invoke("sources", "export", "-o", out).exit_code == 0
    assert invoke("sources", "remove", "1").output.startswith("Removed source #1")
    assert "No such" not in invoke("sources", "remove", "2").output
    assert "No sources" in invoke("sources", "list").output
    imported = invoke("sources", "import", out)
    assert "2 added, 0 already there, 0 failed" in imported.output
    assert "<outline" in invoke("sources", "export").output
    assert invoke("sources", "remove", "99").exit_code == 1
    (tmp_path / "broken.opml").write_text("<opml><body>", encoding="utf-8")
    broken = invoke("sources", "import", tmp_path / "broken.opml")
    assert broken.exit_code == 1 and "not valid OPML/XML" in broken.output and "Traceback" not in broken.output
