"""Display text is cut between grapheme clusters: ZWJ families, flags, skin tones, combining marks."""

from __future__ import annotations

import pytest

from briefings.digest import build_digest
from briefings.digest.facts import clean
from briefings.render import render, telegram_messages
from briefings.text import cut, grapheme_boundary, shorten
from factories import LAVROV, RYZHENKOV, FactBuilder

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # man, woman, girl, boy joined
CLUSTERS = [
    FAMILY,
    "\U0001F1EB\U0001F1F7",  # a flag: two regional indicators
    "\U0001F44B\U0001F3FD",  # waving hand, medium skin tone
    "e\u0301",  # e and a combining acute accent
    "\u2764\ufe0f",  # heart with the emoji variation selector
    "1\ufe0f\u20e3",  # keycap one
    "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",  # a subdivision flag (tags)
    "\U0001F469\U0001F3FE\u200d\U0001F4BB",  # woman technologist, skin tone
]


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_no_cut_inside_a_cluster(cluster):
    text = "ab " + cluster + " cd"
    start = 3
    for pos in range(start + 1, start + len(cluster)):
        assert not grapheme_boundary(text, pos), (cluster, pos)
        assert cut(text, pos) == "ab "
        assert shorten(text, pos + 1) == "ab…"
    assert grapheme_boundary(text, start) and grapheme_boundary(text, start + len(cluster))


def test_shorten_keeps_short_text_and_stays_within_the_limit():
    assert shorten("short", 10) == "short"
    assert shorten("a long sentence here", 10) == "a long se…"
    assert len(shorten("x" * 50, 10)) == 10


def test_digest_clean_keeps_joined_emoji_and_cuts_between_clusters():
    title = f"Families {FAMILY} reunite at the border crossing"
    assert clean(title) == title
    assert clean(title, 11) == "Families…"  # 11 would end inside the family
    assert clean("Bidi \u202eevil\u202c end") == "Bidi evil end"


def test_rendered_digest_keeps_emoji_sequences_whole(store):
    facts = FactBuilder(store)
    day = "2024-11-23"
    # no source: the source label is the start of the title, cut at 40 characters inside the family
    title = "x" * 37 + FAMILY + " talks in the capital"
    article = facts.article(title, day, source=None)
    facts.meeting(article, [LAVROV, RYZHENKOV], ["RU", "BY"], date=day, title=f"Talks {FAMILY} of ministers")
    digest = build_digest(store, day=day)
    text = render(digest, "text") + "".join(telegram_messages(digest))
    assert FAMILY in text
    for part in text.split(FAMILY):  # no piece of the family outside whole ones
        assert "\u200d" not in part and "\U0001F467" not in part, part[-80:]
