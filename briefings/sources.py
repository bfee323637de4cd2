"""News sources (RSS/Atom feeds): manage them, import/export OPML, and poll them.

Polling is forgiving per source and strict per fetch: every source is fetched through the
SSRF guard with conditional GET; one source failing never stops the others. A failing source
counts consecutive errors and backs off exponentially (``next_poll``); after
``notice_after`` consecutive failures a notice goes to ``on_notice`` (the bot sends it to the
admins); a source that recovers is reset (and a "recovered" notice follows a failure notice).

Entries are taken once per source by GUID (table ``source_entries``); the store also refuses
duplicates by canonical URL and by content hash. Entries that carry only a summary get their
full text from the linked page (trafilatura), at most ``max_page_fetches`` pages per poll; the
rest wait for the next poll (the feed's ETag is then not saved, so it is read in full again).

Parsing time is bounded, not interrupted: a feed is at most ``BRIEFINGS_FETCH_MAX_MB`` (feedparser
reads roughly 1 MB a second), at most ``max_entries`` entries are taken, and a source stops
taking entries once its ``source_seconds`` budget is spent (the rest wait for the next poll).
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator
from xml.etree import ElementTree

from briefings.config import int_setting
from briefings.ingest.feeds import FeedError, ParsedFeed, discover_feed_links, parse_feed
from briefings.ingest.fetch import (
    AllowList,
    FetchError,
    FetchResult,
    FetchSettings,
    extract_page,
    fetch,
    parse_url,
)
from briefings.ingest.files import Failure
from briefings.models import Article, canonical_url
from briefings.store import Store, storage_problem

log = logging.getLogger(__name__)

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_OPML_BYTES = 5 * 1024 * 1024
#: ``BRIEFINGS_POLL_MINUTES`` is 0 (the bot does not poll; cron runs ``briefings poll``) up to a week.
MAX_POLL_MINUTES = 7 * 24 * 60
#: The first backoff step after a failure when the poll interval is 0 (off).
DEFAULT_BACKOFF_MINUTES = 30


class SourceError(ValueError):
    """A source cannot be added, found or read; the message says why."""


class SourceExists(SourceError):
    """The URL is already a source (``source`` holds its row)."""

    def __init__(self, message: str, source: dict):
        super().__init__(message)
        self.source = source


@dataclass(frozen=True)
class PollSettings:
    """How polling behaves; ``from_env`` reads the ``BRIEFINGS_*`` variables."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    poll_minutes: int = 30  # the bot polls this often (0: it does not); also the first backoff step
    notice_after: int = 3  # consecutive failures before admins get a notice
    max_backoff_minutes: int = 24 * 60
    max_page_fetches: int = 30  # full-text page fetches per poll, over all sources
    max_entries: int = 100  # entries read per feed per poll
    source_seconds: float = 120.0  # time budget per source for its entries (checked between entries)
    fetch_workers: int = 4  # feeds downloaded at the same time

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "PollSettings":
        """``BRIEFINGS_POLL_MINUTES``, ``BRIEFINGS_SOURCE_NOTICE_AFTER``, ``BRIEFINGS_FULLTEXT_PER_POLL``
        and the fetch settings (``BRIEFINGS_FETCH_ALLOW``, ``BRIEFINGS_FETCH_MAX_MB``)."""
        env = os.environ if env is None else env
        return cls(
            fetch=FetchSettings.from_env(env),
            poll_minutes=int_setting(env, "BRIEFINGS_POLL_MINUTES", cls.poll_minutes, minimum=0, maximum=MAX_POLL_MINUTES),
            notice_after=int_setting(env, "BRIEFINGS_SOURCE_NOTICE_AFTER", cls.notice_after),
            max_page_fetches=int_setting(env, "BRIEFINGS_FULLTEXT_PER_POLL", cls.max_page_fetches, minimum=0),
        )

    def with_allow(self, allow) -> "PollSettings":
        """A copy with another allow-list (a string like ``"localhost, 10.0.0.0/8"`` or an AllowList)."""
        return replace(self, fetch=replace(self.fetch, allow=AllowList.parse(allow)))


@dataclass
class SourceNotice:
    """Something admins should hear about one source: ``kind`` is ``failing`` or ``recovered``."""

    kind: str
    source_id: int
    url: str
    name: str | None
    errors: int
    error: str | None = None

    @property
    def message(self) -> str:
        label = f"#{self.source_id} {self.name or self.url}"
        if self.kind == "failing":
            return f"Source {label} failed {self.errors} times in a row: {self.error}. Polling backs off; check {self.url}"
        return f"Source {label} works again after {self.errors} failures."


