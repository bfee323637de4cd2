"""Who met whom: talks, visits and calls read from a meeting trigger's clause."""

from __future__ import annotations

from spacy.tokens import Token

from briefings.extract import adapters
from briefings.extract.entities import entities_of
from briefings.extract.facts import Meeting, Person
from briefings.extract.modality import (
    CANCELLED,
    HELD,
    PLANNED,
    SPECULATIVE,
    planned_in_past,
    reported_in_past,
    status_of,
    tense_of,
)
from briefings.extract.reader import Sentence, Trigger, title_status
from briefings.extract.syntax import (
    clause_head,
    coordinated_subject,
    governing_preposition,
    is_under,
    span_head,
    strip_the,
    unique,
    unique_by,
    whole_sentences,
)


class MeetingRules:
    """Meeting triggers -> meetings (a mixin of :class:`~briefings.extract.events.ArticleReader`)."""

    def meeting(self, sent: Sentence, trig: Trigger) -> list[Meeting]:
        tok = trig.token
        needs = trig.row.get("needs")
        if needs == "with" and not any(c.lower_ == "with" for c in tok.children) and not coordinated_subject(tok):
            return []
        if needs == "phone" and not any(  # "spoke (with X) by phone / over the telephone / via video link"
                g.lower_ in self.lex.events["call_cues"] for c in tok.children if c.dep_ == "prep" for g in c.subtree):
            needs = "with_person"  # else only "spoke with X" (not "spoke with reporters", "spoke at the forum")
        if needs == "with_person" and not self.with_persons(sent, tok):
            return []
        if needs == "gathering":
            return self.attendance(sent, tok)
        if needs == "named_sides":
            return self.past_summit(sent, tok)
        if self.hosts_an_event(tok):
            return []  # "the summit, which Iraq will host": an event's host, not a meeting
        status = status_of(tok)
        if status == SPECULATIVE:
            return []
        if sent.is_title:
            status = title_status(tok, status)
        persons, subject = self.participants(sent, tok)
        if self._anaphoric_event_noun(sent, tok):
            return []
        if needs == "person_object" and not any(self._person_object(sent, tok, t) for t in tok.subtree if t.i > tok.i):
            return []
        kind = trig.kind
        if kind == "talks" and any(c.lower_ in self.lex.events["call_cues"] for c in tok.subtree):
            kind = "call"
        if kind == "call" and any(c.lower_ == "courtesy" for c in tok.children):
            kind = "talks"  # "paid a courtesy call on X" is a visit in person
        if needs == "with_person" and not any(c.lower_ in self.lex.events["call_cues"] for c in sent.span) and (
                self.place_near(sent, tok, self.description_tokens(sent), ("in", "at")) or any(
                    c.lower_ in ("sidelines", "margins", "following", "after") for c in tok.subtree)):
            kind = "talks"  # "spoke with X in Y / following the summit": in person
        if kind == "visit":
            return self._visit(sent, tok, status, persons, subject)
        sides = self.attached_sides(sent, tok)
        if not persons and not sides:
            sides = self.the_two_sides(sent, tok)
        if not persons and len(sides) == 1 and self.ents.orgs.get(sides[0]) and tok.pos_ == "VERB" and status == HELD:
            place = self.place_near(sent, tok, set(), ("in",))  # "G7 foreign ministers met in Capri, Italy"
            if place and place[1] and place[1] != sides[0]:
                sides = [sides[0], place[1]]
        if not persons and len(sides) >= 2:
            persons = self.office_holders(tok, sides)
        stated = unique([p.country for p in persons if p.country and not p.guessed] + sides)
        if len(persons) >= 2 and len(stated) == 1 and any(p.guessed and p.country == stated[0] for p in persons):
            persons_known = [p for p in persons if not (p.guessed and p.country == stated[0])]
            if len(persons_known) < len(persons):  # a guessed home country cannot make the meeting domestic
                for p in persons:
                    if p.guessed and p.country == stated[0]:
                        p.country, p.guessed = None, False
        self._abroad_counterparts(sent, tok, persons, subject, sides)
        self._hosts_of_trip(persons)
        self._home_speaker(persons, subject)
        countries = unique([p.country for p in persons if p.country] + sides)
        if len(persons) == 1 and not sides and kind != "call":
            found = self._talks_in_places(sent, tok, persons[0], kind, status)
            if found:
                return found
        if self._release_host_side(sent, tok, persons, subject, countries):
            sides = [self.ents.home, *sides]
            countries = unique([p.country for p in persons if p.country] + sides)
        if len(countries) < 2 and not (len(persons) >= 2 and len(countries) == 1 and any(p.country is None and p.role for p in persons)):
            return []
        if len(persons) == 1 and not sides:
            return []
        groups = self._split_counterparts(sent, persons, subject, tok, sides)
        out = []
        for group in groups:
            group_countries = unique([p.country for p in group if p.country] + ([] if len(groups) > 1 else sides))
            if len(group_countries) < 2 and (len(group) < 2 or all(p.country for p in group)):
                continue  # one person alone, or persons all of one country: domestic
            out.append(self._finish_meeting(sent, tok, kind, status, group, group_countries))
        places = self.coordinated_places(sent) if len(out) >= 2 else []
        if len(places) == len(out):  # "met A and B in X and Y": each in turn
            for meeting, (name, code) in zip(out, places):
                meeting.location, meeting.location_country = name, code
        return out

    def gathering_attended(self, tok: Token) -> Token | None:
        """The multilateral gathering "attended" / "took part in" / "participated in" names ("the ASEAN summit")."""
        nouns = set(self.lex.events["upcoming_nouns"]) - set(self.lex.events["attendance_excluded"])
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children if g.dep_ == "pobj"]
        if tok.lemma_ == "take":
            objects = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children if g.dep_ == "pobj"]
            objects += [g for p in tok.children if p.lower_ == "part" for c in p.children if c.dep_ == "prep"
                        and c.lower_ == "in" for g in c.children if g.dep_ == "pobj"]
        for obj in objects:
            if obj.lower_ in nouns or obj.lemma_ in nouns:
                return obj
        return None

    def attendance(self, sent: Sentence, tok: Token) -> list[Meeting]:
        """A gathering that took place and that someone is reported attending: one meeting of the persons named as
        taking part (here, or in a "Taking part in the summit were ..." sentence of the same paragraph), with the host
        country where the text gives a place. Planned attendance is the upcoming event's, not a meeting."""
        gathering = self.gathering_attended(tok)
        if gathering is None or status_of(tok) != HELD or sent.is_title:
            return []
        persons, subject = self.participants(sent, tok)
        attendees = list(subject) or persons[:1]
        docs = self.parsed.docs
        for d in range(sent.d, min(sent.d + 2, len(docs))):  # this paragraph and the next
            for other in whole_sentences(docs[d]):
                if (d, other.start) != (sent.d, sent.span.start) and any(
                        t.lower_ in ("taking", "participating") for t in other[:3]):
                    listed = Sentence(d, other, self.parsed.offsets[d], sent.body)
                    attendees += [m.person for m in self.persons_in(listed) if m.person not in attendees]
        if not attendees:
            return []
        kind = "call" if any(t.lower_ in self.lex.events["call_cues"] for t in sent.span) else "talks"
        place = None if kind == "call" else self.place_near(sent, gathering, self.description_tokens(sent), ("in", "at"))
        countries = unique([p.country for p in attendees if p.country] + ([place[1]] if place and place[1] else []))
        if len(countries) < 2:
            return []
        meeting = self._finish_meeting(sent, tok, kind, HELD, attendees, countries)
        if place:
            meeting.location, meeting.location_country = place
        return [meeting]

    def past_summit(self, sent: Sentence, tok: Token) -> list[Meeting]:
        """A summit that took place, named by its sides ("the 2018 Russia-ASEAN summit in Singapore", "the A-B summit
        held last June"): one meeting of those sides. Not a coming one (upcoming), nor a backdrop ("on the sidelines
        of", "ahead of")."""
        if sent.is_title or self.is_setting(tok):
            return []
        if any(c.dep_ == "poss" and c.lower_ == "their" for c in tok.children) and \
                any(a.tag_ == "VBD" for a in tok.ancestors):
            _, subject = self.participants(sent, tok)  # "A and B agreed ... at their summit in X": A and B met
            if len({p.country for p in subject if p.country}) >= 2:
                return [self._finish_meeting(sent, tok, "talks", HELD, subject, unique([p.country for p in subject]))]
        if status_of(tok) != HELD:
            return []
        own = {t.i for c in tok.children if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree}
        sides = unique([s.code for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end) if s.start in own])
        if len(sides) < 2:
            return []
        when = self.date_of(sent, tok, "past")
        if when is None and not any(c.lower_ in ("last", "previous", "first") or c.like_num for c in tok.subtree) \
                and not any(g.lemma_ == "hold" and g.tag_ in ("VBD", "VBN") for g in (tok.head, *tok.children)):
            return []  # no sign it has taken place
        if when and when[0] > self.published:
            return []
        day = when[0].isoformat() if when and when[0] == when[1] else None
        place = self.place_near(sent, tok, self.description_tokens(sent), ("in", "at"))
        meeting = Meeting([], sides, "talks", HELD, day, place[0] if place else None, place[1] if place else None,
                          evidence=[sent.evidence()], confidence=0.6)
        meeting.vague_date = when is not None and day is None
        return [meeting]

    def _person_object(self, sent: Sentence, tok: Token, t: Token) -> bool:
        """Whether ``t`` is a person received or called on ("received X", "called on X"), not the sender of a thing
        received ("received a message of greeting from X")."""
        if t.dep_ not in ("dobj", "pobj") or any(a.lower_ == "from" and a.dep_ == "prep" for a in t.ancestors
                                                 if is_under(a, tok, 4)):
            return False
        if t.dep_ == "pobj" and t.head.head != tok:
            return False  # "a message of greeting from X": inside another noun's phrase
        if t.dep_ == "dobj" and t.lemma_ in self.lex.events["received_things"]:
            return False  # "received a message", "received an award"
        return self.person_at(sent, t) is not None

    def _talks_in_places(self, sent: Sentence, tok: Token, person: Person, kind: str, status: str) -> list[Meeting]:
        """"X will hold bilateral meetings in A on 11 May, in B on 12 May": talks in each foreign place named,
        each with the day written after it; only for official or bilateral meetings of one named traveller."""
        if tok.pos_ != "NOUN" or not person.country or not any(
                c.lower_ in ("bilateral", "official") for c in tok.children if c.dep_ == "amod"):
            return []
        doc = sent.span.doc
        places = []
        for ent in entities_of(doc):
            if not (sent.span.start <= ent.start < sent.span.end) or governing_preposition(doc, ent) != "in":
                continue
            first = span_head(ent)
            if not (is_under(first, tok, 3) or is_under(first, tok.head, 3)):
                continue
            code = adapters.place_country(ent.text, self.context_countries)
            if code and code != person.country:
                places.append((ent, code))
        base = sent.span.start_char
        spans = adapters.date_spans(sent.span.text)
        out = []
        for n, (ent, code) in enumerate(places):
            limit = places[n + 1][0].start_char if n + 1 < len(places) else sent.span.end_char
            text = next((x for s, e, x in spans if ent.end_char <= base + s < limit), None)
            when = adapters.resolve(text, self.published, tense_of(status)) if text else None
            day = when[0].isoformat() if when and when[0] == when[1] else None
            out.append(Meeting([person], [person.country, code], kind, status, day, strip_the(ent.text), code,
                               host=code, evidence=[sent.evidence()], confidence=0.6, from_trip=True))
        return out

    def _anaphoric_event_noun(self, sent: Sentence, tok: Token) -> bool:
        """"..., and climate is expected to dominate the meeting": a definite event noun with no "with"/"between"
        and no person or country in its own clause names an event told elsewhere, not the people of a neighbouring clause."""
        if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return False
        if any(c.dep_ in ("prep", "poss", "amod", "nummod", "compound") for c in tok.children):
            return False  # "the meeting with X", "the first meeting", "the ministerial meeting": a new event
        clause = clause_head(tok)
        aside = {t.i for c in clause.children if c.dep_ in ("conj", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX")
                 for t in c.subtree}
        own = {t.i for t in clause.subtree} - aside
        if clause.dep_ == "conj":  # "A and B met ... and will hold the meeting": the subject is shared
            own |= {t.i for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        if any(s.start in own for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end)):
            return False
        return not any(m.root in own for m in self.persons_in(sent) + self.role_mentions_in(sent))

    def _abroad_counterparts(self, sent: Sentence, tok: Token, persons: list[Person], subject: list[Person],
                             sides: list[str]) -> None:
        """"(home) X is to meet President Y in <foreign city>": when everyone's country is only the source's guess,
        those the subject meets abroad are of the city's country."""
        homes = {p.country for p in persons}
        others = [p for p in persons if p not in subject]
        if sides or not subject or not others or len(homes) != 1 or not all(p.guessed for p in persons):
            return
        place = self.place_near(sent, tok, self.description_tokens(sent), ("in",))
        code = place[1] if place else None
        if code and code not in homes:
            for p in others:
                p.country = code

    def the_two_sides(self, sent: Sentence, tok: Token) -> list[str]:
        """"The two sides held talks", "both countries' delegations met": the subject names no one, so it means the
        last two countries named before it."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ == "dobj" else None
        if verb is None:
            return []
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(s.lemma_ in self.lex.events["side_nouns"] and any(c.lower_ in ("two", "both") for c in s.children)
                   for s in subjects):
            return []
        before = [s for s in self.ents.sides if not s.is_org and s.doc > 0 and (s.doc, s.start) < (sent.d, verb.i)]
        pair: list[str] = []
        for s in reversed(before):
            if s.code not in pair:
                pair.append(s.code)
            if len(pair) == 2:
                return pair[::-1]
        return []

    def _release_host_side(self, sent: Sentence, tok: Token, persons: list[Person], subject: list[Person],
                           countries: list[str]) -> bool:
        """A release's "during the meeting with X" / "talks with X" / "I spoke with X" with no one else named: the
        meeting is the source's own side with X's (the head of state the release is about held it)."""
        home = self.ents.home
        first_person = any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in tok.children)  # "I spoke with X"
        if not home or subject or len(persons) != 1 or countries != [persons[0].country] or \
                tok.pos_ != "NOUN" and not first_person:
            return False
        if home == persons[0].country or persons[0].guessed:
            return False
        return any(p is persons[0] for p in self.with_persons(sent, tok))

    def _home_speaker(self, persons: list[Person], subject: list[Person]) -> None:
        """A release's own leader, named bare ("X spoke with President Y of B"): the one subject with no country
        meeting foreigners is of the country the article is told from."""
        home = self.ents.home
        if not home or len(subject) != 1 or subject[0].country or len(persons) < 2:
            return
        others = {p.country for p in persons if p is not subject[0]}
        if None not in others and home not in others:
            subject[0].country, subject[0].guessed = home, True

    def _hosts_of_trip(self, persons: list[Person]) -> None:
        """During the story's one trip ("X will visit Singapore ... Minister X will meet Y"), those the traveller meets
        with no country of their own are the host country's."""
        if self.trip is None or self.trip[0] not in persons:
            return
        traveller, code = self.trip
        for p in persons:
            if p is not traveller and (p.country is None or p.guessed and p.country == traveller.country) \
                    and (p.role or "").lower() not in self.lex.events["local_roles"]:
                p.country, p.guessed = code, True

    def coordinated_places(self, sent: Sentence) -> list[tuple[str, str | None]]:
        """Places joined by "and" after one "in" ("in Lima and Quito"), in order."""
        doc = sent.span.doc
        for ent in entities_of(doc):
            if not (sent.span.start <= ent.start < sent.span.end) or governing_preposition(doc, ent) != "in":
                continue
            head = span_head(ent)
            chain = [head, *head.conjuncts]
            if len(chain) < 2:
                continue
            out = []
            for t in chain:
                e = next((x for x in entities_of(doc) if x.start <= t.i < x.end), None)
                text = strip_the(e.text if e is not None else t.text)
                code = adapters.place_country(text, self.context_countries)
                if code is None:
                    return []
                out.append((text, code))
            return out
        return []

    def _split_counterparts(self, sent: Sentence, persons: list[Person], subject: list[Person],
                            tok: Token, sides: list[str] = ()) -> list[list[Person]]:
        """One encounter per counterpart when one person meets several of different countries (or "separately")."""
        if len(subject) == 1 and len(persons) >= 3 and not self._all_in_subject(sent, persons) \
                and not self._joint_gathering(sent, tok):
            others = [p for p in persons if p is not subject[0]]
            known = {p.country for p in others if p.country and not p.guessed} or set(sides) - {subject[0].country}
            if len(known) == 1 and subject[0].country not in known:  # "the Peruvian ministers A, B and C": all Peruvian
                for p in others:
                    if (not p.country or p.guessed and p.country == subject[0].country) and \
                            (p.role or "").lower() not in self.lex.events.get("local_roles", ()):
                        p.country, p.guessed = next(iter(known)), True
            return [[subject[0], p] for p in others]  # "A met B, C and D": one encounter per counterpart
        return [persons]

    def _joint_gathering(self, sent: Sentence, tok: Token) -> bool:
        """Guests received together or for one summit ("hosted A and B for the first summit of X"): one meeting."""
        if any(t.lower_ in self.lex.events["joint_cues"] for t in sent.span):
            return True
        summit_nouns = set(self.lex.events["upcoming_nouns"]) - {"meeting", "dialogue", "session", "vote", "election"}
        return any(prep.dep_ == "prep" and prep.lower_ == "for" and any(
            o.dep_ == "pobj" and o.lower_ in summit_nouns for o in prep.children) for prep in tok.children)

    def _all_in_subject(self, sent: Sentence, persons: list[Person]) -> bool:
        """Whether every person is named inside one subject phrase ("A, B, C and D held a meeting"): one encounter."""
        doc = sent.span.doc
        phrases = [t for t in sent.span if t.dep_ in ("nsubj", "nsubjpass")]
        for subj in phrases:
            inside = {t.i for t in subj.subtree}
            found = {m.person.key for m in self.persons_in(sent) if m.root in inside or doc[m.root].i in inside}
            if all(p.key in found for p in persons):
                return True
        return False

    def _finish_meeting(self, sent, tok, kind, status, persons, countries) -> Meeting:
        past_plan = status == PLANNED and planned_in_past(tok)
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ == "dobj" else None
        present = (status == HELD and not sent.is_title and verb is not None and verb.tag_ in ("VBZ", "VBP", "VBG")
                   and not reported_in_past(tok))
        tense = "past" if past_plan else None if status == CANCELLED else "future" if present else tense_of(status)
        when = self.date_of(sent, tok, tense)
        if past_plan and when and when[1] <= self.published:
            status = HELD  # "the call was set for Sunday evening" in a Wednesday story
        if present and when and when[0] > self.published:
            status = PLANNED  # "X is meeting Y on Friday"
        elif present and when:
            when = self.date_of(sent, tok, "past")
        day = when[0].isoformat() if when and when[0] == when[1] else None
        place = None if kind == "call" else self.place_near(sent, tok, self.description_tokens(sent))
        meeting = Meeting(
            participants=persons,
            countries=countries,
            kind=kind,
            status=status,
            date=day,
            location=place[0] if place else None,
            location_country=place[1] if place else None,
            evidence=[sent.evidence()],
            confidence=0.5 if sent.is_title else 0.7,
        )
        meeting.vague_date = when is not None and day is None  # "last week": no single day, and none to borrow
        self._host_from_place(sent, tok, meeting)
        return meeting

    def _host_from_place(self, sent: Sentence, tok: Token, meeting: Meeting) -> None:
        """"President X received Y ... in <city>": a host with a title but no country is of the city's country."""
        if tok.lemma_ not in ("receive", "host", "welcome") or meeting.kind == "call":
            return
        _, subject = self.participants(sent, tok)
        hosts = [p for p in subject if p.country is None and p.role]
        if len(hosts) != 1:
            return
        city = self.place_near(sent, tok, self.description_tokens(sent), ("in",))
        code = city[1] if city else None
        if code and code not in meeting.countries and all(p.country != code for p in meeting.participants):
            hosts[0].country, hosts[0].guessed = code, True
            meeting.countries.insert(0, code)
            meeting.host = code

    def visitor_of(self, sent: Sentence, tok: Token) -> Person | None:
        """Who travels: the subject of "visited"/"arrived"/"paid a visit", or "X's visit", "the visit of X"."""
        places = [tok, tok.head] if tok.dep_ in ("dobj", "pobj", "attr") else [tok]
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            places.append(tok.head.head)
        for t in places:
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "poss"):
                    p = self.person_at(sent, c)
                    if p is not None:
                        return p
                if c.dep_ == "prep" and c.lower_ in ("of", "by") and t == tok:
                    for g in c.children:
                        p = self.person_at(sent, g) if g.dep_ == "pobj" else None
                        if p is not None:
                            return p
        return None

    def travellers(self, sent: Sentence, tok: Token, persons: list[Person], subject: list[Person],
                   status: str) -> tuple[list[Person], str]:
        """Who travels, and the trip's status: the visitor; several coordinated visitors of different countries ("the
        ministers of A, B and C pay visits to X") each travel; with no one named, "the tour" / "his visit" is the last
        traveller's, told in the present ("the tour includes ...") with that trip's status."""
        if len(subject) >= 2 and all(p.country for p in subject) and len({p.country for p in subject}) == len(subject) \
                and tok.tag_ == "NNS":  # "pay visits" (each their own), not "A and B flew to X" (together)
            return list(subject), status
        if not subject and tok.tag_ == "NNS" and len(persons) >= 3:  # the parse lost the subject of "pay visits"
            hosts = set(self.attached_sides(sent, tok))  # the inviter of the host country travels nowhere
            placed = [p for p in persons if p.country and p.country not in hosts]
            if len({p.country for p in placed}) == len(placed) >= 3:
                return placed, status  # an inviter of the host country gets no visit to their own country
        visitor = self.visitor_of(sent, tok)
        if visitor is None and len(persons) == 1 and subject:
            visitor = persons[0]
        if visitor is None and not persons and self.last_traveller and sent.d >= self.last_traveller[1] > 0 \
                and tok.pos_ == "NOUN" and sent.d - self.last_traveller[1] <= 2:
            visitor = self.last_traveller[0]
            if status == HELD and tok.head.tag_ in ("VBZ", "VBP"):
                status = self.last_traveller[2]
        if visitor is not None and not sent.is_title:
            self.last_traveller = (visitor, sent.d, status)
        return ([visitor] if visitor is not None else []), status

    def _visit(self, sent, tok, status, persons, subject) -> list[Meeting]:
        out = []
        travellers, status = self.travellers(sent, tok, persons, subject, status)
        if len(travellers) > 1:  # "(at the invitation of X,) A, B and C pay visits to Y": several trips, no host met
            persons = travellers
        for visitor in travellers:
            out += self._visit_by(sent, tok, status, persons, visitor)
        return out

    def _visit_by(self, sent, tok, status, persons, visitor) -> list[Meeting]:
        doc = sent.span.doc
        destinations = []
        guessed_home = visitor.country if visitor.guessed else None
        for ent in entities_of(doc):
            if not (sent.span.start <= ent.start < sent.span.end):
                continue
            first = span_head(ent)
            while first.dep_ == "conj" and first.head != first:  # "visited Peru and Bolivia": each one
                first = first.head
            prep = governing_preposition(doc, ent) or governing_preposition(doc, doc[first.i:first.i + 1])
            visited = first.dep_ == "dobj" and first.head == tok and tok.lemma_ not in ("depart", "leave")  # "X visited Lima"
            listed = prep == "including"  # "a visit to Africa, including A, B and C"
            if prep not in ("to", "in", "for") and not visited and not listed:
                continue
            if ent.label_ == "NORP" and first.dep_ == "amod" and any(c.lower_ == "of" for c in first.head.children):
                continue  # "to the German city of Hamburg": the city is the destination
            if ent.label_ not in ("GPE", "LOC") and not adapters.country_code(ent.text) and (
                    self.ents.mention_at(sent.d, ent.start) is not None or ent.label_ not in ("PERSON", "ORG")):
                continue  # the small model tags some places ORG or PERSON (island states, some capitals)
            # "the visit of X to Chile" with "to Chile" parsed onto another verb: right after the visit's phrase
            follows = prep == "to" and doc[ent.start - 1].lower_ == "to" and ent.start - 1 == tok.right_edge.i + 1
            if not (is_under(first, tok, 6 if listed else 4) or is_under(first, tok.head, 6 if listed else 3) or follows):
                continue
            if any(a.dep_ == "prep" and a.lower_ == "from" for a in first.ancestors if is_under(a, tok, 4)):
                continue  # "flew to X directly from the summit in Brussels": where the trip began
            code = adapters.place_country(ent.text, self.context_countries)
            if code and (code != visitor.country or code == guessed_home):
                destinations.append((strip_the(ent.text), code))
        if not destinations:
            destinations = self._untagged_destinations(sent, tok, visitor, guessed_home)
        destinations = unique_by(destinations, key=lambda x: x[1])
        if guessed_home and any(code == guessed_home for _, code in destinations):
            visitor.country, visitor.guessed = None, False  # whoever travels to a country is not guessed to be of it
        when = self.date_of(sent, tok, tense_of(status))
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        if status == HELD and not sent.is_title and verb.tag_ in ("VBZ", "VBP") and not reported_in_past(tok):
            ahead = self.date_of(sent, tok, "future")  # "X pays a visit to Y from May 8 to 12": a plan
            if ahead and ahead[1] > self.published:
                status, when = PLANNED, ahead
        day = when[0].isoformat() if when and when[0] == when[1] else None
        out = []
        for_talks = self.trip_for_talks(tok)
        persons = [p for p in persons if p is visitor or p.country not in (visitor.country, None) or p.role]
        if len(destinations) == 1 and visitor.country and not sent.is_title:
            trip = (visitor, destinations[0][1])
            self.trip = trip if self.trip in (None, trip) or self.trip[0] is not visitor else None  # one trip only
        companions = self._companions(sent, tok)
        for where, code in destinations:
            hosts = [p for p in persons if p is not visitor and p not in companions and (
                p.country == code or (p.country is None or p.guessed and p.country == visitor.country) and p.role)]
            for p in hosts:
                if p.guessed:  # the host of a trip to A is of A, whatever the source's country
                    p.country, p.guessed = code, False
            if hosts or for_talks:  # a trip with a meeting with the host (or "for talks") in the same sentence: talks
                out.append(Meeting([visitor, *hosts], unique([visitor.country, code]), "talks", status, day,
                                   where, code, host=code, evidence=[sent.evidence()], confidence=0.6, from_trip=True))
                continue
            out.append(Meeting([visitor], unique([visitor.country, code]), "visit", status, day, where, code,
                               host=code, evidence=[sent.evidence()], confidence=0.5 if sent.is_title else 0.6))
        return out

    def _companions(self, sent: Sentence, tok: Token) -> list[Person]:
        """Those who travel along ("flew to Berlin with X"): "with" on a travel verb names a companion, not a host."""
        if tok.pos_ != "VERB" or tok.lemma_ not in ("fly", "travel", "depart", "leave", "arrive", "return", "go"):
            return []
        return self.with_persons(sent, tok)

    def with_persons(self, sent: Sentence, tok: Token) -> list[Person]:
        """The persons named after the word's own "with" ("spoke with X and Y", "talks with X")."""
        found = (self.person_at(sent, o) for w in tok.children if w.dep_ == "prep" and w.lower_ == "with"
                 for c in w.children if c.dep_ == "pobj" for o in (c, *c.conjuncts))
        return [p for p in found if p is not None]

    def _untagged_destinations(self, sent: Sentence, tok: Token, visitor: Person,
                               guessed_home: str | None) -> list[tuple[str, str]]:
        """Places the model left untagged right after "visit to" / "arrived in" ("paid a visit to Kyiv")."""
        out = []
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("to", "in"):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.pos_ != "PROPN" or obj.ent_type_:
                    continue
                for place in (obj, *obj.conjuncts):
                    words = [t for t in place.subtree if t.pos_ == "PROPN" and not t.ent_type_ and t.i <= place.i]
                    text = " ".join(t.text for t in words) if words and words[-1] == place else place.text
                    code = adapters.place_country(text, self.context_countries)
                    if code and adapters.is_city(text) and (code != visitor.country or code == guessed_home):
                        out.append((text, code))
        return out

    def trip_for_talks(self, tok: Token) -> bool:
        """A trip "for talks" / "for a meeting with X" / "for the next round of the dialogue"."""
        nouns = self.lex.events["trip_purpose_nouns"]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                for obj in prep.children:
                    if obj.lower_ == "summit" and not any(c.lower_ == "with" for c in obj.children):
                        continue  # "for the G20 summit": a gathering; "for a summit with X": talks
                    if obj.dep_ == "pobj" and (obj.lower_ in nouns or obj.lower_ == "round" and any(
                            g.lower_ in nouns for g in obj.subtree)):
                        return True
        return False

    def joint_signing_meeting(self, sent: Sentence, tok: Token, status: str) -> Meeting | None:
        """Leaders of two countries who sign together (both subjects of "signed") met to do so."""
        persons, subject = self.participants(sent, tok)
        subject = [p for p in subject if p.country]
        if len(subject) < 2 or len({p.country for p in subject}) < 2:
            return None
        return self._finish_meeting(sent, tok, "talks", PLANNED if status == PLANNED else HELD, subject,
                                    unique([p.country for p in subject]))
