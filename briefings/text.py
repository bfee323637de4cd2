"""Cutting text for display without splitting a grapheme cluster (a letter and its combining marks,
a flag, an emoji with its skin tone, variation selector or ZWJ-joined family members)."""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _extends(ch: str) -> bool:
    """A character that belongs to the cluster before it: marks, ZWJ, skin tones, emoji tags, keycap."""
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")  # combining marks, variation selectors, keycap
        or ch == _ZWJ
        or 0x1F3FB <= ord(ch) <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= ord(ch) <= 0xE007F  # tags of subdivision flags
    )


def grapheme_boundary(text: str, pos: int) -> bool:
    """Whether cutting ``text`` before index ``pos`` keeps every grapheme cluster whole."""
    if pos <= 0 or pos >= len(text):
        return True
    ch, prev = text[pos], text[pos - 1]
    if _extends(ch) or prev == _ZWJ:
        return False
    if _regional(ch):  # flags are pairs of regional indicators: cut only after an even run
        run = 0
        while pos - run - 1 >= 0 and _regional(text[pos - run - 1]):
            run += 1
        return run % 2 == 0
    return True


def cut(text: str, limit: int) -> str:
    """The longest start of ``text`` of at most ``limit`` characters that ends between clusters."""
    if len(text) <= limit:
        return text
    pos = max(limit, 0)
    while pos > 0 and not grapheme_boundary(text, pos):
        pos -= 1
    return text[:pos]


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` when it fits in ``limit`` characters, else its start (whole clusters, trailing space
    dropped) and ``ellipsis``, ``limit`` characters at most."""
    if len(text) <= limit:
        return text
    return cut(text, limit - len(ellipsis)).rstrip() + ellipsis


__all__ = ["cut", "grapheme_boundary", "shorten"]