@dataclass
class SourceResult:
    """What one poll did for one source. ``status``: ok, not_modified, failed or skipped."""

    source_id: int
    url: str
    name: str | None
    status: str
    new_ids: list[int] = field(default_factory=list)
    duplicate_ids: list[int] = field(default_factory=list)
    error: str | None = None
    errors: int = 0
    next_poll: str | None = None
    notes: list[str] = field(default_factory=list)
    deferred: int = 0  # entries left for the next poll (page-fetch cap or time budget)
    notice: SourceNotice | None = None


@dataclass
class PollReport:
    """All sources of one poll, the notices raised and any extraction failure."""

    results: list[SourceResult] = field(default_factory=list)
    extraction_error: str | None = None

    @property
    def new_ids(self) -> list[int]:
        return [i for r in self.results for i in r.new_ids]

    @property
    def notices(self) -> list[SourceNotice]:
        return [r.notice for r in self.results if r.notice]

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        count = lambda status: sum(r.status == status for r in self.results)  # noqa: E731
        polled = len(self.results) - count("skipped")
        text = (
            f"{polled} sources polled ({count('ok')} ok, {count('not_modified')} unchanged, {count('failed')} failed); "
            f"{len(self.new_ids)} new articles, {sum(len(r.duplicate_ids) for r in self.results)} duplicates"
        )
        if count("skipped"):
            text += f"; {count('skipped')} backing off"
        return text


class PageBudget:
    """How many full-text page fetches this poll may still make."""

    def __init__(self, pages: int):
        self.remaining = pages

    def take(self) -> bool:
        if self.remaining <= 0:
            return False
        self.remaining -= 1
        return True


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc)


# -- managing sources ---------------------------------------------------------------------
def get_source(store: Store, id_or_url: int | str) -> dict | None:
    """The source with this id (or ``#id``) or exact URL, or None."""
    key = str(id_or_url).strip().lstrip("#")
    if key.isdigit():
        rows = list(store.db["sources"].rows_where("id = ?", [int(key)]))
    else:
        rows = list(store.db["sources"].rows_where("url = ?", [str(id_or_url).strip()]))
    return rows[0] if rows else None


def add_source(
    store: Store,
    url: str,
    name: str | None = None,
    *,
    discover: bool = False,
    settings: PollSettings | None = None,
) -> dict:
    """Add a feed URL as a source and return its row.

    The URL must be http(s). With ``discover`` the URL is fetched first (through the guard):
    a feed gives its title as the default name; an HTML page is searched for its advertised
    RSS/Atom link, which is added instead. Raises SourceExists or SourceError.
    """
    url = str(url or "").strip()
    try:
        parse_url(url)
    except FetchError as exc:
        raise SourceError(str(exc)) from None
    _refuse_existing(store, url)
    title = None
    if discover:
        url, title = discover_feed(url, settings or PollSettings.from_env())
        _refuse_existing(store, url)
    record = {
        "url": url,
        "name": (name or "").strip() or title or parse_url(url).host,
        "kind": "feed",
        "errors": 0,
        "articles_fetched": 0,
        "created_at": _iso(_now(None)),
    }
    with store.conn:
        source_id = store.db["sources"].insert(record).last_pk
    return get_source(store, source_id)


def _refuse_existing(store: Store, url: str) -> None:
    """SourceExists if ``url`` is already a source."""
    if existing := get_source(store, url):
        raise SourceExists(f"already a source: #{existing['id']} {existing['name'] or existing['url']}", existing)


def discover_feed(url: str, settings: PollSettings) -> tuple[str, str | None]:
    """The feed URL and title for ``url``: the URL itself if it is a feed, else the feed its page links to."""
    try:
        result = fetch(url, settings=settings.fetch, accept=FEED_ACCEPT)
        try:
            return url, parse_feed(result.content, url=result.final_url, headers=result.headers).title
        except FeedError as not_feed:
            links = discover_feed_links(result.content, result.final_url) if "html" in result.content_type or result.content.lstrip()[:1] == b"<" else []
            if not links:
                raise SourceError(f"{url}: {not_feed}") from None
            linked = fetch(links[0], settings=settings.fetch, accept=FEED_ACCEPT)
            return links[0], parse_feed(linked.content, url=linked.final_url, headers=linked.headers).title
    except (FetchError, FeedError) as exc:
        raise SourceError(f"{url}: {exc}") from None


