"""``briefings digest``, ``briefings brief`` and ``briefings upcoming``."""

from __future__ import annotations

import pytest

from briefings.store import Store
from factories import brest_week
from telegram_html import check_telegram_html

DAY = "2024-11-23"


@pytest.fixture
def filled(db_path):
    with Store(db_path) as store:
        brest_week(store)
    return db_path


def test_digest_in_each_format(invoke, filled):
    text = invoke("digest", "--date", DAY)
    assert text.exit_code == 0
    assert text.stdout.startswith("== Daily digest · 23 Nov 2024") and "Lavrov – Ryzhenkov talks" in text.stdout
    md = invoke("digest", "--date", DAY, "--format", "md")
    assert md.stdout.startswith("# Daily digest") and "**Lavrov – Ryzhenkov talks**" in md.stdout
    html = invoke("digest", "--date", DAY, "--format", "html")
    check_telegram_html(html.stdout)
    assert "<b>Lavrov – Ryzhenkov talks</b>" in html.stdout


def test_digest_follows_and_periods(invoke, filled):
    only = invoke("digest", "--date", DAY, "--follow", "Uzbekistan", "--only-follows")
    assert "Nurtleu – Saidov talks" in only.stdout and "Lavrov" not in only.stdout.split("-- Countries")[0]
    week = invoke("digest", "--date", "2024-11-17", "--until", DAY)
    assert week.stdout.startswith("== Digest · 17–23 Nov 2024")


@pytest.mark.parametrize(
    "args, says",
    [
        (["digest", "--date", "23.11.2024"], "not a date"),
        (["digest", "--tz", "Mars/Base"], "Unknown time zone"),
        (["brief", "Belarus", "--period", "fortnight"], "don't understand the period"),
        (["brief", "Belarus", "--days", "7", "--since", "2024-11-01"], "only one of"),
        (["brief", "Belarus", "--since", "2030-01-01", "--today", DAY], "future"),
        (["upcoming", "--today", "soon"], "not a date"),
    ],
)
def test_bad_input_is_a_clear_usage_error(invoke, filled, args, says):
    result = invoke(*args)
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.output


def test_brief_by_alias_person_and_period(invoke, filled):
    flag = invoke("brief", "🇧🇾", "--today", DAY)
    assert flag.exit_code == 0 and flag.stdout.startswith("== 🇧🇾 Belarus · 17–23 Nov 2024")
    russian = invoke("brief", "Беларусь", "--today", DAY)
    assert russian.stdout == flag.stdout
    person = invoke("brief", "Sergey", "Lavrov", "--days", "30", "--today", DAY)
    assert person.stdout.startswith("== Sergey Lavrov · 25 Oct – 23 Nov 2024")
    since = invoke("brief", "BY", "--since", "2024-11-20", "--today", DAY, "--format", "md")
    assert since.stdout.startswith("# 🇧🇾 Belarus · 20–23 Nov 2024")


def test_brief_unknown_and_empty_replies(invoke, filled):
    unknown = invoke("brief", "Belarsu", "--today", DAY)
    assert unknown.exit_code == 0 and "Did you mean: Belarus" in unknown.stdout
    empty = invoke("brief", "Belarus", "--today", "2025-02-01")
    assert "No news on Belarus in 26 Jan – 1 Feb 2025." in empty.stdout and "“90d”" in empty.stdout


def test_upcoming_all_and_for_a_country(invoke, filled):
    everything = invoke("upcoming", "--today", DAY)
    assert everything.stdout.startswith("== Upcoming · 24 Nov – 23 Dec 2024")
    assert "early Dec 2024 — Supreme State Council of the Union State meeting" in everything.stdout
    belarus = invoke("upcoming", "Belarus", "--today", DAY, "--days", "60")
    assert belarus.stdout.startswith("== Upcoming: 🇧🇾 Belarus · 24 Nov 2024 – 22 Jan 2025")
    nothing = invoke("upcoming", "Kazakhstan", "--today", DAY)
    assert "Nothing scheduled for Kazakhstan" in nothing.stdout


def test_a_broken_operator_template_is_a_one_line_error(invoke, filled, tmp_path, monkeypatch):
    (tmp_path / "digest.txt.j2").write_text("{{ digest.title }\n")
    monkeypatch.setenv("BRIEFINGS_TEMPLATES", str(tmp_path))
    result = invoke("digest", "--date", DAY)
    assert result.exit_code == 1
    assert "template error" in result.stderr and "digest.txt.j2, line 1" in result.stderr
