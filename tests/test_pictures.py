"""Pictures of briefs (``briefings.pictures``) and ``briefings brief --picture``, on the seed store."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefings.digest import Brief, Subject, build_brief, builders
from briefings.digest.views import Contact
from briefings.pictures import (
    HEIGHT,
    KINDS,
    TOP_PARTNERS,
    WIDTH,
    brief_has_content,
    draw_brief_picture,
    kind_of,
    picture_data,
)
from briefings.store import Store

Image = pytest.importorskip("PIL.Image")
REPO = Path(__file__).resolve().parents[1]
TODAY = "2024-11-26"  # the day after the latest seed article
SUBJECTS = ["Belarus", "Russia", "India", "Lavrov", "Kazakhstan", "Armenia", "EU"]


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory) -> Path:
    """The seed articles with their extracted facts, built once for the module."""
    from briefings.ingest import ingest_paths

    path = tmp_path_factory.mktemp("pictures") / "seeded.db"
    with Store(path) as store:
        report = ingest_paths(store, [REPO / "seeds" / "d000.txt", REPO / "seeds"])
        assert report.new_ids and not report.failures
    return path


@pytest.fixture
def seeded(seeded_db):
    with Store(seeded_db) as store:
        yield store


def totals(series: dict[str, list[int]]) -> Counter:
    return Counter({kind: sum(counts) for kind, counts in series.items() if sum(counts)})


@pytest.mark.parametrize("query", SUBJECTS)
def test_the_picture_counts_what_the_brief_holds(seeded, query):
    brief = build_brief(seeded, query, period="30d", today=TODAY)
    assert brief_has_content(brief), query
    assert not any(brief.more.values())  # every item is shown, so the items are the full count
    data = picture_data(brief)
    items = brief.meetings + brief.signings + brief.upcoming
    # the timeline: every item once, by kind; planned ones and those still ahead set apart
    assert totals(data.done) + totals(data.ahead) == Counter(kind_of(i.type, i.kind) for i in items if i.date_from or i.type != "upcoming")
    assert data.events + data.undated == len(items)
    assert sum(map(sum, data.ahead.values())) == len(brief.upcoming) + sum(i.planned for i in brief.meetings + brief.signings)
    # each bar on the day of its item (when the item is dated in the period)
    for item in brief.meetings + brief.signings:
        if item.date_from and brief.date_from <= item.date_from <= brief.date_to:
            series = data.ahead if item.planned else data.done
            assert series[kind_of(item.type, item.kind)][data.days.index(item.date_from)] >= 1
    # the contacts: the brief's top partners with the same counts; no partner is the subject itself
    bars = {bar.key: bar for bar in data.partners}
    assert {p.code: p.count for p in brief.partners} == {p.code: bars[p.code].total for p in brief.partners}
    assert brief.subject.key not in bars
    assert data.title in brief.subject.display and data.period == brief.period


def test_a_partner_named_as_country_and_organisation_counts_once(seeded):
    brief = build_brief(seeded, "Armenia", period="30d", today=TODAY)
    [talks] = brief.contacts
    assert "EU" in talks.countries and "EU" in talks.orgs  # an EU official's country, and the organisation
    [bar] = picture_data(brief).partners
    assert (bar.label, bar.total) == ("EU", 1)
    # and the organisation's own brief does not list it as its own partner
    assert [bar.label for bar in picture_data(build_brief(seeded, "EU", period="30d", today=TODAY)).partners] == ["Armenia (AM)"]


def test_the_picture_counts_the_items_a_brief_leaves_out(seeded, monkeypatch):
    full = picture_data(build_brief(seeded, "Belarus", period="30d", today=TODAY))
    monkeypatch.setattr(builders, "BRIEF_SECTION_ITEMS", 1)
    short = build_brief(seeded, "Belarus", period="30d", today=TODAY)
    assert short.more["signings"] > 0 and len(short.signings) == 1
    data = picture_data(short)
    assert (data.done, data.ahead, data.partners) == (full.done, full.ahead, full.partners)


def test_the_top_partners_then_all_the_others_in_one_bar():
    codes = ["AM", "AZ", "BR", "CN", "DE", "EG", "FR", "GE", "IN", "JP", "KZ", "MX", "NG", "PL"]
    contacts = [  # country i: i + 1 events, calls and talks in turn; an organisation in every third
        Contact("meeting", "call" if n % 2 else "talks", date(2024, 11, 10), False, (code,), ("SCO",) if n % 3 == 0 else ())
        for i, code in enumerate(codes) for n in range(i + 1)
    ]
    brief = Brief("Belarus", date(2024, 11, 1), date(2024, 11, 30), Subject("country", "BY", "Belarus"), contacts=contacts)
    bars = picture_data(brief).partners
    assert len(bars) == TOP_PARTNERS + 1
    totals_by_label = [(bar.label, bar.total) for bar in bars]
    assert totals_by_label[0] == ("SCO", sum((i + 3) // 3 for i in range(len(codes))))
    assert totals_by_label[1:3] == [("Poland (PL)", 14), ("Nigeria (NG)", 13)]
    assert [t for _l, t in totals_by_label[:-1]] == sorted((t for _l, t in totals_by_label[:-1]), reverse=True)
    named = {bar.key for bar in bars[:-1]}
    left_out = [code for code in codes if code not in named]
    assert bars[-1].key == "" and bars[-1].label == f"{len(left_out)} others"
    assert bars[-1].total == sum(codes.index(code) + 1 for code in left_out)
    assert sum(bar.total for bar in bars) == len(contacts) + sum(1 for c in contacts if c.orgs)
    assert bars[1].counts == {"talks": 7, "call": 7, "visit": 0, "signing": 0}


def test_a_long_period_is_counted_by_week(seeded):
    brief = build_brief(seeded, "Belarus", period="365d", today=TODAY)
    data = picture_data(brief)
    assert data.step == 7 and all((b - a).days == 7 for a, b in zip(data.days, data.days[1:]))
    assert data.events + data.undated == len(brief.contacts)
    last = max(c.day for c in brief.contacts if c.day)
    assert data.days[0] == brief.date_from and data.days[-1] <= last < data.days[-1] + timedelta(days=7)


def test_today_sets_apart_what_is_still_ahead(seeded):
    brief = build_brief(seeded, "Belarus", period="30d", today=TODAY)
    now = picture_data(brief)
    earlier = picture_data(brief, today=date(2024, 11, 1))
    assert sum(map(sum, earlier.done.values())) < sum(map(sum, now.done.values()))
    assert earlier.events == now.events and earlier.today == date(2024, 11, 1) and now.today == date(2024, 11, 26)


def test_the_png_decodes_at_the_expected_size_with_the_kinds_drawn(seeded):
    brief = build_brief(seeded, "Belarus", period="30d", today=TODAY)
    png = draw_brief_picture(brief)
    assert len(png) <= 250_000
    image = Image.open(BytesIO(png))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    colours = {rgb[:3] for _n, rgb in image.convert("RGB").getcolors(maxcolors=WIDTH * HEIGHT)}
    data = picture_data(brief)
    shown = set(totals(data.done) + totals(data.ahead))
    assert len(shown) >= 3
    for key, _label, colour in KINDS:  # a kind's colour is in the picture (bars, legend) only when it has events
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert (rgb in colours) == (key in shown), key


def test_threads_drawing_at_once_get_the_same_picture(seeded):
    from concurrent.futures import ThreadPoolExecutor

    briefs = [build_brief(seeded, q, period="30d", today=TODAY) for q in ("Belarus", "India")]
    alone = [draw_brief_picture(b) for b in briefs]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(draw_brief_picture, briefs * 3))
    assert together == alone * 3 and alone[0] != alone[1]


@pytest.mark.parametrize("query, period", [("Nowhereland", "30d"), ("Belarus", "2023-01-01..2023-01-31")])
def test_nothing_to_draw(seeded, query, period):
    brief = build_brief(seeded, query, period=period, today=TODAY)
    assert not brief_has_content(brief)


def run_cli(db: Path, *args: str):
    from briefings.cli import cli

    return CliRunner().invoke(cli, ["--db", str(db), "brief", *args, "--today", TODAY], catch_exceptions=False)


def test_cli_writes_the_picture_to_a_file(seeded_db, tmp_path):
    target = tmp_path / "belarus.png"
    result = run_cli(seeded_db, "Belarus", "--days", "30", "--picture", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {target}: Belarus, 28 Oct – 26 Nov 2024 (1280x720")
    assert Image.open(target).size == (WIDTH, HEIGHT)


def test_cli_writes_png_bytes_to_stdout(seeded_db):
    result = run_cli(seeded_db, "Belarus", "--days", "30", "--picture", "-")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(BytesIO(result.stdout_bytes)).size == (WIDTH, HEIGHT)


def test_cli_prints_the_friendly_text_when_there_is_nothing_to_draw(seeded_db, tmp_path):
    target = tmp_path / "none.png"
    result = run_cli(seeded_db, "Nowhereland", "--picture", str(target))
    assert result.exit_code == 1 and "I found nothing on “Nowhereland”" in result.stdout
    assert not target.exists()
    piped = run_cli(seeded_db, "Belarus", "--period", "2023-01-01..2023-01-31", "--picture", "-")
    assert piped.exit_code == 1 and piped.stdout_bytes == b"" and "No news on Belarus" in piped.stderr


def test_cli_says_when_the_file_cannot_be_written(seeded_db, tmp_path):
    result = run_cli(seeded_db, "Belarus", "--days", "30", "--picture", str(tmp_path / "missing" / "b.png"))
    assert result.exit_code == 1 and "cannot write" in result.stderr and "Traceback" not in result.output


def test_matplotlib_is_imported_only_to_draw(seeded_db):
    code = (
        "import sys; import briefings.pictures, briefings.cli, bot.app; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False"
