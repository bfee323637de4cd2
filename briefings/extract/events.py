"""Meetings, signings and upcoming events of one article: the article-level pass.

Each fact type has its own module (``meetings.py``, ``signings.py``, ``upcoming.py``) on the shared
sentence reading of ``reader.py``; this pass runs them sentence by sentence, then merges the mentions
of one encounter and fills dates and places from context.
"""

from __future__ import annotations

from briefings.extract import adapters
from briefings.extract.context import Frame, inherit_dates, inherit_places
from briefings.extract.documents import document_heads
from briefings.extract.facts import ArticleFacts, Meeting, Signing, Upcoming
from briefings.extract.meetings import MeetingRules
from briefings.extract.modality import CANCELLED, HELD, PLANNED, SPECULATIVE, status_of
from briefings.extract.reader import SentenceReader
from briefings.extract.signings import SigningRules
from briefings.extract.upcoming import UpcomingRules


class ArticleReader(MeetingRules, SigningRules, UpcomingRules, SentenceReader):
    """Reads events out of one parsed article."""


def _dates_from_meetings(facts: ArticleFacts) -> None:
    """An undated signing takes the day of the one dated meeting held between its parties (documents are
    signed at the talks)."""
    for s in facts.signings:
        if s.date or s.vague_date or s.status != "signed" or len(s.parties) < 2:
            continue
        days = {m.date for m in facts.meetings if m.date and m.status == HELD and set(s.parties) <= set(m.countries)}
        if len(days) == 1:
            s.date = days.pop()


def _trips_to_upcoming_events(facts: ArticleFacts) -> None:
    """Travel to attend a multilateral event dated after publication is part of that gathering (SCHEMA: it goes only
    in upcoming): drop planned visits to the event's country, and planned talks on the event's days that name no other
    place ("will host the summit on May 3 ... looks forward to welcoming A, B and C")."""
    events = [(u, u.location_country or (adapters.place_country(u.location) if u.location else None))
              for u in facts.upcoming if u.date_from]
    if not events:
        return

    def attends(m: Meeting) -> bool:
        for u, code in events:
            during = m.date is not None and u.date_from <= m.date <= (u.date_to or u.date_from)
            place = m.location_country or (m.host if m.kind == "visit" else None)
            if m.kind == "visit" and code and place == code and (m.date is None or during):
                return True
            if m.kind == "talks" and during and (m.location is None or code and place == code):
                return True
        return False

    facts.meetings = [m for m in facts.meetings if m.status != PLANNED or not attends(m)]


def find_events(parsed, facts: ArticleFacts) -> None:
    """Fill ``facts.meetings``, ``facts.signings`` and ``facts.upcoming`` from the parsed article."""
    from briefings.extract.merge import merge_meetings, merge_signings, merge_upcoming

    reader = ArticleReader(parsed, facts)
    meetings: list[Meeting] = []
    signings: list[Signing] = []
    upcoming: list[Upcoming] = []
    frames: list[Frame] = []
    sentences = list(reader.sentences())
    body = [s for s in sentences if not s.is_title]
    title = [s for s in sentences if s.is_title]
    previous = None
    for sent in body + title:
        found_here: list[Meeting] = []
        planned_here: list[Upcoming] = []
        signings += reader.listed_signings(sent, previous)
        previous = sent
        for trig in reader.triggers(sent):
            if trig.label == "meeting":
                found_here += reader.meeting(sent, trig)
            elif trig.label == "signing":
                signings += reader.signing(sent, trig, meetings + found_here)
                status = status_of(trig.token)
                witnessed = trig.token.pos_ == "NOUN" and trig.token.head.lemma_ in ("witness", "oversee", "attend", "preside")
                if (trig.token.pos_ == "VERB" or witnessed) and status not in (SPECULATIVE, CANCELLED) and \
                        document_heads(trig.token, reader.lex.documents):  # signed something, even "six MoUs"
                    joint = reader.joint_signing_meeting(sent, trig.token, status)
                    if joint is not None:
                        found_here.append(joint)
            elif trig.label == "upcoming":
                event = reader.upcoming(sent, trig)
                if event is not None:
                    upcoming.append(event)
                    if set(event.event.lower().split()) & set(reader.lex.events["format_modifiers"]):
                        planned_here.append(event)  # a trilateral summit of the leaders this sentence names
            if trig.label != "upcoming" and not sent.is_title:
                frame = reader.frame(sent, trig)
                if frame is not None:
                    frames.append(frame)
        if not sent.is_title:
            signings += reader.joint_documents(sent, meetings + found_here)
        if planned_here:  # "will meet on May 3 in X, where Y joins them for a trilateral summit": the summit
            found_here = [m for m in found_here if m.status != PLANNED or m.date not in
                          {None, *(u.date_from for u in planned_here)}]
        meetings += found_here
    facts.meetings = merge_meetings(meetings, parsed.article.published)
    facts.signings = merge_signings(signings)
    facts.upcoming = merge_upcoming(upcoming + reader.events_named_elsewhere())
    inherit_dates(parsed, [m for m in facts.meetings if m.kind != "visit"], frames, need_person=True)
    inherit_dates(parsed, facts.signings, frames, need_person=False)
    _dates_from_meetings(facts)
    inherit_places(parsed, facts.meetings, frames)
    _trips_to_upcoming_events(facts)
