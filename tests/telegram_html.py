"""An independent checker of Telegram HTML, as Telegram's parse mode accepts it (for render tests)."""

from __future__ import annotations

import html
import re

_TAG = re.compile(
    r'<(/?)(b|i|u|s|a|code|pre|blockquote|tg-spoiler|span)((?: href="[^"<>]*")|(?: class="tg-spoiler"))?>'
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+);")


def check_telegram_html(part: str) -> tuple[str, int]:
    """Validate one message as Telegram would parse it; return (visible text, entity count)."""
    stack, text, entities, pos = [], [], 0, 0
    while pos < len(part):
        ch = part[pos]
        if ch == "<":
            tag = _TAG.match(part, pos)
            assert tag, f"not an allowed tag at {pos}: {part[pos:pos + 40]!r}"
            closing, name, attrs = tag.groups()
            if closing:
                assert stack and stack[-1] == name, f"unbalanced </{name}> in {part!r}"
                stack.pop()
            else:
                assert name != "a" or (attrs or "").startswith(' href="http'), "link without http(s) href"
                stack.append(name)
                entities += 1
            pos = tag.end()
        elif ch == "&":
            entity = _ENTITY.match(part, pos)
            assert entity, f"bare & at {pos}: {part[pos:pos + 20]!r}"
            text.append(html.unescape(entity.group()))
            pos = entity.end()
        else:
            assert ch != ">", "bare >"
            text.append(ch)
            pos += 1
    assert not stack, f"unclosed {stack}"
    return "".join(text), entities


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


