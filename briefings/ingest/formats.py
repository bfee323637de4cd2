"""Parsers from one file to Articles: seed text, Markdown with front matter, HTML, JSON/JSONL.

Each parser raises ``ParseError`` with a reason a person can act on; the caller reports it
with the file's path and goes on with the other files.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from briefings.models import Article, clean_title, normalise_text, split_paragraphs

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


def _kind(value) -> str:
    """What a value is, in words, for a message (never its repr: it may be huge or binary)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, (date, datetime)):
        return "a date"
    return type(value).__name__


def text_field(value, field: str) -> str | None:
    """``value`` when it is text (None when absent); ParseError naming ``field`` for any other type."""
    if value is None or isinstance(value, str):
        return value
    raise ParseError(f"{field} must be text, got {_kind(value)}")


def date_field(value, field: str):
    """``value`` when it is text or a date (None when absent); ParseError naming ``field`` otherwise."""
    if value is None or isinstance(value, (str, date)):
        return value
    raise ParseError(f"{field} must be a date like YYYY-MM-DD, got {_kind(value)}")


def _article(title, published, body, *, source=None, url=None, origin=None, field="date") -> Article:
    """An Article from text values (None when absent): title and body required, date parsed."""
    title = clean_title(title or "")
    if not title:
        raise ParseError("missing title")
    body_text = "\n\n".join(split_paragraphs(body or ""))
    if not body_text:
        raise ParseError("missing body text")
    return Article(
        title=title,
        published=parse_date(published, field=field),
        body=body_text,
        source=(source or "").strip() or None,
        url=(url or "").strip() or None,
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


@lru_cache(maxsize=1)
def _front_matter_loader():
    """A YAML SafeLoader that refuses anchors and aliases (an alias bomb expands to gigabytes when
    printed) and leaves dates as text, so a bad date is reported like any other, not raised by YAML."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ParseError("front matter uses YAML anchors or aliases (&name, *name); write the values out")
            return super().compose_node(parent, index)

    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return FrontMatterLoader


def read_front_matter(block: str) -> dict:
    """The front matter's mapping, parsed without anchors or aliases; ParseError when malformed."""
    import yaml

    try:
        meta = yaml.load(block, Loader=_front_matter_loader()) or {}  # noqa: S506 - a SafeLoader subclass
    except ParseError:
        raise
    except yaml.YAMLError as exc:
        raise ParseError(f"malformed front matter: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise ParseError("malformed front matter: nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. !!timestamp 2024-13-45, a 5,000-digit number
        raise ParseError(f"malformed front matter: {str(exc).splitlines()[0][:200]}") from None
    if not isinstance(meta, dict):
        raise ParseError("front matter is not a mapping of keys to values")
    return meta


def parse_markdown(text: str, origin: str | None = None) -> list[Article]:
    """Markdown with YAML front matter (title, date, source, url); the body is the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        raise ParseError("no YAML front matter (the file must start with a '---' block holding title and date)")
    meta = read_front_matter(m.group(1))
    date_key = "date" if meta.get("date") is not None else "published"
    title = text_field(meta.get("title"), "front matter: title")
    published = date_field(meta.get(date_key), f"front matter: {date_key}")
    source = text_field(meta.get("source"), "front matter: source")
    url = text_field(meta.get("url"), "front matter: url")
    body = text[m.end() :]
    # headings become paragraphs of their own (never glued to the next sentence); a leading
    # heading that repeats the title is dropped
    body = re.sub(r"^#{1,6}\s+(.*)$", "\n\\1\n", body, flags=re.M)
    paragraphs = split_paragraphs(body)
    if paragraphs and title and normalise_text(paragraphs[0]) == normalise_text(title):
        body = "\n\n".join(paragraphs[1:])
    return [_article(title, published, body, source=source, url=url, origin=origin)]


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
    body_key = next((k for k in ("body", "text", "body_paragraphs") if k in record), "body")
    body = record.get(body_key)
    if isinstance(body, list):
        body = "\n\n".join(text_field(p, f"{body_key} paragraph {i + 1}") or "" for i, p in enumerate(body))
    date_key = "date" if "date" in record else "published"
    return _article(
        text_field(record.get("title"), "title"),
        date_field(record.get(date_key), date_key),
        text_field(body, body_key),
        source=text_field(record.get("source"), "source"),
        url=text_field(record.get("url"), "url"),
        origin=origin,
    )


def parse_json(text: str, origin: str | None = None) -> Iterator[Article | ParseError]:
    """A JSON object, or a list of objects (one bad record does not spoil the others)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ParseError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise ParseError(f"malformed JSON: {str(exc)[:200]}") from None
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
        except RecursionError:
            yield ParseError(f"line {lineno}: malformed JSON (nested too deeply)")
            continue
        except ValueError as exc:
            yield ParseError(f"line {lineno}: malformed JSON ({str(exc)[:200]})")
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
