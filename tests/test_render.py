"""Templates: every view in every format, hostile article text, operator overrides, broken templates."""

from __future__ import annotations

import re

import pytest

from briefings.digest import build_brief, build_calendar, build_digest
from briefings.render import TemplateError, escape_markdown, render, telegram_messages
from factories import LAVROV, FactBuilder, brest_week
from telegram_html import check_telegram_html, utf16

DAY = "2024-11-23"


@pytest.fixture
def week(store):
    brest_week(store)
    return store


def views(store, day=DAY):
    return {
        "digest": build_digest(store, day=day),
        "brief": build_brief(store, "Belarus", period="30d", today=day),
        "person": build_brief(store, "Lavrov", period="30d", today=day),
        "unknown": build_brief(store, "Belarsu", today=day),
        "empty": build_brief(store, "Belarus", today="2025-06-01"),
        "calendar": build_calendar(store, today=day),
        "calendar_unknown": build_calendar(store, "Atlantis", today=day),
    }


@pytest.mark.parametrize("fmt", ["html", "md", "text"])
def test_every_view_renders_in_every_format(week, fmt):
    for name, view in views(week).items():
        out = render(view, fmt)
        assert out.strip(), name
        assert "\n\n\n" not in out and "None" not in out and "Undefined" not in out, name
        if fmt == "html":
            check_telegram_html(out)


def test_the_same_facts_in_all_three_formats(week):
    digest = build_digest(week, day=DAY)
    for fmt in ("html", "md", "text"):
        out = render(digest, fmt)
        for fact in ("Lavrov – Ryzhenkov talks", "22 Nov 2024", "Brest", "early Dec 2024", "planned", "Belarus 2",
                     "Who met whom", "What was signed", "Upcoming", "Countries in the news", "Top stories"):
            assert fact in out, (fmt, fact)
    link = "https://example.org/2024-11-23/lavrov-and-ryzhenkov-hold-talks-in-brest"
    assert f'<a href="{link}">Wire Two</a>' in render(digest, "html")
    assert f"[Wire Two](<{link}>)" in render(digest, "md")
    assert f"Wire Two <{link}>" in render(digest, "text")


HOSTILE_TITLE = "<script>alert('x')</script> Talks & trade <b>unbalanced " + "word " * 1000
RTL = "\u202eמשא ומתן\u202c مباحثات في القاهرة"


@pytest.fixture
def hostile(store):
    facts = FactBuilder(store)
    long_sentence = "The ministers said " + "very " * 1000 + '"long" things.'
    a = facts.article(HOSTILE_TITLE, DAY, source="<i>Evil & Co", url="javascript:alert(1)", countries=("BY",),
                      body=f"{long_sentence}\n\n{RTL} 🇧🇾🤝🇷🇺 \"quoted\" Lavrov said.")
    b = facts.article(f"{RTL} 🤝", DAY, source="Wire", url='https://example.org/a"onmouseover="alert(1)', countries=("BY",))
    facts.meeting(a, [("<b>Sergey</b> Lavrov", "</i>Minister & co", "RU"), ("Maxim Ryzhenkov", RTL, "BY")], ["RU", "BY"],
                  date=DAY, location="<a href='x'>Brest</a>")
    facts.meeting(b, [LAVROV, ("Maxim Ryzhenkov", None, "BY")], ["RU", "BY"], date=DAY, location="Brest")
    facts.signing(a, "<pre>declaration</pre> & " + "clause " * 900, ["RU", "BY"], date=DAY)
    facts.upcoming(b, "Summit <tg-spoiler>secret</tg-spoiler> 😀", "2024-12-01", "2024-12-10", members=["BY"])
    return store


def test_hostile_article_renders_as_valid_telegram_html_and_splits(hostile):
    for name, view in views(hostile).items():
        messages = telegram_messages(view)
        assert messages, name
        for message in messages:
            text, entities = check_telegram_html(message)
            assert utf16(text) <= 4096 and entities <= 100
            assert "javascript" not in message and "onmouseover=\"" not in message
            assert "<script" not in message and "<pre>" not in message and "<tg-spoiler>" not in message
    digest_text = "".join(check_telegram_html(m)[0] for m in telegram_messages(build_digest(hostile, day=DAY)))
    assert "<script>alert('x')</script> Talks & trade <b>unbalanced" in digest_text  # shown as text, not markup
    assert "…" in digest_text  # 5,000-character title clipped
    assert "\u202e" not in digest_text  # no bidi override leaks into the layout
    assert "משא ומתן" in digest_text and "🇧🇾" in digest_text
    assert "Evil & Co" in digest_text
    assert len(build_digest(hostile, day=DAY).meetings) == 1  # the two reports merged


def test_hostile_text_is_escaped_in_markdown(hostile):
    md = render(build_digest(hostile, day=DAY), "md")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\<b\\>unbalanced" in md
    assert "javascript" not in md
    assert escape_markdown("*a* _b_ [c](d) `e` <f> # g | h ~ i & j \\ k") == (
        "\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\<f\\> \\# g \\| h \\~ i \\& j \\\\ k"
    )


