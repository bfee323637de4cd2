"""A brief as a picture: whom the subject meets and signs with, and its events day by day.

:func:`picture_data` turns a :class:`~briefings.digest.views.Brief` into the counts a chart
shows (pure Python, no plotting); :func:`draw_brief_picture` draws them as one PNG with two
panels, *contacts* (partners by meetings, calls, visits and signings, stacked by kind) and
*timeline* (events by day, what is planned or after today hatched). matplotlib is imported
only when a picture is drawn, so processes that never draw one do not pay for it. Drawing uses
the Agg canvas directly (no pyplot, no global figure registry); as matplotlib is not documented as
thread-safe, pictures are drawn one at a time (a bot's threads wait their turn, ~0.2 s each).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from io import BytesIO

from briefings.digest.facts import country_label
from briefings.digest.views import Brief
from briefings.gcpause import gc_paused

#: Kinds of event, in legend order: (key, legend label, Okabe-Ito colour).
KINDS = (
    ("talks", "Meetings", "#0072B2"),
    ("call", "Calls", "#E69F00"),
    ("visit", "Visits", "#009E73"),
    ("signing", "Signings", "#D55E00"),
    ("gathering", "Summits and events", "#CC79A7"),
)
CONTACT_KINDS = ("talks", "call", "visit", "signing")
TOP_PARTNERS = 12
WEEKLY_AFTER_DAYS = 92  # longer timelines count events by week
AHEAD_DAYS = 30  # the timeline runs this far past the period, as the brief's upcoming section does
WIDTH, HEIGHT, DPI = 1280, 720, 100
_INK, _MUTED, _GRID = "#222222", "#555555", "#DDDDDD"
_LABEL_CHARS = 26
TICK_SIZE = 14
_DRAWING = threading.Lock()


@dataclass
class PartnerBar:
    """One bar of the contacts panel: a partner (or all the others) and its events by kind."""

    key: str  # ISO2 code, organisation acronym, or "" for the others
    label: str  # "Russia (RU)", "BRICS", "12 others"
    counts: dict[str, int]  # kind (CONTACT_KINDS) -> events

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PictureData:
    """What the picture of a brief shows, as plain data (what the tests compare with the brief)."""

    title: str
    period: str
    headline: str
    today: date
    partners: list[PartnerBar]  # the top partners by events, then one bar for the rest
    days: list[date]  # first day of each timeline bar (a day, or a week when ``step`` is 7)
    step: int  # days per timeline bar
    done: dict[str, list[int]] = field(default_factory=dict)  # kind -> events per bar, held or signed by today
    ahead: dict[str, list[int]] = field(default_factory=dict)  # kind -> events per bar, planned or after today
    undated: int = 0  # upcoming events without a date (not on the timeline)
    later: int = 0  # upcoming events more than AHEAD_DAYS after the period (not on the timeline)

    @property
    def events(self) -> int:
        """Events on the timeline."""
        return sum(map(sum, self.done.values())) + sum(map(sum, self.ahead.values()))


def brief_has_content(brief: Brief) -> bool:
    """Whether a picture of ``brief`` would show anything: a known subject with at least one
    meeting, signing or upcoming event. When false, show the text brief (its friendly
    "nothing found" or "try a longer period") instead of an empty chart."""
    return brief.known and bool(brief.contacts)


def kind_of(event_type: str, kind: str | None) -> str:
    """The chart's kind of an event: talks, call, visit, signing or gathering."""
    if event_type == "signing":
        return "signing"
    if event_type == "upcoming":
        return "gathering"
    return kind if kind in ("call", "visit") else "talks"


