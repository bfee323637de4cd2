"""Splitting Telegram HTML into messages: size in UTF-16 units, entity limit, item boundaries,
every part valid on its own. Checked with an independent validator written here."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.digest.views import Digest, Item, Party, SourceRef
from briefings.render import render, split_telegram, telegram_messages
from telegram_html import check_telegram_html, utf16

def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def big_digest(n_items: int) -> Digest:
    sources = [SourceRef(i, f"Report {i} on talks & <trade>", "Wire", "2024-11-23", f"https://example.org/{i}?a=1&b=2") for i in range(3)]
    items = [
        Item(
            type="meeting", kind="talks", status="held" if n % 3 else "planned", date_from=date(2024, 11, 23),
            date_to=date(2024, 11, 23), location="Brest", title=f"Minister {n} – Counterpart {n} talks 🇧🇾 «{'x' * (n % 50)}»",
            people=[Party("person", f"Minister {n}", f"m{n}", "Foreign Minister", "RU", "Russia", "🇷🇺"),
                    Party("person", f"Counterpart {n}", f"c{n}", "Foreign Minister", "BY", "Belarus", "🇧🇾")],
            countries=[Party("country", "Russia", "RU", flag="🇷🇺"), Party("country", "Belarus", "BY", flag="🇧🇾")],
            sources=sources,
        )
        for n in range(n_items)
    ]
    return Digest(date(2024, 11, 23), date(2024, 11, 23), "UTC", items, [], [], [], [])


def test_a_50000_character_digest_splits_into_valid_messages_on_item_boundaries():
    digest = big_digest(220)
    whole = render(digest, "html")
    whole_text, _ = check_telegram_html(whole)
    assert len(whole) > 50_000
    parts = telegram_messages(digest)
    assert len(parts) > 10
    for part in parts:
        text, entities = check_telegram_html(part)
        assert utf16(text) <= 4096
        assert entities <= 100
        # every message starts at an item (or the digest header), never in the middle of one
        assert text.startswith(("📰", "🤝")) or re.match(r"Minister \d+ – Counterpart", text), text[:60]
        assert text.rstrip().endswith(("Wire", "</b>")) or text.rstrip().endswith("Wire"), text[-60:]
    assert squeeze("".join(check_telegram_html(p)[0] for p in parts)) == squeeze(whole_text)


def test_length_is_counted_in_utf16_units():
    astral = "😀" * 3000  # 6000 UTF-16 units, 3000 code points
    parts = split_telegram(astral)
    assert len(parts) == 2
    assert all(utf16(check_telegram_html(p)[0]) <= 4096 for p in parts)
    assert "".join(parts) == astral
    assert split_telegram("é" * 4096) == ["é" * 4096]


def test_entity_limit_per_message():
    source = "\n".join(f"<b>{n}</b>" for n in range(250))
    parts = split_telegram(source)
    assert len(parts) == 3
    for part in parts:
        _, entities = check_telegram_html(part)
        assert entities <= 100
    assert squeeze("".join(check_telegram_html(p)[0] for p in parts)) == "".join(str(n) for n in range(250))


def test_an_element_longer_than_a_message_is_closed_and_reopened():
    long = "<b>" + " ".join(["word"] * 2000) + "</b> tail <a href=\"https://example.org/x?a=1&amp;b=2\">link</a>"
    parts = split_telegram(long, limit=1000)
    assert len(parts) >= 10
    for part in parts:
        text, _ = check_telegram_html(part)
        assert utf16(text) <= 1000
        assert not text.startswith(" ") and not text.endswith(" ")
    assert parts[0].startswith("<b>word word") and parts[0].endswith("word</b>")
    assert parts[-1].endswith('<a href="https://example.org/x?a=1&amp;b=2">link</a>')


def test_cuts_prefer_blank_lines_between_items_then_lines_then_spaces():
    items = [f"<b>Item {n}</b>\nline one of item {n}\nline two of item {n}" for n in range(40)]
    parts = split_telegram("\n\n".join(items), limit=300)
    for part in parts:
        assert part.startswith("<b>Item "), part[:30]
        assert re.search(r"line two of item \d+$", part), part[-40:]


def test_flags_and_joined_emoji_are_not_cut_apart():
    text = "🇧🇾🇷🇺" * 600 + "👩‍👩‍👧" * 100
    for limit in (7, 50, 333):
        parts = split_telegram(text, limit=limit)
        assert "".join(parts) == text
        for part in parts:
            assert utf16(part) <= limit
            assert part.count("\u200d") % 2 == 0  # whole family emoji only
            assert not re.match(r"^[\U0001F1E6-\U0001F1FF]([\U0001F1E6-\U0001F1FF]{2})*$", part) or len(part) % 2 == 0


def test_hostile_markup_becomes_valid_telegram_html():
    hostile = (
        '<script>alert(1)</script><b>bold <i>both</b> after</i> <a href="javascript:alert(1)">js</a> '
        '<a href="https://ok.example/?q=&quot;x\'y">ok</a> <div>div</div> <span class="x">span</span> '
        "&amp; &lt;b&gt; 5 > 3 <unknown attr=1>u</unknown> <br/>line<br>"
    )
    parts = split_telegram(hostile)
    assert len(parts) == 1
    text, _ = check_telegram_html(parts[0])
    assert "alert(1)" in text  # script content stays visible text, never markup
    assert "javascript" not in parts[0]
    assert '<a href="https://ok.example/?q=&quot;x\'y">ok</a>' in parts[0]
    assert "<b>" in text and "5 > 3" in text


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
            st.sampled_from(["<b>", "</b>", "<i>", "</i>", "<code>", "</code>", "\n", "\n\n", " ", "😀", "🇧🇾",
                             '<a href="https://x.example/a">', "</a>", "&amp;", "<s>", "</s>", "<blockquote>", "</blockquote>"]),
        ),
        max_size=80,
    ),
    limit=st.integers(min_value=4, max_value=120),
    max_entities=st.integers(min_value=1, max_value=8),
)
def test_any_html_splits_within_limits_and_loses_no_text(pieces, limit, max_entities):
    source = "".join(pieces)
    parts = split_telegram(source, limit=limit, max_entities=max_entities)
    original = squeeze(check_telegram_html(split_telegram(source, limit=10**9, max_entities=10**9)[0])[0]) if parts else ""
    texts = []
    for part in parts:
        text, entities = check_telegram_html(part)
        assert utf16(text) <= limit
        assert entities <= max_entities
        assert text.strip()
        texts.append(text)
    assert squeeze("".join(texts)) == original