def test_operator_templates_override_builtin_ones(week, tmp_path, monkeypatch):
    (tmp_path / "digest.html.j2").write_text("<b>Custom</b> {{ digest.period }}: {{ digest.meetings | length }} meetings\n")
    (tmp_path / "_item.md.j2").write_text("* {{ item.title }} ({{ item.sources | length }} sources)")
    monkeypatch.setenv("BRIEFINGS_TEMPLATES", str(tmp_path))
    digest = build_digest(week, day=DAY)
    assert render(digest, "html") == "<b>Custom</b> 23 Nov 2024: 2 meetings\n"
    md = render(digest, "md")
    assert "* Lavrov – Ryzhenkov talks (3 sources)" in md and md.startswith("# Daily digest")
    assert render(build_brief(week, "Belarus", today=DAY), "html").startswith("<b>🔎 🇧🇾 Belarus")  # built-in
    monkeypatch.delenv("BRIEFINGS_TEMPLATES")
    assert render(digest, "html").startswith("<b>📰 Daily digest")
    assert render(digest, "html", templates=tmp_path).startswith("<b>Custom</b>")


def test_operator_templates_are_autoescaped(store, tmp_path):
    facts = FactBuilder(store)
    facts.meeting(facts.article("x", DAY), [("<b>Evil</b>", None, "RU"), LAVROV], ["RU"], date=DAY)
    (tmp_path / "digest.html.j2").write_text("{% for m in digest.meetings %}<b>{{ m.people[0].name }}</b>{% endfor %}")
    out = render(build_digest(store, day=DAY), "html", templates=tmp_path)
    assert out == "<b>&lt;b&gt;Evil&lt;/b&gt;</b>\n"


def test_a_broken_template_names_its_file_and_line(week, tmp_path):
    (tmp_path / "digest.html.j2").write_text("<b>ok</b>\nstill ok\n{% if digest.meetings %}\nno endif\n")
    with pytest.raises(TemplateError) as syntax:
        render(build_digest(week, day=DAY), "html", templates=tmp_path)
    assert str(tmp_path / "digest.html.j2") in str(syntax.value) and "line 4" in str(syntax.value)

    (tmp_path / "digest.html.j2").write_text("<b>ok</b>\n{{ digest.title }}\n{{ digest.no_such_field }}\n")
    with pytest.raises(TemplateError) as runtime:
        render(build_digest(week, day=DAY), "html", templates=tmp_path)
    message = str(runtime.value)
    assert "digest.html.j2, line 3" in message and "no_such_field" in message

    (tmp_path / "brief.md.j2").write_text("{% include 'missing.md.j2' %}\n")
    with pytest.raises(TemplateError, match=r"brief.md.j2, line 1: template missing.md.j2 not found"):
        render(build_brief(week, "Belarus", today=DAY), "md", templates=tmp_path)


def test_unknown_format_is_refused(week):
    with pytest.raises(ValueError, match="unknown format"):
        render(build_digest(week, day=DAY), "pdf")


def test_planned_and_expected_items_are_marked(store):
    facts = FactBuilder(store)
    a = facts.article("Plans", DAY)
    facts.meeting(a, [LAVROV, ("Wang Yi", "Foreign Minister", "CN")], ["RU", "CN"], status="planned", date=DAY)
    facts.signing(a, "treaty on good-neighbourliness", ["RU", "CN"], status="expected")
    digest = build_digest(store, day=DAY)
    html = render(digest, "html")
    assert re.search(r"Lavrov – Wang Yi talks</b> · ⏳ <i>planned</i>", html) or "⏳ <i>planned</i>" in html
    assert "⏳ <i>expected</i>" in html
    assert "⏳ planned" in render(digest, "text") and "⏳ expected" in render(digest, "text")


def test_a_missing_operator_folder_is_an_error_not_a_silent_fallback(week, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFINGS_TEMPLATES", str(tmp_path / "nowhere"))
    with pytest.raises(TemplateError, match="nowhere"):
        render(build_digest(week, day=DAY), "html")


def test_long_sections_are_capped_with_a_count_of_the_rest(store):
    facts = FactBuilder(store)
    for n in range(20):
        facts.meeting(facts.article(f"Meeting {n}", DAY), [(f"Envoy Number{n}", None, "FR"), (f"Envoy Other{n}", None, "DE")],
                      ["FR", "DE"], date=DAY, location=f"City{n}")
    digest = build_digest(store, day=DAY)
    assert len(digest.meetings) == 15 and digest.more["meetings"] == 5
    for fmt, line in (("html", "<i>… and 5 more</i>"), ("md", "*… and 5 more*"), ("text", "… and 5 more")):
        assert line in render(digest, fmt)


def test_a_hostile_article_through_real_ingestion_and_extraction(store, tmp_path):
    pytest.importorskip("briefings.extract")
    from briefings.ingest import ingest_paths

    sentence = "Foreign Minister Anna Example of Ruritania met Foreign Minister Bob Sample of France in Paris " + \
        "and said " + "very " * 900 + "much."
    (tmp_path / "hostile.txt").write_text(
        "<script>alert('x')</script> & <b>Ministers meet 🇫🇷 \u202eشكرا\n\n2024-11-23 / <i>Evil Wire</i>\n\n"
        f"{sentence}\n\nGerman Foreign Minister Hans Muster held talks with French Foreign Minister Jean Probe "
        "in Berlin on Saturday <b>& signed a joint declaration on cultural cooperation</b>.\n",
        encoding="utf-8",
    )
    report = ingest_paths(store, [tmp_path])
    assert report.ok and report.new_ids
    for view in (build_digest(store, day=DAY), build_brief(store, "France", today=DAY), build_calendar(store, today=DAY)):
        for message in telegram_messages(view):
            text, entities = check_telegram_html(message)
            assert utf16(text) <= 4096 and entities <= 100
            assert "<script" not in message
    stories = build_digest(store, day=DAY).stories
    assert stories and stories[0].title.startswith("<script>alert('x')</script> & <b>Ministers meet")