def picture_data(brief: Brief, today: date | None = None) -> PictureData:
    """The counts the picture of ``brief`` shows: partners by kind of contact, events by day.

    ``today`` (default: today, or the brief's last day if that is earlier) decides which events
    are drawn as still to come. Contacts are the meetings and signings of the period; the
    timeline also has the upcoming events after it.
    """
    today = today or min(date.today(), brief.date_to)
    subject = brief.subject.label if brief.subject else brief.query
    if brief.subject and brief.subject.kind == "topic":
        subject = f"“{subject}”"
    data = PictureData(
        title=subject, period=brief.period, headline=brief.headline, today=today, partners=[], days=[], step=1,
    )
    data.partners = _partner_bars(brief)
    first, horizon = brief.date_from, brief.date_to + timedelta(days=AHEAD_DAYS)
    dated = [c for c in brief.contacts if c.day is not None and c.day <= horizon]
    data.later = sum(1 for c in brief.contacts if c.day is not None and c.day > horizon)
    data.undated = len(brief.contacts) - len(dated) - data.later
    last = max([brief.date_to, *(c.day for c in dated)])
    data.step = 7 if (last - first).days + 1 > WEEKLY_AFTER_DAYS else 1
    bars = (last - first).days // data.step + 1
    data.days = [first + timedelta(days=i * data.step) for i in range(bars)]
    data.done = {key: [0] * bars for key, _label, _colour in KINDS}
    data.ahead = {key: [0] * bars for key, _label, _colour in KINDS}
    for contact in dated:
        day = max(contact.day, first)  # an event running since before the period shows on its first day
        series = data.ahead if contact.planned or day > today else data.done
        series[kind_of(contact.type, contact.kind)][(day - first).days // data.step] += 1
    return data


def _partner_bars(brief: Brief) -> list[PartnerBar]:
    counts: dict[tuple[str, str], dict[str, int]] = {}  # (label, key) -> kind -> events
    for contact in brief.contacts:
        if contact.type == "upcoming" or contact.day is None or contact.day > brief.date_to:
            continue  # upcoming events are not contacts of the period
        kind = kind_of(contact.type, contact.kind)
        # once per event, even when named as a country and an organisation ("EU" is both)
        partners = {_country_label(c): c for c in contact.countries} | {_short(o): o for o in contact.orgs}
        for label, key in partners.items():
            counts.setdefault((label, key), dict.fromkeys(CONTACT_KINDS, 0))[kind] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    bars = [PartnerBar(key, label, row) for (label, key), row in ranked[:TOP_PARTNERS]]
    rest = ranked[TOP_PARTNERS:]
    if rest:
        summed = {kind: sum(row[kind] for _key, row in rest) for kind in CONTACT_KINDS}
        bars.append(PartnerBar("", f"{len(rest)} others", summed))
    return bars


@lru_cache(maxsize=512)
def _country_label(code: str) -> str:
    """"Russia (RU)": the name (cut if long) and the code (flag emoji rarely render in chart fonts)."""
    name = country_label(code) or code
    return f"{_short(name, _LABEL_CHARS - 5)} ({code})" if name != code else code


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def draw_brief_picture(brief: Brief, *, today: date | None = None) -> bytes:
    """The picture of ``brief`` as PNG bytes (1280x720): a title with the subject and period,
    partners by kind of contact on the left, events by day on the right.

    Call only when :func:`brief_has_content` is true (an empty brief draws empty panels).
    """
    data = picture_data(brief, today)
    with _DRAWING:
        return _draw(data)


@gc_paused  # passes over the figure's objects while it is alive free nothing; it is collected once, after
def _draw(data: PictureData) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    renderer = FigureCanvasAgg(figure).get_renderer()
    fonts: dict[float, FontProperties] = {}

    def width(text: str, size: float) -> float:
        """Pixels ``text`` takes at font ``size``."""
        font = fonts.setdefault(size, FontProperties(size=size))
        return renderer.get_text_width_height_descent(text, font, False)[0]

    # fixed places, few artists: a layout engine, tick objects and legend boxes cost most of the time
    names = max((width(bar.label, TICK_SIZE) for bar in data.partners), default=0)
    left = max(names + 20, 100) / WIDTH
    contacts = figure.add_axes((left, 0.15, 0.43 - left, 0.62))
    timeline = figure.add_axes((0.5, 0.15, 0.465, 0.62))
    figure.text(0.5, 0.97, f"{data.title} · {data.period}", ha="center", va="top", fontsize=24, fontweight="bold",
                color=_INK)
    figure.text(0.5, 0.895, data.headline + _off_timeline(data), ha="center", va="top", fontsize=15, color=_MUTED)
    _draw_contacts(contacts, data)
    _draw_timeline(timeline, data)
    _draw_legend(figure, data, width)
    out = BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _title(ax, title: str) -> None:
    ax.text(0, 1.03, title, transform=ax.transAxes, fontsize=18, color=_INK, ha="left", va="bottom")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _off_timeline(data: PictureData) -> str:
    notes = [f"{data.undated} undated" if data.undated else "", f"{data.later} later" if data.later else ""]
    notes = [n for n in notes if n]
    return f" ({' and '.join(notes)}: not on the timeline)" if notes else ""


def _rectangles(rects: list[tuple[float, float, float, float]], ahead: bool, colour: str):
    """Bars (x, y, width, height) as one collection (much faster than one patch per bar): filled,
    or hatched and hollow for what is planned or ahead."""
    from matplotlib.collections import PolyCollection

    verts = [[(x, y), (x, y + h), (x + w, y + h), (x + w, y)] for x, y, w, h in rects]
    if ahead:  # the hatch takes the edge colour
        return PolyCollection(verts, facecolors="white", edgecolors=colour, hatch="///", linewidths=1.5)
    return PolyCollection(verts, facecolors=colour, edgecolors="white", linewidths=0.8)


def _add_bars(ax, rects: list[tuple[float, float, float, float]], ahead: bool, colour: str) -> None:
    if rects:
        ax.add_collection(_rectangles(rects, ahead, colour), autolim=False)


def _draw_contacts(ax, data: PictureData) -> None:
    """Stacked bars by kind, one per partner, the number at the end; no axes (the numbers say it)."""
    _title(ax, "Partners: events together")
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    if not data.partners:
        ax.text(0.5, 0.5, "No partner named\nin the period", ha="center", va="center", fontsize=16, color=_MUTED,
                transform=ax.transAxes)
        return
    named = max(bar.total for bar in data.partners if bar.key)  # the "others" bar is never alone
    longest = max(bar.total for bar in data.partners)
    right = (named if longest > 1.5 * named else longest) * 1.2  # a far longer "others" bar is cut, its number inside
    ax.set_xlim(0, right)
    ax.set_ylim(max(len(data.partners), 6) - 0.5, -0.5)  # top partner first; a few bars stay slim, at the top
    colours = {key: colour for key, _label, colour in KINDS}
    for kind in CONTACT_KINDS:
        before = CONTACT_KINDS[: CONTACT_KINDS.index(kind)]
        _add_bars(ax, [(sum(bar.counts[k] for k in before), row - 0.35, bar.counts[kind], 0.7)
                         for row, bar in enumerate(data.partners) if bar.counts[kind]], False, colours[kind])
    names = ax.get_yaxis_transform()  # x in axes fractions, y in rows
    for row, bar in enumerate(data.partners):
        ax.text(-0.015, row, bar.label, transform=names, ha="right", va="center", fontsize=TICK_SIZE, color=_INK)
        if bar.total * 1.1 < right:
            ax.text(bar.total, row, f" {bar.total}", va="center", ha="left", fontsize=TICK_SIZE, color=_INK)
        else:
            ax.text(right, row, f"{bar.total} ", va="center", ha="right", fontsize=TICK_SIZE, color="white",
                    fontweight="bold")
    ax.vlines(0, -0.5, len(data.partners) - 0.5, color=_MUTED, linewidth=1)


def _draw_timeline(ax, data: PictureData) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    _title(ax, "Events by week" if data.step == 7 else "Events by day")
    ax.tick_params(labelsize=TICK_SIZE, colors=_INK, length=0)
    ax.spines["bottom"].set_color(_MUTED)
    starts = [mdates.date2num(day) + data.step * 0.1 for day in data.days]
    width = data.step * 0.8
    bottom = [0] * len(starts)
    for series, ahead in ((data.done, False), (data.ahead, True)):  # what happened below, what is to come on top
        for key, _label, colour in KINDS:
            counts = series[key]
            _add_bars(ax, [(x, b, width, n) for x, b, n in zip(starts, bottom, counts) if n], ahead, colour)
            bottom = [b + n for b, n in zip(bottom, counts)]
    start = mdates.date2num(data.days[0])
    end = mdates.date2num(data.days[-1]) + data.step
    ax.set_xlim(start - max(data.step * 0.6, 1.5), end)  # room for the first date under the axis
    top = max(bottom, default=0) or 1
    ax.set_ylim(0, top * 1.18 + 0.3)
    today = mdates.date2num(data.today) + 1  # the line stands at the end of today
    if start < today < end:
        ax.axvspan(today, end, color="#F2F2F2", zorder=0)
        ax.axvline(today, color=_MUTED, linestyle="--", linewidth=1.5, zorder=1)
        ax.text(today, top * 1.16 + 0.3, " today ", ha="right", va="top", fontsize=13, color=_MUTED)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=7))
    ax.xaxis.set_major_formatter(FuncFormatter(_day_month))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    ax.grid(axis="y", color=_GRID, linewidth=1)
    ax.set_axisbelow(True)


