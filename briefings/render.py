"""Rendering digests, briefs and calendars with Jinja2, and splitting Telegram HTML into messages.

Templates live in ``briefings/templates/`` as ``<view>.<format>.j2`` (view: digest, brief,
calendar; format: html for Telegram, md, txt). An operator overrides any of them by putting a
file of the same name in the folder named by ``BRIEFINGS_TEMPLATES``. HTML is autoescaped;
Markdown escapes every value it prints; plain text prints values as they are.
"""

from __future__ import annotations

import os
import re
import traceback
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from itertools import accumulate
from pathlib import Path

import jinja2

from briefings.digest.facts import safe_url
from briefings.text import grapheme_boundary

BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"
FORMATS = {"html": "html", "md": "md", "markdown": "md", "text": "txt", "txt": "txt", "plain": "txt"}
TELEGRAM_LIMIT = 4096
TELEGRAM_MAX_ENTITIES = 100

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


class TemplateError(Exception):
    """A template that cannot be loaded or rendered; the message names the file and line."""


class Markdown(str):
    """Markdown text that is already escaped (printed as is by the Markdown templates)."""


def escape_markdown(value) -> str:
    """``value`` as literal Markdown text: every character Markdown would act on is escaped."""
    if value is None:
        return ""
    if isinstance(value, Markdown):
        return value
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def markdown_link(text, url) -> Markdown:
    """``[text](<url>)`` for an http(s) URL, else just the escaped text."""
    url = safe_url(url)
    if not url:
        return Markdown(escape_markdown(text))
    return Markdown(f"[{escape_markdown(text)}](<{url.replace('<', '%3C').replace('>', '%3E')}>)")


def _plain(value) -> str:
    return "" if value is None else str(value)


def template_dir() -> Path | None:
    """The operator's template folder from ``BRIEFINGS_TEMPLATES``, if set."""
    value = os.environ.get("BRIEFINGS_TEMPLATES", "").strip()
    return Path(value).expanduser() if value else None


@lru_cache(maxsize=16)
def environment(ext: str, override: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for one output format (html, md, txt), operator folder first."""
    loaders = [jinja2.FileSystemLoader(str(override))] if override else []
    loaders.append(jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES)))
    options = dict(
        loader=jinja2.ChoiceLoader(loaders),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    if ext == "html":
        env = jinja2.Environment(autoescape=True, finalize=lambda v: "" if v is None else v, **options)
    elif ext == "md":
        env = jinja2.Environment(autoescape=False, finalize=escape_markdown, **options)
    else:
        env = jinja2.Environment(autoescape=False, finalize=_plain, **options)
    env.filters["md_link"] = markdown_link
    return env


def render(view, fmt: str = "html", *, templates: str | Path | None = None) -> str:
    """``view`` (a Digest, Brief or Calendar) rendered as ``fmt``: "html" (Telegram), "md" or "text".

    ``templates`` (or ``BRIEFINGS_TEMPLATES``) names a folder whose templates replace the built-in ones.
    Raises :class:`TemplateError` naming the template file and line when a template is broken.
    """
    ext = FORMATS.get((fmt or "").lower())
    if ext is None:
        raise ValueError(f"unknown format {fmt!r}; use html, md or text")
    override = Path(templates).expanduser() if templates else template_dir()
    if override and not override.is_dir():
        raise TemplateError(f"template folder {override} does not exist (BRIEFINGS_TEMPLATES)")
    name = f"{type(view).__name__.lower()}.{ext}.j2"
    try:
        template = environment(ext, override).get_template(name)
        text = template.render(view=view, **{type(view).__name__.lower(): view})
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name or name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        where = _template_location(exc, name)
        raise TemplateError(f"{where}: template {exc.name} not found in {override or BUILTIN_TEMPLATES}") from exc
    except Exception as exc:  # an error raised while a template runs: point at the template line
        raise TemplateError(f"{_template_location(exc, name)}: {type(exc).__name__}: {exc}") from exc
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"


def _template_location(exc: BaseException, name: str) -> str:
    """"<file>, line N" of the innermost template frame of ``exc``'s traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}, line {frame.lineno}"
    return name


def telegram_messages(view, *, templates: str | Path | None = None) -> list[str]:
    """``view`` as Telegram HTML messages, each within Telegram's size and entity limits."""
    return split_telegram(render(view, "html", templates=templates))


# -- Telegram HTML -----------------------------------------------------------------------------

#: Tags Telegram's HTML parse mode accepts (each one opened is one message entity).
TELEGRAM_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "blockquote", "tg-spoiler", "span", "tg-emoji",
}


