"""Feeds (RSS 0.9x/1.0/2.0, Atom) parsed with feedparser from bytes we fetched ourselves.

feedparser is never handed a URL or a path (it would fetch or open it); it gets a byte stream
plus the HTTP headers, so the charset from ``Content-Type`` or the XML prolog is honoured and
relative links resolve against the URL the feed was really served from.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from xml.sax import SAXException

from briefings.models import split_paragraphs
from briefings.text import cut

#: Below this many characters of text an entry is taken to carry only a summary.
FULL_TEXT_MIN_CHARS = 500
MAX_TITLE_CHARS = 300
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section", "article")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")


class FeedError(ValueError):
    """The bytes are not a feed we can read; the message says what they look like instead."""


@dataclass
class FeedEntry:
    """One entry: a stable GUID, link, title, date (None when the feed gives none), body text."""

    guid: str
    title: str
    link: str | None
    published: date | None
    text: str
    summary_only: bool

    def needs_full_text(self) -> bool:
        return bool(self.link) and self.summary_only


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    version: str
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str | None = None  # XML errors feedparser worked around ("bozo")
    language: str | None = None  # two-letter code from the feed's <language>/xml:lang, when given


def parse_feed(content: bytes, *, url: str, headers: dict[str, str] | None = None, max_entries: int = 200) -> ParsedFeed:
    """Parse feed bytes; raise FeedError if they hold no feed at all.

    Malformed XML that still yields entries is accepted (``problem`` says what was wrong).
    At most ``max_entries`` entries are kept, in feed order.
    """
    import feedparser

    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    response_headers["content-location"] = url
    parsed = feedparser.parse(io.BytesIO(content), response_headers=response_headers)
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc else "malformed feed"
        if isinstance(exc, SAXException) and b"<!ENTITY" in content:
            # entity declarations that do not parse (an entity bomb, stopped by the parser): the lenient
            # fallback would store their raw references ("&j;") as titles and text
            raise FeedError(f"the feed declares its own XML entities and does not parse ({problem}); nothing stored")
    if not parsed.entries and not parsed.get("version"):
        raise FeedError(_not_a_feed(content, response_headers.get("content-type", ""), problem))
    feed = parsed.feed
    entries = []
    for raw in parsed.entries[:max_entries]:
        entry = _entry(raw)
        if entry:
            entries.append(entry)
    if parsed.entries and not entries:
        raise FeedError(f"the feed has {len(parsed.entries)} entries but none with a title or text" + (f" ({problem})" if problem else ""))
    return ParsedFeed(
        title=_clean(feed.get("title")) or None,
        link=feed.get("link"),
        version=parsed.get("version") or "unknown",
        entries=entries,
        problem=problem,
        language=_language(feed.get("language")),
    )


def _language(value) -> str | None:
    code = str(value or "").strip().lower()[:2]
    return code if len(code) == 2 and code.isalpha() else None


def _not_a_feed(content: bytes, content_type: str, problem: str | None) -> str:
    head = content[:2048].lstrip().lower()
    if b"<html" in head or b"<!doctype html" in head or "html" in content_type:
        return "not a feed: the URL serves an HTML page (look for its RSS/Atom link, or ingest it as a page)"
    if not content.strip():
        return "not a feed: the response is empty"
    return "not a feed: no RSS or Atom content found" + (f" ({problem})" if problem else "")


def _entry(raw) -> FeedEntry | None:
    title = _clean(raw.get("title"))
    link = (raw.get("link") or "").strip() or None
    if link and not link.lower().startswith(("http://", "https://")):
        link = None  # javascript:, data:, file: ... are never followed nor shown as links
    contents = [c.get("value", "") for c in raw.get("content") or []]
    full = max((html_to_text(c) for c in contents), key=len, default="")
    summary = html_to_text(raw.get("summary") or "")
    text = full if len(full) >= len(summary) else summary
    if not title and not text:
        return None
    guid = (raw.get("id") or "").strip() or link or _hash_guid(title, text)
    return FeedEntry(
        guid=guid,
        title=cut(title or split_paragraphs(text)[0], MAX_TITLE_CHARS),
        link=link,
        published=entry_date(raw),
        text=text,
        summary_only=len(text) < FULL_TEXT_MIN_CHARS,
    )


def _hash_guid(title: str, text: str) -> str:
    return "sha256:" + hashlib.sha256(f"{title}\n{text}".encode("utf-8")).hexdigest()


def entry_date(raw, *, today: date | None = None) -> date | None:
    """The entry's published (else updated, else created) date, or None if absent or absurd."""
    today = today or datetime.now(timezone.utc).date()
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(raw, key)  # plain dict access: no feedparser key aliasing (and its warnings)
        if not value:
            continue
        try:
            when = datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).date()
        except (OverflowError, ValueError, TypeError):
            continue
        if date(1990, 1, 1) <= when <= today + timedelta(days=2):
            return when
    return None


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, paragraphs separated by blank lines (block tags break lines)."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return "\n\n".join(split_paragraphs(_unescape(fragment)))
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return "\n\n".join(split_paragraphs(re.sub(r"<[^>]+>", " ", fragment)))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n\n" + (element.text or "")
    paragraphs = (" ".join(p.split()) for p in split_paragraphs(root.text_content()))
    return "\n\n".join(p for p in paragraphs if p)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _clean(value) -> str:
    return " ".join(html_to_text(str(value or "")).split())


def discover_feed_links(html: str | bytes, base_url: str) -> list[str]:
    """Feed URLs a page advertises with ``<link rel="alternate" type="application/rss+xml">``."""
    from urllib.parse import urljoin

    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    links = []
    for link in root.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().strip()
        if "alternate" in rel and kind in _FEED_TYPES:
            links.append(urljoin(base_url, link.get("href").strip()))
    return list(dict.fromkeys(links))


__all__ = ["FULL_TEXT_MIN_CHARS", "FeedEntry", "FeedError", "ParsedFeed", "discover_feed_links", "entry_date", "html_to_text", "parse_feed"]