def _day_month(value: float, _position=None) -> str:
    """An axis date as "4 Nov" (with the year in January: "6 Jan 2025")."""
    import matplotlib.dates as mdates

    day = mdates.num2date(value).date()
    return f"{day.day} {day:%b %Y}" if day.month == 1 else f"{day.day} {day:%b}"


def _draw_legend(figure, data: PictureData, width) -> None:
    """One row of swatches and names, centred under both panels (drawn by hand: much cheaper than a Legend)."""
    used = {key for key, series in (*data.done.items(), *data.ahead.items()) if any(series)}
    used |= {kind for bar in data.partners for kind, n in bar.counts.items() if n}
    entries = [(label, colour, False) for key, label, colour in KINDS if key in used]
    if any(any(series) for series in data.ahead.values()):
        entries.append(("Planned or ahead", _MUTED, True))
    swatch, gap, spacing, size, middle = 30, 8, 30, TICK_SIZE, 30  # pixels
    widths = [swatch + gap + width(label, size) for label, _colour, _ahead in entries]
    x = (WIDTH - sum(widths) - spacing * (len(entries) - 1)) / 2
    for (label, colour, ahead), taken in zip(entries, widths):
        box = _rectangles([(x / WIDTH, (middle - 8) / HEIGHT, swatch / WIDTH, 16 / HEIGHT)], ahead, colour)
        box.set_transform(figure.transFigure)
        figure.add_artist(box)
        figure.text((x + swatch + gap) / WIDTH, middle / HEIGHT, label, ha="left", va="center", fontsize=size, color=_INK)
        x += taken + spacing