def list_sources(store: Store) -> list[dict]:
    """All sources in the order they were added, with their polling state."""
    return list(store.db["sources"].rows_where(order_by="id"))


def remove_source(store: Store, id_or_url: int | str) -> dict:
    """Remove a source (by id, ``#id`` or URL) and its entry record; its articles stay. Returns the row."""
    row = get_source(store, id_or_url)
    if not row:
        raise SourceError(f"no source {id_or_url!r} (see `briefings sources list`)")
    with store.conn:
        store.conn.execute("delete from source_entries where source_id = ?", [row["id"]])
        store.conn.execute("update articles set source_id = null where source_id = ?", [row["id"]])
        store.conn.execute("delete from sources where id = ?", [row["id"]])
    return row


@dataclass
class OpmlReport:
    added: list[dict] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.existing)} already there, {len(self.failures)} failed"


def import_opml(store: Store, path: str | Path) -> OpmlReport:
    """Add every ``<outline xmlUrl=...>`` of an OPML file (nested folders too) as a source."""
    from lxml import etree

    path = Path(path)
    report = OpmlReport()
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise SourceError(f"{path}: file too large for an OPML list (limit {MAX_OPML_BYTES:,} bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{path}: not valid OPML/XML ({exc})") from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise SourceError(f"{path}: not an OPML file (the root element is not <opml>)")
    outlines = [o for o in root.iter("{*}outline") if _attr(o, "xmlUrl")]
    if not outlines:
        raise SourceError(f"{path}: no feeds in it (no <outline> has an xmlUrl)")
    for outline in outlines:
        url = _attr(outline, "xmlUrl")
        try:
            report.added.append(add_source(store, url, _attr(outline, "title") or _attr(outline, "text")))
        except SourceExists:
            report.existing.append(url)
        except SourceError as exc:
            report.failures.append(Failure(url, str(exc)))
    return report