@dataclass(eq=False)
class _Tag:
    """One opened element; the same object spans every segment inside it."""

    name: str
    attrs: str = ""

    def open(self) -> str:
        return f"<{self.name}{self.attrs}>"

    def close(self) -> str:
        return f"</{self.name}>"


@dataclass
class _Segment:
    text: str
    stack: tuple[_Tag, ...]


class _TelegramParser(HTMLParser):
    """Telegram HTML into text segments with the stack of elements around each.

    Unknown tags are dropped (their text kept), stray end tags ignored, unclosed ones closed,
    links kept only for http(s)/tg URLs; so what comes out is always valid Telegram HTML.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, _Tag | None]] = []  # (tag as written, kept element or None)
        self.segments: list[_Segment] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.handle_data("\n")
            return
        element = _make_tag(tag, dict(attrs))
        if element and any(t and (t.name, t.attrs) == (element.name, element.attrs) for _n, t in self.stack):
            element = None  # <b> inside <b> adds nothing
        self.stack.append((tag, element))

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if data:
            self.segments.append(_Segment(data, tuple(t for _name, t in self.stack if t is not None)))


def _make_tag(tag: str, attrs: dict) -> _Tag | None:
    if tag not in TELEGRAM_TAGS:
        return None
    if tag == "a":
        href = attrs.get("href") or ""
        if not (safe_url(href) or href.startswith("tg://")):
            return None
        return _Tag("a", f' href="{_attribute(href)}"')
    if tag == "span":
        return _Tag("span", ' class="tg-spoiler"') if attrs.get("class") == "tg-spoiler" else None
    if tag == "code" and re.fullmatch(r"language-[\w+#-]{1,40}", attrs.get("class") or ""):
        return _Tag("code", f' class="{attrs["class"]}"')
    if tag == "blockquote" and "expandable" in attrs:
        return _Tag("blockquote", " expandable")
    if tag == "tg-emoji":
        emoji_id = attrs.get("emoji-id") or ""
        return _Tag("tg-emoji", f' emoji-id="{emoji_id}"') if emoji_id.isdigit() else None
    return _Tag(tag)


def _attribute(value: str) -> str:
    """An attribute value escaped with the entities Telegram names (&amp; &lt; &gt; &quot;)."""
    return escape(value, quote=False).replace('"', "&quot;")


def parse_telegram_html(html: str) -> list[_Segment]:
    """Text segments of ``html`` with the Telegram elements open around each."""
    parser = _TelegramParser()
    parser.feed(html)
    parser.close()
    return parser.segments


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(html: str) -> int:
    """Telegram's length of ``html``: the UTF-16 length of its text once the markup is parsed."""
    return sum(utf16_len(s.text) for s in parse_telegram_html(html))


def entity_count(html: str) -> int:
    """How many entities (formatting elements with text) ``html`` makes."""
    return len({id(tag) for s in parse_telegram_html(html) for tag in s.stack})


def split_telegram(html: str, limit: int = TELEGRAM_LIMIT, max_entities: int = TELEGRAM_MAX_ENTITIES) -> list[str]:
    """Split Telegram HTML into messages of at most ``limit`` visible UTF-16 units and ``max_entities``
    entities each, cutting between items (blank lines) when possible; every part is valid HTML."""
    if limit < 2 or max_entities < 1:
        raise ValueError("limit must be at least 2 and max_entities at least 1")
    return _Splitter(parse_telegram_html(html), limit, max_entities).parts()


