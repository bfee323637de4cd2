"""What an event's context says when its own sentence does not: the day and the place.

Every sentence with an event word leaves a Frame (its day, place, people and status), even when
no event is kept from it ("the prime minister conferred with several leaders in the capital today").
An undated or unplaced event borrows from an earlier frame about the same people.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.extract.facts import Meeting
from briefings.extract.lexicon import lexicon
from briefings.extract.modality import CANCELLED, HELD, PLANNED


@dataclass
class Frame:
    """When a sentence with an event word says the event happens (even if no event was kept from it)."""

    paragraph: int
    start: int  # the sentence's offset in the body
    status: str
    day: str
    persons: set[str]
    country: str | None = None
    place: str | None = None


def status_class(status: str) -> str:
    return {"expected": PLANNED, "signed": HELD, CANCELLED: PLANNED}.get(status, status)


def paragraph_of(parsed, start: int) -> int:
    """Index of the doc (1.. body paragraphs; 0 for the title) holding body offset ``start``."""
    if start < 0:
        return 0
    return max(i for i, off in enumerate(parsed.offsets) if i > 0 and off <= start) if len(parsed.offsets) > 1 else 0


def told_earlier(sentence: str) -> bool:
    """Whether a sentence opens by putting its event before the time of its context ("Previously, ...")."""
    opening = sentence.lstrip().lower()
    return any(opening.startswith(cue) and not opening[len(cue):len(cue) + 1].isalpha()
               for cue in lexicon().modality["earlier_cues"])


def inherit_dates(parsed, events, frames: list[Frame], need_person: bool) -> None:
    """Give an undated event the date its own context states: an earlier sentence of its paragraph,
    the paragraph before, or the lead paragraph, about the same people and with the same status."""
    for event in events:
        if getattr(event, "date", "x") is not None or not event.evidence or getattr(event, "vague_date", False):
            continue
        first = event.evidence[0]
        if told_earlier(first.text):
            continue  # "Previously, X held talks with Y": before the day the context tells
        para = paragraph_of(parsed, first.start)
        keys = {p.key for p in getattr(event, "participants", [])}
        status = status_class(event.status)
        same_day = need_person and any(cue in first.text.lower() for cue in lexicon().modality["same_day_cues"])
        best = None
        for f in frames:
            if f.day is None:
                continue
            if same_day:  # "X also met Y on the same day": the day last told before, whoever it was about
                if (f.paragraph, f.start) < (para, first.start) and status_class(f.status) == status and (
                        best is None or (f.paragraph, f.start) > (best.paragraph, best.start)):
                    best = f
                continue
            if need_person:  # a meeting: any earlier sentence about the same people, not placed elsewhere
                near = (f.paragraph, f.start) <= (para, first.start) or para == 0
                if f.country and getattr(event, "location_country", None) and f.country != event.location_country:
                    continue
            else:
                near = (f.paragraph == para and f.start <= first.start) or f.paragraph == para - 1 or (f.paragraph == 1 and para <= 2)
            if para == 0:
                near = near and f.paragraph == 1
            if not near or status_class(f.status) != status:
                continue
            if need_person and keys and f.persons and not keys & f.persons:
                continue
            if need_person and keys and not f.persons:
                continue
            if best is None or (f.paragraph, f.start) > (best.paragraph, best.start):
                best = f
        if best is not None:
            event.date = best.day


def inherit_places(parsed, meetings: list[Meeting], frames: list[Frame]) -> None:
    """Give talks with no place the place an earlier sentence about the same people puts them in."""
    told_at = {id(m): {e.start for e in m.evidence} for m in meetings if m.kind != "visit"}
    for m in meetings:
        if m.location or m.kind == "call" or not m.evidence or not m.participants:
            continue
        first = m.evidence[0]
        keys = {p.key for p in m.participants}
        para = paragraph_of(parsed, first.start)
        other = set().union(*(starts for key, starts in told_at.items() if key != id(m)))
        before = [f for f in frames if f.place and keys & f.persons and (f.paragraph, f.start) <= (para, first.start)
                  and (f.country is None or f.country in m.countries) and f.start not in other]
        if before:
            best = max(before, key=lambda f: (f.paragraph, f.start))
            m.location, m.location_country = best.place, best.country