def _attr(element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if key.lower() == name.lower() and value.strip():
            return value.strip()
    return None


def export_opml(store: Store, *, title: str = "Briefings sources") -> str:
    """The sources as an OPML 2.0 document."""
    from email.utils import format_datetime

    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(_now(None))
    body = ElementTree.SubElement(opml, "body")
    for row in list_sources(store):
        name = row["name"] or row["url"]
        ElementTree.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=row["url"])
    ElementTree.indent(opml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(opml, encoding="unicode") + "\n"


# -- polling ------------------------------------------------------------------------------
def due_sources(store: Store, now: datetime | None = None) -> list[dict]:
    """Sources whose ``next_poll`` has passed (or is unset)."""
    now = _now(now)
    return [row for row in list_sources(store) if not row["next_poll"] or datetime.fromisoformat(row["next_poll"]) <= now]


def poll_all(
    store: Store,
    settings: PollSettings | None = None,
    progress: bool = False,
    now: datetime | None = None,
    *,
    due_only: bool = True,
    extract: bool = True,
    on_notice: Callable[[SourceNotice], None] | None = None,
) -> PollReport:
    """Poll every source (only those due, unless ``due_only`` is false), then extract what is pending.

    Sources backing off are reported as ``skipped``. ``on_notice`` is called for each notice
    (also collected in ``report.notices``); an exception it raises is logged, not propagated.
    A database that cannot be written (full disk, read-only file) raises its
    ``sqlite3.OperationalError``: ``briefings.store.storage_problem`` says what to do.
    """
    from tqdm import tqdm

    settings = settings or PollSettings.from_env()
    now = _now(now)
    budget = PageBudget(settings.max_page_fetches)
    report = PollReport()
    rows = list_sources(store)
    due_ids = {row["id"] for row in (due_sources(store, now) if due_only else rows)}
    feeds = _fetch_ahead([row for row in rows if row["id"] in due_ids], settings)
    try:
        for row in tqdm(rows, desc="poll", unit="source", disable=not progress, file=sys.stderr):
            if row["id"] not in due_ids:
                report.results.append(SourceResult(
                    row["id"], row["url"], row["name"], "skipped", errors=row["errors"] or 0, next_poll=row["next_poll"]
                ))
                continue
            _, fetching = next(feeds)
            result = poll_source(store, row, settings=settings, now=now, budget=budget, fetching=fetching)
            report.results.append(result)
            if result.notice and on_notice:
                try:
                    on_notice(result.notice)
                except Exception:  # a notice that cannot be delivered must not stop polling
                    log.exception("could not deliver the notice for source #%s", result.source_id)
    finally:
        feeds.close()
    if extract:
        from briefings.extract import extract_pending

        try:  # the new articles, and any that an interrupted run left pending
            extract_pending(store)
        except Exception as exc:  # articles are stored and stay pending: the next run extracts them
            if storage_problem(exc, store.path):  # the caller says what to do about the database
                raise
            log.exception("extraction after polling failed (%d new articles)", len(report.new_ids))
            report.extraction_error = f"{type(exc).__name__}: {exc}"
    return report


def _fetch_feed(row: dict, settings: PollSettings) -> FetchResult:
    return fetch(row["url"], settings=settings.fetch, etag=row["etag"], last_modified=row["last_modified"], accept=FEED_ACCEPT)


def _fetch_ahead(rows: list[dict], settings: PollSettings) -> Iterator[tuple[dict, Future]]:
    """``(row, future feed)`` in order, with up to ``fetch_workers`` feeds downloading ahead.

    Only the network waits overlap; entries are stored one source at a time, and at most
    ``fetch_workers`` responses are held in memory.
    """
    with ThreadPoolExecutor(max_workers=max(settings.fetch_workers, 1), thread_name_prefix="feed-fetch") as pool:
        pending: deque[tuple[dict, Future]] = deque()
        upcoming = iter(rows)
        for row in itertools.islice(upcoming, max(settings.fetch_workers, 1)):
            pending.append((row, pool.submit(_fetch_feed, row, settings)))
        while pending:
            row, future = pending.popleft()
            if (following := next(upcoming, None)) is not None:
                pending.append((following, pool.submit(_fetch_feed, following, settings)))
            yield row, future


def poll_source(
    store: Store,
    source: dict | int | str,
    *,
    settings: PollSettings | None = None,
    now: datetime | None = None,
    budget: PageBudget | None = None,
    fetching: Future | None = None,
) -> SourceResult:
    """Fetch one source (conditional GET), store its new entries and update its polling state.

    Never raises for a bad feed or network trouble: the result says ``failed`` with the error.
    ``fetching`` is the feed's download already under way (``poll_all`` fetches ahead).
    """
    settings = settings or PollSettings.from_env()
    now = _now(now)
    row = source if isinstance(source, dict) else get_source(store, source)
    if row is None:
        raise SourceError(f"no source {source!r}")
    budget = budget or PageBudget(settings.max_page_fetches)
    result = SourceResult(row["id"], row["url"], row["name"], "ok")
    try:
        fetched = fetching.result() if fetching else _fetch_feed(row, settings)
        if fetched.not_modified:
            result.status = "not_modified"
        else:
            feed = parse_feed(fetched.content, url=fetched.final_url, headers=fetched.headers, max_entries=settings.max_entries)
            if feed.problem:
                result.notes.append(f"feed has errors ({feed.problem}); took {len(feed.entries)} readable entries")
            _take_entries(store, row, feed, fetched, settings, budget, result)
    except (FetchError, FeedError) as exc:
        _record_failure(store, row, result, exc, settings, now)
        return result
    except Exception as exc:  # a surprise in one source must never stop the others
        if storage_problem(exc, store.path):  # but a full or read-only database stops them all
            raise
        log.exception("polling source #%s (%s) failed unexpectedly", row["id"], row["url"])
        _record_failure(store, row, result, exc, settings, now)
        return result
    _record_success(store, row, result, fetched, settings, now)
    return result


def _take_entries(
    store: Store,
    row: dict,
    feed: ParsedFeed,
    fetched: FetchResult,
    settings: PollSettings,
    budget: PageBudget,
    result: SourceResult,
) -> None:
    deadline = time.monotonic() + settings.source_seconds
    for entry in feed.entries:
        if _seen(store, row["id"], entry.guid):
            continue
        if time.monotonic() > deadline:
            result.deferred += 1
            continue
        if entry.link and (known := _article_with_url(store, entry.link)):
            _remember(store, row["id"], entry.guid, known)
            result.duplicate_ids.append(known)
            continue
        text, published, lang = entry.text, entry.published, feed.language
        if entry.needs_full_text() and settings.max_page_fetches:
            if not budget.take():
                result.deferred += 1
                continue
            page = _full_text(entry.link, settings, result)
            if page and len(page["text"]) > len(text):
                text = page["text"]
                published = published or _date(page["date"])
                lang = lang or page["lang"]
        if not text:
            result.notes.append(f"entry {entry.guid}: no text (neither in the feed nor on its page); skipped")
            _remember(store, row["id"], entry.guid, None)
            continue
        if published is None:
            published = fetched.fetched_at.date()
            result.notes.append(f"entry {entry.guid}: no publication date in the feed; used the fetch date {published}")
        article = Article(
            title=entry.title,
            published=published.isoformat(),
            body=text,
            source=row["name"] or feed.title,
            url=entry.link,
            lang=lang or "en",
            origin=f"{row['url']}#{entry.guid}",
        )
        added = store.add_article(article, source_id=row["id"])
        (result.new_ids if added.new else result.duplicate_ids).append(added.id)
        _remember(store, row["id"], entry.guid, added.id)
    if result.deferred:
        result.notes.append(f"{result.deferred} entries left for the next poll (full-text page cap or time budget)")


def _full_text(link: str, settings: PollSettings, result: SourceResult) -> dict | None:
    try:
        page = fetch(link, settings=settings.fetch, accept=PAGE_ACCEPT)
        extracted = extract_page(page)
    except FetchError as exc:
        result.notes.append(f"full text of {link}: {exc}; kept the feed's summary")
        return None
    if extracted is None:
        result.notes.append(f"full text of {link}: no article text found; kept the feed's summary")
    return extracted


def _date(value: str | None):
    from datetime import date

    return date.fromisoformat(value) if value else None


def _seen(store: Store, source_id: int, guid: str) -> bool:
    return store.conn.execute(
        "select 1 from source_entries where source_id = ? and guid = ?", [source_id, guid]
    ).fetchone() is not None


def _article_with_url(store: Store, url: str) -> int | None:
    canon = canonical_url(url)
    row = store.conn.execute("select id from articles where canonical_url = ?", [canon]).fetchone() if canon else None
    return row[0] if row else None


def _remember(store: Store, source_id: int, guid: str, article_id: int | None) -> None:
    with store.conn:
        store.conn.execute(
            "insert or ignore into source_entries (source_id, guid, article_id, seen_at) values (?, ?, ?, ?)",
            [source_id, guid, article_id, _iso(_now(None))],
        )


def backoff_minutes(errors: int, settings: PollSettings) -> int:
    """Minutes to wait after ``errors`` consecutive failures: poll interval (or 30 when it is 0) doubling, capped."""
    step = settings.poll_minutes or DEFAULT_BACKOFF_MINUTES
    return min(step * 2 ** max(errors - 1, 0), settings.max_backoff_minutes)


def _record_failure(store: Store, row: dict, result: SourceResult, exc: Exception, settings: PollSettings, now: datetime) -> None:
    errors = (row["errors"] or 0) + 1
    delay = backoff_minutes(errors, settings)
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        delay = max(delay, min(retry_after / 60, settings.max_backoff_minutes))
    message = str(exc) if isinstance(exc, (FetchError, FeedError)) else f"unexpected error: {type(exc).__name__}: {exc}"
    result.status, result.error, result.errors = "failed", message, errors
    result.next_poll = _iso(now + timedelta(minutes=delay))
    with store.conn:
        store.db["sources"].update(
            row["id"], {"last_polled": _iso(now), "last_error": message[:1000], "errors": errors, "next_poll": result.next_poll}
        )
    log.info("source #%s (%s) failed (%d in a row): %s", row["id"], row["url"], errors, message)
    if errors == settings.notice_after:
        result.notice = SourceNotice("failing", row["id"], row["url"], row["name"], errors, message)


def _record_success(
    store: Store, row: dict, result: SourceResult, fetched: FetchResult, settings: PollSettings, now: datetime
) -> None:
    previous_errors = row["errors"] or 0
    changes = {
        "last_polled": _iso(now),
        "last_error": None,
        "errors": 0,
        "next_poll": None,
        "articles_fetched": (row["articles_fetched"] or 0) + len(result.new_ids),
    }
    if not fetched.not_modified and not result.deferred:
        changes["etag"] = fetched.etag
        changes["last_modified"] = fetched.last_modified
    with store.conn:
        store.db["sources"].update(row["id"], changes)
    if previous_errors >= settings.notice_after:
        result.notice = SourceNotice("recovered", row["id"], row["url"], row["name"], previous_errors)


__all__ = [
    "MAX_POLL_MINUTES",
    "OpmlReport",
    "PageBudget",
    "PollReport",
    "PollSettings",
    "SourceError",
    "SourceExists",
    "SourceNotice",
    "SourceResult",
    "add_source",
    "backoff_minutes",
    "discover_feed",
    "due_sources",
    "export_opml",
    "get_source",
    "import_opml",
    "list_sources",
    "poll_all",
    "poll_source",
    "remove_source",
]
