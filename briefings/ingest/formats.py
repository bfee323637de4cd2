"""Parsers from one file to Articles: seed text, Markdown with front matter, HTML, JSON/JSONL.

Each parser raises ``ParseError`` with a reason a person can act on; the caller reports it
with the file's path and goes on with the other files.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

from briefings.models import Article, normalise_text, split_paragraphs

MAX_FILE_BYTES = 20 * 1024 * 1024
_DATELINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:/\s*(.*?))?\s*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*(?:\n|\Z)", re.S)


class ParseError(ValueError):
    """A file (or one record in it) cannot be turned into an article."""


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (BOM allowed); refuse empty, binary and oversized files."""
    size = path.stat().st_size
    if size == 0:
        raise ParseError("empty file")
    if size > MAX_FILE_BYTES:
        raise ParseError(f"file too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise ParseError("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not valid UTF-8 text (byte {exc.start}: {exc.reason})") from None
    if not text.strip():
        raise ParseError("empty file (only whitespace)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_date(value, *, field: str = "date") -> str:
    """An ISO ``YYYY-MM-DD`` from a date, datetime or date-like string; ParseError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ParseError(f"missing {field}")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
    if m:
        try:
            return date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            raise ParseError(f"invalid {field} {text!r}") from None
    import dateparser

    # absolute dates only: "yesterday" in a file would silently become the day it is ingested
    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
    )
    if not parsed:
        raise ParseError(f"unreadable {field} {text!r} (use YYYY-MM-DD)")
    return parsed.date().isoformat()


def _article(title, published, body, *, source=None, url=None, origin=None, field="date") -> Article:
    title = " ".join(str(title or "").split())
    if not title:
        raise ParseError("missing title")
    body_text = "\n\n".join(split_paragraphs(str(body or "")))
    if not body_text:
        raise ParseError("missing body text")
    return Article(
        title=title,
        published=parse_date(published, field=field),
        body=body_text,
        source=(str(source).strip() or None) if source else None,
        url=(str(url).strip() or None) if url else None,
        origin=origin,
    )


def parse_seed_text(text: str, origin: str | None = None) -> list[Article]:
    """The seed layout: title; blank; ``YYYY-MM-DD / Source``; blank; body paragraphs."""
    lines = text.split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonblank) < 3:
        raise ParseError("expected a title, a 'YYYY-MM-DD / Source' line and a body")
    title_i, date_i = nonblank[0], nonblank[1]
    m = _DATELINE.match(lines[date_i])
    if not m:
        raise ParseError(
            f"missing date: line {date_i + 1} should read 'YYYY-MM-DD / Source name', got {lines[date_i].strip()[:60]!r}"
        )
    body = "\n".join(lines[date_i + 1 :])
    return [_article(lines[title_i], m.group(1), body, source=m.group(2), origin=origin)]


def parse_markdown(text: str, origin: str | None = None) -> list[Article]:
    """Markdown with YAML front matter (title, date, source, url); the body is the rest."""
    import yaml

    m = _FRONT_MATTER.match(text)
    if not m:
        raise ParseError("no YAML front matter (the file must start with a '---' block holding title and date)")
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ParseError(f"malformed front matter: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise ParseError("front matter is not a mapping of keys to values")
    body = text[m.end() :]
    # headings become paragraphs of their own (never glued to the next sentence); a leading
    # heading that repeats the title is dropped
    body = re.sub(r"^#{1,6}\s+(.*)$", "\n\\1\n", body, flags=re.M)
    paragraphs = split_paragraphs(body)
    if paragraphs and meta.get("title") and normalise_text(paragraphs[0]) == normalise_text(str(meta["title"])):
        body = "\n\n".join(paragraphs[1:])
    published = meta.get("date", meta.get("published"))
    return [_article(meta.get("title"), published, body, source=meta.get("source"), url=meta.get("url"), origin=origin)]


def parse_html(text: str, origin: str | None = None, url: str | None = None) -> list[Article]:
    """An HTML page: main text and metadata through trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        raise ParseError("no article text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    # trafilatura puts one paragraph per line, the page's <h1> title often first
    lines = [line.strip() for line in (data.get("text") or "").split("\n") if line.strip()]
    if lines and data.get("title") and normalise_text(lines[0]) == normalise_text(data["title"]):
        lines = lines[1:]
    body = "\n\n".join(lines)
    if not data.get("date"):
        raise ParseError("missing date: the page has no publication date trafilatura can find")
    return [
        _article(
            data.get("title"),
            data.get("date"),
            body,
            source=data.get("sitename") or data.get("hostname"),
            url=url or data.get("url"),
            origin=origin,
        )
    ]


def article_from_record(record, origin: str | None = None) -> Article:
    """One JSON object with title, date/published, body/text (str or list of paragraphs), url, source."""
    if not isinstance(record, dict):
        raise ParseError(f"expected a JSON object, got {type(record).__name__}")
    body = record.get("body", record.get("text", record.get("body_paragraphs")))
    if isinstance(body, list):
        body = "\n\n".join(str(p) for p in body)
    published = record.get("date", record.get("published"))
    return _article(record.get("title"), published, body, source=record.get("source"), url=record.get("url"), origin=origin)


def parse_json(text: str, origin: str | None = None) -> Iterator[Article | ParseError]:
    """A JSON object, or a list of objects (one bad record does not spoil the others)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        try:
            yield article_from_record(record, origin=f"{origin}[{i}]")
        except ParseError as exc:
            yield ParseError(f"record {i}: {exc}")


def parse_jsonl(text: str, origin: str | None = None) -> Iterator[Article | ParseError]:
    """One JSON object per line; a malformed line is reported by its number."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ParseError(f"line {lineno}: malformed JSON ({exc.msg})")
            continue
        try:
            yield article_from_record(record, origin=f"{origin}:{lineno}")
        except ParseError as exc:
            yield ParseError(f"line {lineno}: {exc}")


Parser = Callable[[str, str | None], "list[Article] | Iterator[Article | ParseError]"]
PARSERS: dict[str, Parser] = {
    ".txt": parse_seed_text,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".json": parse_json,
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
}


def parse_file(path: Path) -> Iterator[Article | ParseError]:
    """Every article in ``path``, or ParseErrors for what could not be read."""
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise ParseError(f"unsupported file type {path.suffix or '(none)'}; expected one of {', '.join(sorted(PARSERS))}")
    text = read_text(path)
    yield from parser(text, str(path))
