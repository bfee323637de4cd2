"""Plain data types shared by the core modules."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|ref|ref_src|cmpid)$", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: C0/C1 controls, bidi marks, embeddings, overrides and isolates, BOM, interlinear annotation marks
_TITLE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")


@dataclass
class Article:
    """One news article as parsed from a file, feed entry, page or message.

    ``body`` holds only the article text, paragraphs separated by a blank line; the title
    and dateline are kept apart so they never run into the first body sentence.
    """

    title: str
    published: str  # ISO date YYYY-MM-DD
    body: str
    source: str | None = None
    url: str | None = None
    lang: str | None = "en"
    origin: str | None = None  # where it came from (a path, feed entry id), for messages only
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        # whatever the input, a title is one clean line and no text holds a lone surrogate
        # (SQLite cannot encode one); emoji joiners and combining marks stay
        self.title = clean_title(self.title or "")
        self.body, self.source, self.url = (_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
                                            for v in (self.body, self.source, self.url))

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    @property
    def canonical_url(self) -> str | None:
        return canonical_url(self.url) if self.url else None

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)


def split_paragraphs(text: str) -> list[str]:
    """Split text on blank lines into stripped, non-empty paragraphs."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n")) if p.strip()]


def clean_title(text: str) -> str:
    """``text`` on one line: runs of whitespace one space, control and bidi-override characters removed,
    lone surrogates replaced by U+FFFD."""
    text = _SURROGATE.sub("\ufffd", " ".join(text.split()))
    return " ".join(_TITLE_CONTROL.sub("", text).split())


def normalise_text(text: str) -> str:
    """Case-folded, accent-stable text with punctuation and runs of whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def content_hash(body: str) -> str:
    """SHA-256 of the normalised body: the same text with other spacing or quotes hashes alike."""
    return hashlib.sha256(normalise_text(body).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.hostname.lower() if parts.hostname else ""
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    if parts.port and not ((parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)):
        netloc = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)))
    path = parts.path.rstrip("/") or ""
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, netloc, path, query, ""))
