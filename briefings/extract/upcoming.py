"""Upcoming multilateral events: named summits, forums and sessions dated after publication."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Token

from briefings.extract import adapters
from briefings.extract.documents import event_name
from briefings.extract.facts import Upcoming
from briefings.extract.merge import similar_titles
from briefings.extract.modality import (
    CANCELLED,
    HELD,
    PLANNED,
    SPECULATIVE,
    reported_in_past,
    status_of,
)
from briefings.extract.reader import MAX_UPCOMING_SPAN_DAYS, Sentence, Trigger
from briefings.extract.syntax import clause_head, strip_the

#: How far ahead a yearless date may fall before an event the text does not plan is read as a past one.
NEXT_YEAR_DAYS = 183


class UpcomingRules:
    """Event triggers -> upcoming events (a mixin of :class:`~briefings.extract.events.ArticleReader`)."""

    def gathering_org(self, sent: Sentence, tok: Token) -> str | None:
        """The organisation whose leaders gather "for their summit" ("X heads of state meet ... for their summit")."""
        if not (tok.dep_ == "pobj" and tok.head.lower_ == "for"):
            return None
        owner = tok.head.head
        subjects = [owner] if owner.pos_ not in ("VERB", "AUX") else []  # the parser may hang "for" on the noun
        subjects += [c for c in clause_head(tok).children if c.dep_ == "nsubj"]
        for subj in subjects:
            inside = {t.i for t in subj.subtree}
            orgs = [s for s in self.ents.sides if s.is_org and s.doc == sent.d and s.start in inside and s.start < tok.i]
            if len(orgs) == 1:
                return orgs[0].code
        return None

    def hosts_an_event(self, tok: Token) -> bool:
        """"host"/"welcome" taking a multilateral event as object ("host the summit", "the forum, which X hosts")."""
        if tok.lemma_ not in ("host", "welcome"):
            return False
        nouns = self.lex.events["upcoming_nouns"]
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.dep_ == "relcl" and any(c.dep_ in ("dobj", "nsubjpass") and c.tag_ == "WDT" for c in tok.children):
            objects.append(tok.head)
        if tok.i > 1 and tok.doc[tok.i - 2].lower_ == "co" or any(c.dep_ == "nsubj" and c.conjuncts for c in tok.children):
            return False  # two co-hosts of a dialogue meet each other
        return any(o.lower_ in nouns and o.lower_ not in ("meeting", "dialogue") for o in objects)

    def is_setting(self, tok: Token) -> bool:
        """An event named as the backdrop of another: "ahead of X", "before X", "on the margins of X"."""
        head = tok.head if tok.dep_ == "pobj" else None
        if head is None:
            return False
        if head.lower_ in ("before", "after", "following"):
            return True
        return head.lower_ == "of" and head.head.lower_ in self.lex.events["setting_nouns"]

    def own_date(self, sent: Sentence, tok: Token) -> bool:
        """Whether a date expression lies inside the event noun's own phrase."""
        inside = {t.idx for t in tok.subtree}
        base = sent.span.start_char
        return any(base + start in inside for start, _, _ in adapters.date_spans(sent.span.text))

    def own_clause_status(self, tok: Token) -> str | None:
        """What the event noun's own clause says: planned ("which will be held", "to take place", "taking
        place") or held ("which were held on May 12"); None when it has no such clause."""
        for clause in tok.children:
            if clause.dep_ not in ("acl", "relcl") or clause.lemma_ not in self.lex.events["holding_verbs"]:
                continue
            aux = {a.lower_ for a in clause.children if a.dep_ in ("aux", "auxpass")}
            if aux & {"will", "shall", "to", "being"} or clause.tag_ == "VBG":
                return PLANNED
            if (clause.tag_ == "VBD" or aux & {"was", "were", "had"}) and clause.lemma_ not in ("schedule", "set", "slate"):
                return HELD
        return None

    def in_organisation(self, tok: Token) -> bool:
        """Whether ``tok`` is part of an international organisation's name."""
        return any(s.is_org and s.start <= tok.i < s.end for s in self.ents.sides if s.doc == self._doc_index(tok))

    def _doc_index(self, tok: Token) -> int:
        return next((d for d, doc in enumerate(self.parsed.docs) if doc is tok.doc), -1)

    def upcoming(self, sent: Sentence, trig: Trigger) -> Upcoming | None:
        tok = trig.token
        if tok.dep_ == "compound":
            return None  # "the Nordic Council summit": the head noun names the event
        if tok.lower_ == "meeting" and (any(c.dep_ == "prep" and c.lower_ == "between" for c in tok.children) or not any(
                c.dep_ == "prep" and c.lower_ == "of" or c.dep_ in ("compound", "poss", "nmod")
                and any(t.pos_ == "PROPN" for t in c.subtree) for c in tok.children)):
            return None  # a meeting "between" people is a planned meeting, not a multilateral event
        name_tokens = event_name(tok)
        if _bracketed(tok):
            return None  # "the X Conference on Y (The Z Conference)": a short name of the event just named
        words = {t.lower_ for t in name_tokens if not self.in_organisation(t)}  # "Arab League" is no sports league
        if words & set(self.lex.events["not_events"]):
            return None
        named = any(t.pos_ == "PROPN" or t.like_num or t.text[:1].isupper() or t.lower_ in self.lex.events["format_modifiers"]
                    for t in event_name(tok, with_scene=True) if t.i != tok.i)  # "the Lima summit", "a trilateral summit"
        if tok.lower_ == "meeting" and not any(t.pos_ == "PROPN" for t in name_tokens):
            return None
        if tok.lower_ in self.lex.events["institution_nouns"] and tok.dep_ == "pobj" and tok.head.lower_ == "at" \
                and not any(t.like_num or t.lower_.endswith(("st", "nd", "rd", "th")) and t.tag_ == "JJ" for t in name_tokens):
            return None  # "will meet X at the National Congress": the building, not a session
        if tok.lower_ in self.lex.events["bilateral_formats"] and len({
                adapters.country_code(w) for t in name_tokens for w in t.text.split("-")} - {None}) == 2:
            return None  # "the Peru-Chile Strategic Dialogue": a bilateral round, not a multilateral event
        kind = self.lex.events["upcoming_nouns"].get(tok.lower_, "other")
        election_like = kind == "election" and any(
            c.dep_ in ("amod", "compound") and c.lower_ in self.lex.events["election_modifiers"] for c in tok.children)
        host_org = None if named or kind == "election" else self.gathering_org(sent, tok)
        unnamed = kind == "election" and not (named or election_like) or kind != "election" and not (named or host_org)
        if unnamed and [(c.dep_, c.lower_) for c in tok.children if c.i < tok.i] != [("det", "the")] \
                or unnamed and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return None  # only named events: "a vote on Tuesday" or "a climate conference" name none; a bare
            # "the summit" may stand for the one the article names ("the forum of border regions" is another)
        if not unnamed:
            self.seen_events()["named"].append((kind, _name_text(name_tokens)))
        status, own = status_of(tok), self.own_clause_status(tok)
        if status != CANCELLED and own == PLANNED:
            status = PLANNED  # "the meeting, to be held on May 4, was proposed by X": its own clause says planned
        if status == SPECULATIVE or status == HELD and reported_in_past(tok) or own == HELD:
            return None  # also "I would like to mention the X Forum, which was held on May 12"
        when = self.date_of(sent, tok, "future")
        if when is not None and status != PLANNED and (when[0] - self.published).days > NEXT_YEAR_DAYS:
            # a yearless day months ahead is next year's only when the text plans the event; otherwise the
            # nearest ("since winning the November 20 election" in a late-November article is past)
            when = self.date_of(sent, tok, None) or when
        if when is not None and self.is_setting(tok) and not self.own_date(sent, tok):
            return None  # "ahead of the X summit", "on the margins of the Y": the clause's date is another event's
        clause = clause_head(tok)
        if when is None and clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            when = self.date_of(sent, clause_head(clause.head), "future")  # "will meet on May 3 in X, where ... a summit"
        headline_plan = status == PLANNED or any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if when is None and sent.is_title and headline_plan:
            spans = adapters.date_spans(sent.span.text)  # headline-ese "X to host Y summit Oct 14" parses badly
            if len(spans) == 1:
                when = adapters.resolve(spans[0][2], self.published, "future")
        if when is None or when[0] <= self.published or (when[1] - when[0]).days > MAX_UPCOMING_SPAN_DAYS \
                and not _written_year(when, sent.span.text):
            return None  # undated, past, or vague ("in the coming months", "next year"); "in 2026" spans the year
        topic = {t.i for t in event_name(tok, with_scene=True)} - {t.i for t in name_tokens}
        others = {t.i for c in tok.conjuncts for t in event_name(c)}  # "the X Summit and the Y Summit": no venue
        place = self.place_near(sent, tok, {t.i for t in name_tokens} | others, topics_aside=False, topic=topic)
        place = place or self.place_in_name(name_tokens)
        text = f"{host_org} {tok.text}" if host_org else _name_text(name_tokens)
        event = Upcoming(
            event=text,
            kind=kind,
            date_from=when[0].isoformat(),
            date_to=when[1].isoformat(),
            location=place[0] if place else None,
            location_country=place[1] if place else None,
            status=CANCELLED if status == CANCELLED else "planned",
            evidence=[sent.evidence()],
            confidence=0.5 if sent.is_title else 0.7,
        )
        if unnamed:  # "the summit will take place on March 1": named elsewhere in the article, perhaps
            self.seen_events()["unnamed"].append(event)
            return None
        return event

    def place_in_name(self, name_tokens: list[Token]) -> tuple[str, str | None] | None:
        """A city the event's name opens with ("the Lima Economic Forum" -> Lima), when the text ties no other."""
        heads = [name_tokens[:n] for n in (3, 2, 1) if len(name_tokens) >= n and all(t.pos_ == "PROPN" for t in name_tokens[:n])]
        texts = ["".join(t.text_with_ws for t in head).strip() for head in heads]  # "St Petersburg International ..."
        if any(adapters.country_code(text) for text in texts):
            return None  # "Sri Lanka's presidential polls": a country, and no city
        text = next((text for text in texts if adapters.is_city(text)), None)
        return (text, adapters.place_country(text, self.context_countries)) if text else None

    def seen_events(self) -> dict[str, list]:
        """The article's named event mentions (kind, name) and its dated mentions by a bare "the <noun>"."""
        return vars(self).setdefault("_seen_events", {"named": [], "unnamed": []})

    def events_named_elsewhere(self) -> list[Upcoming]:
        """Dated "the summit"/"the polling" mentions whose article names exactly one event of that kind
        ("... to attend the 8th Summit of X. The summit will take place on March 1")."""
        seen = self.seen_events()
        out = []
        for event in seen["unnamed"]:
            names: list[str] = []
            for kind, name in seen["named"]:
                if kind == event.kind and not any(similar_titles(name, n) for n in names):
                    names.append(name)
            if len(names) == 1:
                event.event = max((n for k, n in seen["named"] if k == event.kind and similar_titles(n, names[0])), key=len)
                out.append(event)
        return out


def _written_year(when: tuple[date, date], text: str) -> bool:
    """Whether a date range is one calendar year the text writes out ("in 2026", not "next year" or "by 2026")."""
    whole = (when[0].month, when[0].day, when[1].month, when[1].day) == (1, 1, 12, 31) and when[0].year == when[1].year
    return whole and re.search(rf"\b(?:in|during)\s+{when[0].year}\b", text) is not None  # not "by 2030", a deadline


def _bracketed(tok: Token) -> bool:
    """Whether an event noun's phrase opens with a bracket: "(The Ocean Conference)" after the full name."""
    edge = tok.left_edge
    return edge.text == "(" or edge.i > 0 and tok.doc[edge.i - 1].text == "("


def _name_text(tokens: list[Token]) -> str:
    """An event name as written, without a leading "the" and with a bracket it opens closed ("... (CELAC)")."""
    text = strip_the("".join(t.text_with_ws for t in tokens).strip())
    last = tokens[-1]
    closes = last.i + 1 < len(last.doc) and last.doc[last.i + 1].text == ")"
    return text + ")" if text.count("(") > text.count(")") and closes else text