class _Splitter:
    """Cuts the parsed text (segments under their element stacks) into messages.

    Cut preference: a blank line outside any element (between items), a line break outside
    elements, any line break, a space, and last any character that does not split a flag,
    a joined emoji or a letter from its combining mark.
    """

    def __init__(self, segments: list[_Segment], limit: int, max_entities: int):
        self.limit, self.max_entities = limit, max_entities
        # formatting nested deeper than a whole message may hold keeps only its outer elements
        self.stacks = [seg.stack[:max_entities] for seg in segments]
        self.starts = list(accumulate((len(seg.text) for seg in segments), initial=0))
        self.text = "".join(seg.text for seg in segments)

    def parts(self) -> list[str]:
        parts, start, size = [], 0, len(self.text)
        while True:
            while start < size and self.text[start].isspace() and not _in_pre(self._stack_at(start)):
                start += 1
            if start >= size:
                return parts
            end = self._cut(start)
            if self.text[start:end].strip():  # Telegram refuses a message of only spaces
                parts.append(self._serialise(start, end))
            start = end

    def _segment_at(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def _stack_at(self, pos: int) -> tuple[_Tag, ...]:
        return self.stacks[self._segment_at(pos)]

    def _bound(self, start: int) -> int:
        """The furthest end (exclusive) a message from ``start`` may reach: size and entities permitting."""
        end = min(len(self.text), start + self.limit)
        while utf16_len(self.text[start:end]) > self.limit:  # astral characters count twice
            over = utf16_len(self.text[start:end]) - self.limit
            end -= max(1, over // 2)
        seen: set[int] = set()
        index = self._segment_at(start)
        while index < len(self.stacks) and self.starts[index] < end:
            seen |= {id(tag) for tag in self.stacks[index]}
            if len(seen) > self.max_entities:
                return max(self.starts[index], start + 1)
            index += 1
        return end

    def _cut(self, start: int) -> int:
        end = self._bound(start)
        if end >= len(self.text):
            return len(self.text)
        text = self.text
        for separator, outside in (("\n\n", True), ("\n", True), ("\n", False), (" ", False)):
            pos = text.rfind(separator, start + 1, end + len(separator))
            while pos > start and outside and self._stack_at(pos):
                pos = text.rfind(separator, start + 1, pos)
            if pos > start:
                return pos
        pos = end
        while pos > start + 1 and not self._joinable(pos):
            pos -= 1
        return pos

    def _joinable(self, pos: int) -> bool:
        return grapheme_boundary(self.text, pos)

    def _serialise(self, start: int, end: int) -> str:
        """The text between ``start`` and ``end`` with its elements, as balanced HTML."""
        out: list[str] = []
        open_stack: list[_Tag] = []
        index = self._segment_at(start)
        while index < len(self.stacks) and self.starts[index] < end:
            stack = self.stacks[index]
            piece = self.text[max(start, self.starts[index]) : min(end, self.starts[index + 1])]
            index += 1
            if not piece:
                continue
            common = 0
            while common < len(open_stack) and common < len(stack) and open_stack[common] is stack[common]:
                common += 1
            while len(open_stack) > common:
                out.append(open_stack.pop().close())
            for tag in stack[common:]:
                out.append(tag.open())
                open_stack.append(tag)
            out.append(escape(piece, quote=False))
        while open_stack:
            out.append(open_stack.pop().close())
        return _rstrip_html("".join(out))


def _in_pre(stack: tuple[_Tag, ...]) -> bool:
    return any(t.name in {"pre", "code"} for t in stack)


def _rstrip_html(html: str) -> str:
    """Drop trailing whitespace just before the closing tags at the end of a part."""
    match = re.search(r"\s+((?:</[\w-]+>)*)$", html)
    return html[: match.start()] + match.group(1) if match else html
