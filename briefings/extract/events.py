"""Meetings, signings and upcoming multilateral events, found sentence by sentence.

Trigger words come from ``patterns/triggers.jsonl`` (spaCy Matcher patterns); the code reads each
trigger's arguments from the dependency parse: who (persons and country sides), where, when, and
the status from modality (``modality.py``). Mentions of the same encounter are merged afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from briefings.extract import adapters
from briefings.extract.context import Frame, inherit_dates, inherit_places
from briefings.extract.documents import (
    conjoined_documents,
    document_heads,
    document_text,
    event_name,
    is_document,
    is_vague,
    renamed,
)
from briefings.extract.entities import PRONOUNS, Mention, entities_of, left_description
from briefings.extract.facts import ArticleFacts, Evidence, Meeting, Person, Signing, Upcoming
from briefings.extract.lexicon import lexicon
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
from briefings.extract.syntax import (
    about_something_else,
    clause_head,
    coordinated_subject,
    governing_preposition,
    governors,
    in_clause_of,
    is_under,
    of_head,
    singular_role,
    span_head,
    strip_the,
    unique,
    unique_by,
    whole_sentences,
)


#: Words that make an ORG-tagged name a venue ("the Presidential Palace", "the State Guest House").
VENUE_WORDS = frozenset({"hall", "palace", "house", "buildings", "resort", "secretariat", "centre", "center", "diwan",
                         "chancellery", "residence", "headquarters", "villa", "castle", "kremlin", "airport", "hotel"})

#: Prepositions that set a scene rather than name a side of the event.
SCENE_PREPOSITIONS = frozenset({"in", "at", "during", "amid", "under", "after", "before", "from", "despite", "like", "than"})

#: An upcoming event needs a date more precise than this (a month or a season, not a year).
MAX_UPCOMING_SPAN_DAYS = 92
#: A list item: a bullet or a number at the start of a line.
LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪]|\(?\d{1,2}[.)])\s*")


@lru_cache(maxsize=4)
def trigger_matcher(vocab) -> tuple[Matcher, dict[str, dict]]:
    """A Matcher over the trigger patterns, and the pattern rows by match key."""
    matcher = Matcher(vocab)
    rows = {}
    for n, row in enumerate(lexicon().triggers):
        key = f"{row['label']}:{row.get('kind', '')}:{n}"
        matcher.add(key, [row["pattern"]])
        rows[key] = row
    return matcher, rows


@dataclass
class Sentence:
    d: int  # doc index (0 = title)
    span: Span
    offset: int  # the doc's start in the body (title: -1)
    body: str = ""

    @property
    def is_title(self) -> bool:
        return self.d == 0

    def body_index(self, char: int) -> int:
        """Body offset of a character of the parsed paragraph (which may hold inserted spaces)."""
        inserted = self.span.doc.user_data.get("_inserted", ())
        return self.offset + char - sum(1 for p in inserted if p < char)

    @property
    def body_start(self) -> int:
        return self.body_index(self.span.start_char) if not self.is_title else -1

    def evidence(self) -> Evidence:
        if self.is_title:
            return Evidence(self.span.text, -1, -1)
        start, end = self.body_start, self.body_index(self.span.end_char)
        return Evidence(self.body[start:end], start, end)


@dataclass
class Trigger:
    label: str
    kind: str
    token: Token
    row: dict


class ArticleReader:
    """Reads events out of one parsed article."""

    def __init__(self, parsed, facts: ArticleFacts):
        self.parsed = parsed
        self.ents = parsed.entities
        self.facts = facts
        self.published: date = parsed.published
        self.lex = lexicon()
        self.context_countries = tuple(self._frequent_countries())
        self.last_parties: list[str] = []
        self.listing: Signing | None = None  # "signed six MoUs." / "the following MoUs were exchanged:" -> names may follow

    # -- helpers -----------------------------------------------------------------------
    def _frequent_countries(self) -> list[str]:
        counts: dict[str, int] = {}
        for s in self.ents.sides:
            if not s.is_org:
                counts[s.code] = counts.get(s.code, 0) + (3 if s.doc == 0 else 1)
        return sorted(counts, key=lambda c: -counts[c])[:4]

    def sentences(self):
        for d, doc in enumerate(self.parsed.docs):
            for sent in whole_sentences(doc):
                yield Sentence(d, sent, self.parsed.offsets[d] if d else -1, self.parsed.article.body)

    def doc_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        cached = doc.user_data.get("_triggers")
        if cached is None:
            matcher, _ = trigger_matcher(doc.vocab)
            cached = doc.user_data["_triggers"] = matcher(doc)
        return cached

    def triggers(self, sent: Sentence) -> list[Trigger]:
        doc = sent.span.doc
        _, rows = trigger_matcher(doc.vocab)
        found = []
        seen = set()
        lo, hi = sent.span.start, sent.span.end
        for key, start, end in self.doc_matches(doc):
            if not (lo <= start < hi):
                continue
            name = doc.vocab.strings[key]
            row = rows[name]
            tok = doc[start + row.get("anchor", 0)]
            if (row["label"], tok.i) in seen:
                continue
            seen.add((row["label"], tok.i))
            found.append(Trigger(row["label"], row.get("kind", ""), tok, row))
        found.sort(key=lambda t: (t.token.i, t.kind != "call"))
        return found

    def persons_in(self, sent: Sentence) -> list[Mention]:
        return self.ents.mentions_in(sent.d, sent.span.start, sent.span.end)

    def description_tokens(self, sent: Sentence) -> set[int]:
        """Token indices that describe a named person (their title, country, apposition)."""
        out: set[int] = set()
        doc = sent.span.doc
        for m in self.persons_in(sent):
            i = m.start - 1
            while i >= sent.span.start and (doc[i].pos_ in ("PROPN", "ADJ", "DET", "PART") or doc[i].lower_ in
                                            self.lex.roles or doc[i].lower_ in ("of", "'s", "’s", "-", "to")):
                out.add(i)
                i -= 1
            root = doc[m.root]
            if root.dep_ == "appos":
                out.update(t.i for t in root.head.subtree if t.i < m.start)
            if m.end + 1 < len(doc) and doc[m.end].lower_ == "of":
                out.update(range(m.end, min(m.end + 3, len(doc))))
        return out

    def is_reporter(self, m: Mention, sent: Sentence, trigger: Token) -> bool:
        """Whether the person only reports the event ("..., Zakharova said", "according to X")."""
        doc = sent.span.doc
        tok = doc[m.root]
        if any(w.lower_ in ("with", "between") and w.dep_ == "prep" for w in tok.ancestors if is_under(w, trigger, 3)):
            return False  # named as the one met ("talks with X")
        lead = m.start - len(left_description(doc, m.start)) - 1
        if lead >= 0 and doc[lead].lower_ in ("with", "between") and trigger.i < lead:
            return False  # the same, read off the words when the parse is broken
        if tok.dep_ == "appos":
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "by") and tok.head.head.lemma_ in ("accord", "quote"):
            return True
        if tok.dep_ in ("nsubj",) and tok.head.lemma_ in self.lex.events["reporting_verbs"]:
            if trigger == tok.head:
                return False
            # "X said after meeting Y": X is the one who met
            implied = trigger.tag_ in ("VBG", "VB") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
            t = trigger
            for _ in range(3):
                if t.dep_ in ("ccomp", "parataxis") or t.head == t:
                    break
                t = t.head
                if t == tok.head:
                    return not implied
            return True
        if tok.dep_ == "pobj" and tok.head.head.lemma_ in self.lex.events["reporting_verbs"]:
            return True
        return False

    def role_mentions_in(self, sent: Sentence) -> list[Mention]:
        return [m for m in self.ents.role_mentions if m.doc == sent.d and sent.span.start <= m.start < sent.span.end]

    def person_at(self, sent: Sentence, tok: Token) -> Person | None:
        """The person a subject/object word names: a name, its apposition, a role description or a pronoun."""
        m = self.ents.mention_at(sent.d, tok.i)
        if m is not None:
            return m.person
        for c in tok.children:
            if c.dep_ == "appos":
                m = self.ents.mention_at(sent.d, c.i)
                if m is not None:
                    return m.person
        for r in self.role_mentions_in(sent):
            if r.start == tok.i:
                return r.person
        if tok.lower_ in PRONOUNS:
            return self.pronoun_person(tok, sent)
        inside = {t.i for t in tok.subtree if t.dep_ not in ("relcl", "acl")}
        for m in self.persons_in(sent):
            if m.root in inside:
                return m.person
        return None

    def pronoun_person(self, tok: Token, sent: Sentence) -> Person | None:
        """The person a pronoun refers to: the latest person named before it, a grammatical subject first."""
        before = [m for m in self.ents.mentions + self.ents.role_mentions
                  if m.doc > 0 and (m.doc, m.start) < (sent.d, tok.i)]
        before.sort(key=lambda m: (m.doc, m.start))
        if not before:
            return None
        same = [m for m in before if m.doc == sent.d and m.start >= sent.span.start]
        for m in reversed(same or before[-3:]):
            root = self.parsed.docs[m.doc][m.root]
            if root.dep_ == "appos":
                root = root.head
            if root.dep_ in ("nsubj", "nsubjpass"):
                return m.person
        return before[-1].person

    def participants(self, sent: Sentence, tok: Token) -> tuple[list[Person], list[Person]]:
        """(everyone taking part, those of them who are the grammatical subject) for the trigger ``tok``."""
        doc = sent.span.doc
        mentions = [m for m in self.persons_in(sent) if not self.is_reporter(m, sent, tok)]
        mentions += [m for m in self.role_mentions_in(sent) if not self.is_reporter(m, sent, tok)]
        mentions.sort(key=lambda m: m.start)
        persons: list[Person] = []
        subject: list[Person] = []
        for m in mentions:
            if m.person not in persons:
                persons.append(m.person)
            root = doc[m.root]
            if root.dep_ == "appos":
                root = root.head
            if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in self.lex.roles:
                root = root.head.head  # "President of B Y" parsed as the president "of Y"
            if root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass")):
                if m.person not in subject:
                    subject.append(m.person)
        for t in sent.span:
            if t.lower_ in PRONOUNS and t.dep_ in ("nsubj", "nsubjpass", "poss") and (
                    is_under(t, tok, 3) or t.dep_ != "poss" and is_under(tok, t.head, 3)):
                p = self.pronoun_person(t, sent)
                if p is not None and p not in persons:
                    persons.insert(0, p)
                    subject.append(p)
        for p in reversed(self.the_two_persons(sent, tok)):
            if p not in persons:
                persons.insert(0, p)
            if p not in subject:
                subject.insert(0, p)
        return persons, subject

    def the_two_persons(self, sent: Sentence, tok: Token) -> tuple[Person, ...]:
        """"The two leaders spoke", "both presidents met": the subject names no one, so it means the last two
        persons of different countries named before it (none when the sentence itself names two)."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ == "dobj" else None
        if verb is None:
            return ()  # "witnessed, via video link, ...": the trigger is not what the two leaders did
        verbs = [verb, verb.head] if verb.dep_ in ("xcomp", "conj") else [verb]
        subjects = [c for g in verbs for c in g.children if c.dep_ in ("nsubj", "nsubjpass")]
        office = next((s for s in subjects if s.tag_ in ("NNS", "NNPS") and singular_role(s.lower_) and any(
            c.lower_ in ("two", "both") for c in s.children)), None)
        if office is None or len({m.person.key for m in self.persons_in(sent)}) >= 2:
            return ()
        before = sorted((m for m in self.ents.mentions if m.doc > 0 and (m.doc, m.start) < (sent.d, office.i)),
                        key=lambda m: (m.doc, m.start), reverse=True)
        pair: list[Person] = []
        for m in before:
            if m.person not in pair and (not pair or not m.person.country or m.person.country != pair[0].country):
                pair.append(m.person)
            if len(pair) == 2:
                return tuple(pair)
        return ()

    def office_holders(self, tok: Token, sides: list[str]) -> list[Person]:
        """"The presidents of A and B met": the persons the article names as A's and B's president."""
        subjects = [c for g in governors(tok) for c in g.children if c.dep_ in ("nsubj", "nsubjpass")]
        office = next((s for s in subjects if s.tag_ in ("NNS", "NNPS") and singular_role(s.lower_)), None)
        if office is None:
            return []
        role = singular_role(office.lower_)
        found = []
        for code in sides:
            holders = [p for p in self.ents.persons if p.country == code and (
                       not p.role or role in ("leader", "head of state") or p.role.lower().endswith(role))]
            if len(holders) != 1:
                return []
            found.append(holders[0])
        return found

    def attached_sides(self, sent: Sentence, tok: Token, allow=("with", "between", "to", "and", None)) -> list[str]:
        """Countries/organisations that are sides of the event: its subject, "with"/"between" objects."""
        doc = sent.span.doc
        described = self.description_tokens(sent)
        heads = {t.i for t in governors(tok)}
        out = []
        for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end):
            if any(i in described for i in range(s.start, s.end)):
                continue
            span = doc[s.start:s.end]
            prep = governing_preposition(doc, span)
            owner = of_head(span_head(span)) if prep in ("of", "from") else None
            # "a meeting of A and B delegations", "the ministers of A and B met", "delegations from A and B"
            of_side = owner is not None and (owner == tok or owner.dep_ in ("nsubj", "nsubjpass") and owner.head.i in heads)
            if prep not in allow and not of_side:
                continue
            root = span_head(span)
            t, ok = root, False
            for _ in range(6):
                if t.i in heads:
                    ok = True
                    break
                if t.head == t or (t.pos_ in ("VERB", "AUX") and t.i not in heads and t != root):
                    break
                if t.dep_ == "prep" and t.lower_ in SCENE_PREPOSITIONS:
                    break  # "in the presence of the US president", "during a summit in Peru"
                t = t.head
            if ok:
                out.append(s.code)
        return unique(out)

    # -- dates and places --------------------------------------------------------------
    def date_of(self, sent: Sentence, anchor: Token, tense: str) -> tuple[date, date] | None:
        """The date expression of the trigger's own clause (not one inside another clause), resolved."""
        spans = adapters.date_spans(sent.span.text)
        if not spans:
            return None
        base = sent.span.start_char
        ranked = []
        for start, end, text in spans:
            tokens = [t for t in sent.span if base + start <= t.idx < base + end]
            if not tokens:
                continue
            ranked.append((0 if in_clause_of(tokens[0], anchor) else 1, abs(tokens[0].i - anchor.i), text))
        ranked.sort()
        resolved = []
        for own, _, text in ranked:
            if own:
                break
            found = adapters.resolve(text, self.published, tense)
            if found:
                resolved.append(found)
        # "later this month ... on 22-23 September": the narrowest date of the clause, nearest first on ties
        return min(resolved, key=lambda r: (r[1] - r[0]).days, default=None)

    def place_near(self, sent: Sentence, anchor: Token, exclude: set[int], kinds=("in", "at"),
                   topics_aside: bool = True, topic: set[int] = frozenset()) -> tuple[str, str | None] | None:
        """The place tied to the event by "in X" / "at X" ("the city of X"), nearest the trigger first,
        or the place a "where" clause holding the event hangs from ("flew to Kyiv, where they met X")."""
        doc = sent.span.doc
        clause = clause_head(anchor)
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            ent = next((e for e in entities_of(doc) if e.start <= clause.head.i < e.end), None)
            if ent is not None and ent.label_ in ("GPE", "LOC", "FAC"):
                text = strip_the(ent.text)
                return text, adapters.place_country(text, self.context_countries) if ent.label_ != "FAC" else None
            if clause.head.pos_ == "PROPN" and self.ents.mention_at(sent.d, clause.head.i) is None:
                text = strip_the(ent.text if ent is not None else clause.head.text)  # a place the model mislabelled
                code = adapters.place_country(text, self.context_countries)
                if code:
                    return text, code
        found = []
        for ent in entities_of(doc):
            if not (sent.span.start <= ent.start < sent.span.end) or ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
                continue
            if ent.label_ == "PERSON" and self.ents.mention_at(sent.d, ent.start) is not None:
                continue
            if any(i in exclude for i in range(ent.start, ent.end)):
                continue
            if any(i in topic for i in range(ent.start, ent.end)) and not adapters.is_city(ent.text):
                continue  # "a summit on the crisis in X": the country is the topic, a city would be the venue
            prep = governing_preposition(doc, ent)
            if prep not in kinds:
                continue
            if ent.label_ in ("ORG", "PERSON") and not any(t.lower_ in VENUE_WORDS for t in ent) and not (
                    prep == "in" and self.ents.mention_at(sent.d, ent.start) is None and adapters.is_city(ent.text)):
                continue  # "in Accra" mislabelled ORG is still a place
            if topics_aside and about_something_else(span_head(ent), anchor):
                continue  # "discussed preparations for the summit in X": X is the summit's place
            text = strip_the(ent.text)
            code = adapters.place_country(text, self.context_countries) if ent.label_ != "FAC" else None
            found.append((abs(ent.start - anchor.i), ent.start, text, code, ent))
        if not found:
            return None
        found.sort(key=lambda f: f[:2])
        _, _, text, code, ent = found[0]
        if code is None:
            return self._venue_in_city(doc, ent, text) or (text, code)
        return text, code

    def _venue_in_city(self, doc, venue: Span, text: str) -> tuple[str, str] | None:
        """"at the State House in <city>": the venue and its city, and the city's country."""
        if venue.end + 1 >= len(doc) or doc[venue.end].lower_ != "in":
            return None
        city = next((e for e in entities_of(doc) if e.start == venue.end + 1), None)  # "Dakar" may be mislabelled
        if city is None or not adapters.is_city(city.text) or adapters.country_code(city.text):
            return None
        code = adapters.place_country(strip_the(city.text), self.context_countries)
        if code is None:
            return None
        return f"{text}, {strip_the(city.text)}", code

    # -- meetings --------------------------------------------------------------------
    def meeting(self, sent: Sentence, trig: Trigger) -> list[Meeting]:
        tok = trig.token
        needs = trig.row.get("needs")
        if needs == "with" and not any(c.lower_ == "with" for c in tok.children) and not coordinated_subject(tok):
            return []
        if needs == "phone" and not any(  # "spoke (with X) by phone / over the telephone / via video link"
                g.lower_ in self.lex.events["call_cues"] for c in tok.children if c.dep_ == "prep" for g in c.subtree):
            return []
        if self.hosts_an_event(tok):
            return []  # "the summit, which Iraq will host": an event's host, not a meeting
        status = status_of(tok)
        if status == SPECULATIVE:
            return []
        if sent.is_title:
            status = _title_status(tok, status)
        persons, subject = self.participants(sent, tok)
        if self._anaphoric_event_noun(sent, tok):
            return []
        if needs == "person_object" and not any(
            self.person_at(sent, t) is not None for t in tok.subtree if t.dep_ in ("dobj", "pobj") and t.i > tok.i
        ):
            return []
        kind = trig.kind
        if kind == "talks" and any(c.lower_ in self.lex.events["call_cues"] for c in tok.subtree):
            kind = "call"
        if kind == "call" and any(c.lower_ == "courtesy" for c in tok.children):
            kind = "talks"  # "paid a courtesy call on X" is a visit in person
        if kind == "visit":
            return self._visit(sent, tok, status, persons, subject)
        sides = self.attached_sides(sent, tok)
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
        countries = unique([p.country for p in persons if p.country] + sides)
        if len(countries) < 2 and not (len(persons) >= 2 and len(countries) == 1 and any(p.country is None and p.role for p in persons)):
            return []
        if len(persons) == 1 and not sides:
            return []
        groups = self._split_counterparts(sent, persons, subject, tok)
        out = []
        for group in groups:
            group_countries = unique([p.country for p in group if p.country] + ([] if len(groups) > 1 else sides))
            if len(group) < 2 and len(group_countries) < 2:
                continue
            out.append(self._finish_meeting(sent, tok, kind, status, group, group_countries))
        places = self.coordinated_places(sent) if len(out) >= 2 else []
        if len(places) == len(out):  # "met A and B in X and Y": each in turn
            for meeting, (name, code) in zip(out, places):
                meeting.location, meeting.location_country = name, code
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
                            tok: Token) -> list[list[Person]]:
        """One encounter per counterpart when one person meets several of different countries (or "separately")."""
        if len(subject) == 1 and len(persons) >= 3 and not self._all_in_subject(sent, persons) \
                and not self._joint_gathering(sent, tok):
            others = [p for p in persons if p is not subject[0]]
            if any(t.lower_ in self.lex.events["separate_cues"] for t in sent.span):
                return [[subject[0], p] for p in others]
            countries = [p.country for p in others]
            if None not in countries and len(set(countries)) == len(countries):
                return [[subject[0], p] for p in others]
            if len([c for c in countries if c]) >= 2 and len(set(c for c in countries if c)) == len([c for c in countries if c]):
                return [[subject[0], p] for p in others]
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

    def _visit(self, sent, tok, status, persons, subject) -> list[Meeting]:
        doc = sent.span.doc
        visitor = self.visitor_of(sent, tok)
        if visitor is None and len(persons) == 1 and subject:
            visitor = persons[0]
        if visitor is None:
            return []
        destinations = []
        for ent in entities_of(doc):
            if not (sent.span.start <= ent.start < sent.span.end):
                continue
            first = span_head(ent)
            while first.dep_ == "conj" and first.head != first:  # "visited Peru and Bolivia": each one
                first = first.head
            prep = governing_preposition(doc, ent) or governing_preposition(doc, doc[first.i:first.i + 1])
            visited = first.dep_ == "dobj" and first.head == tok  # "X visited Lima"
            if prep not in ("to", "in", "for") and not visited:
                continue
            if ent.label_ not in ("GPE", "LOC") and not adapters.country_code(ent.text) and (
                    self.ents.mention_at(sent.d, ent.start) is not None or ent.label_ not in ("PERSON", "ORG")):
                continue  # the small model tags some places ORG or PERSON (island states, some capitals)
            # "the visit of X to Chile" with "to Chile" parsed onto another verb: right after the visit's phrase
            follows = prep == "to" and doc[ent.start - 1].lower_ == "to" and ent.start - 1 == tok.right_edge.i + 1
            if not (is_under(first, tok, 4) or is_under(first, tok.head, 3) or follows):
                continue
            code = adapters.place_country(ent.text, self.context_countries)
            if code and code != visitor.country:
                destinations.append((strip_the(ent.text), code))
        destinations = unique_by(destinations, key=lambda x: x[1])
        when = self.date_of(sent, tok, tense_of(status))
        day = when[0].isoformat() if when and when[0] == when[1] else None
        out = []
        for_talks = self.trip_for_talks(tok)
        for where, code in destinations:
            hosts = [p for p in persons if p is not visitor and (
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

    def trip_for_talks(self, tok: Token) -> bool:
        """A trip "for talks" / "for a meeting with X" / "for the next round of the dialogue"."""
        nouns = self.lex.events["trip_purpose_nouns"]
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                for obj in prep.children:
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

    # -- signings --------------------------------------------------------------------
    def signing(self, sent: Sentence, trig: Trigger, meetings: list[Meeting]) -> list[Signing]:
        tok = trig.token
        heads = document_heads(tok, self.lex.documents)
        if not heads:
            return []
        status = status_of(tok)
        if status in (SPECULATIVE, CANCELLED):
            return []
        if sent.is_title:
            status = PLANNED if any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children) else HELD
        counterparts = self._with_countries(tok, heads)
        if self.domestic_approval(tok) and not counterparts:
            return []  # "the cabinet approved a new framework": a country's own decision, not a signing
        parties = self._parties(sent, tok, meetings, heads)
        if len(counterparts) >= 2:  # "signed MoUs with both A and B": one signing with each
            groups = [[p for p in parties if p not in counterparts] + [c] for c in counterparts]
        else:
            groups = [parties]
        when = self.date_of(sent, tok, "future" if status == PLANNED else "past")
        day = when[0].isoformat() if when and when[0] == when[1] else None
        vague_date = when is not None and day is None
        out = []
        for head in heads:
            if is_vague(head, self.lex.vague, self.lex.documents) or any(
                    c.lower_ in self.lex.events["list_cues"] for c in head.children):
                self.listing = Signing("", list(groups[0]), "expected" if status == PLANNED else "signed", day,
                                       [sent.evidence()], 0.6, vague_date)
                continue
            definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
                           for c in head.children)
            if tok.pos_ == "NOUN" and definite and not any(
                    t.text[:1].isupper() or t.lower_ == "joint" for t in head.subtree if t.i != head.i):
                continue  # "the signing of the framework agreement": a reference back, not a new document
            text = document_text(head, tok)
            if not text or len(text.split()) < 2 and not text[:1].isupper():
                continue
            for group in groups:
                self.last_parties = list(group) or self.last_parties
                out.append(Signing(
                    document=text,
                    parties=list(group),
                    status="expected" if status == PLANNED else "signed",
                    date=day,
                    evidence=[sent.evidence()],
                    confidence=0.5 if sent.is_title else 0.7,
                    vague_date=vague_date,
                ))
        return out

    def domestic_approval(self, tok: Token) -> bool:
        """A domestic body (cabinet, parliament) approving or adopting something with no "between"/"with" partner."""
        ev = self.lex.events
        if tok.lemma_ not in ev["domestic_approval_verbs"]:
            return False
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "agent")]
        subjects += [g for c in subjects if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if tok.dep_ == "relcl":  # "a cabinet meeting that approved ..."
            subjects.append(tok.head)
        subjects += [c for s in subjects for c in s.children if c.dep_ == "compound"]
        if not any(s.lemma_.lower() in ev["domestic_bodies"] or s.lower_ in ev["domestic_bodies"] for s in subjects):
            return False
        return not any(t.lower_ == "between" for h in document_heads(tok, self.lex.documents) for t in h.subtree)

    def listed_signings(self, sent: Sentence, previous: Sentence | None) -> list[Signing]:
        """Documents named right after a counted or announced set of signed documents: list items
        ("- MoU on X") or "They included X and Y" / "Among them were X and Y"."""
        template, self.listing = self.listing, None
        if template is None or previous is None or sent.is_title:
            return []
        text = sent.span.text.strip()
        if LIST_ITEM.match(text):
            if not any(is_document(t, self.lex.documents) for t in sent.span):
                return []
            self.listing = template
            names = [LIST_ITEM.sub("", text).strip(" .;,")]
        else:
            root = sent.span.root
            if root.lemma_ in self.lex.events["reporting_verbs"]:  # "They included X, media reported."
                root = next((c for c in root.children if c.dep_ == "ccomp"), root)
            listing_verb = root.lemma_ in self.lex.events["listing_verbs"] and (
                any(c.dep_ == "nsubj" and c.lower_ in ("they", "these", "those") for c in root.children)
                or any(c.dep_ == "prep" and c.lower_ == "among" for c in root.children))
            if not listing_verb:
                return []
            nodes = [c for c in root.children if c.dep_ in ("dobj", "attr", "nsubj") and c.pos_ != "PRON"]
            heads = [n for c in nodes for n in [c, *c.conjuncts, *conjoined_documents(c, self.lex.documents)]
                     if is_document(n, self.lex.documents) and not is_vague(n, self.lex.vague, self.lex.documents)]
            names = [document_text(h, root) for h in unique(heads)]
        return [Signing(name, list(template.parties), template.status, template.date, [*template.evidence[:1], sent.evidence()], 0.6,
                        template.vague_date) for name in names if name]

    def frame(self, sent: Sentence, trig: Trigger) -> Frame | None:
        """The single day an event word's own clause gives, with the status it is told in."""
        status = status_of(trig.token)
        if status == SPECULATIVE:
            return None
        when = self.date_of(sent, trig.token, None if status == CANCELLED else tense_of(status))
        day = when[0].isoformat() if when and when[0] == when[1] else None
        persons = {m.person.key for m in self.persons_in(sent) + self.role_mentions_in(sent)}
        place = self.place_near(sent, trig.token, self.description_tokens(sent), ("in", "at", "to"))
        if day is None and place is None:
            return None
        return Frame(sent.d, sent.body_start, status, day, persons,
                     place[1] if place else None, place[0] if place else None)

    def joint_documents(self, sent: Sentence, meetings: list[Meeting]) -> list[Signing]:
        """A joint statement or declaration named as a fact, with no signing verb
        ("the summit statement covers ...", "their views will be reflected in a joint statement on X")."""
        ev = self.lex.events
        out = []
        for tok in sent.span:
            if tok.lower_ not in ev["joint_document_nouns"] or not any(
                    c.lower_ in ev["joint_document_cues"] for c in tok.children if c.i < tok.i):
                continue
            attached = tok.dep_ in ("nsubj", "nsubjpass", "dobj") or (
                tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX"))
            if not attached or tok.head.lemma_ in self.lex.events["reporting_verbs"] \
                    or renamed(tok, [c for c in tok.head.children if c.dep_ == tok.dep_]):
                continue
            status = status_of(tok)
            if status in (SPECULATIVE, CANCELLED):
                continue
            text = document_text(tok, tok.head)
            out.append(Signing(text, self._parties(sent, tok, meetings, [tok]), "expected" if status == PLANNED else "signed",
                               None, [sent.evidence()], 0.5))
        return out

    def _with_countries(self, tok: Token, heads: list[Token]) -> list[str]:
        """Countries a document is signed "with" ("with both Peru and Chile")."""
        out = []
        owners = [tok, *(t for h in heads for t in h.subtree if t.dep_ not in ("relcl", "acl"))]
        for owner in owners:
            for prep in owner.children:
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    for obj in prep.children:
                        for t in [obj, *obj.conjuncts]:
                            code = adapters.country_code(t.text) if t.ent_type_ in ("GPE", "NORP") else None
                            if code:
                                out.append(code)
        return unique(out)

    def _parties(self, sent: Sentence, tok: Token, meetings: list[Meeting], heads: list[Token] = ()) -> list[str]:
        persons = [m.person for m in self.persons_in(sent) if not self.is_reporter(m, sent, tok)]
        codes = [p.country for p in persons if p.country]
        described = self.description_tokens(sent)
        inside = {t.i for h in heads for t in h.subtree}  # words of the document's own title
        before_head = {t.i for h in heads for t in h.subtree if t.i < h.i}
        pair = [s for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end) if s.start in before_head]
        if len(pair) >= 2:  # "the Peru-Chile summit statement": the pair in the title are its parties
            inside -= before_head
        attached = set(self.attached_sides(sent, tok, ("with", "between", "and", "of", None)))
        for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end):
            if any(i in described for i in range(s.start, s.end)):
                continue
            prep = governing_preposition(sent.span.doc, sent.span.doc[s.start:s.end])
            if prep in ("in", "at", "from") or (s.start in inside and prep not in ("between", "with")):
                continue
            if s.code in attached or prep in ("between", "with"):
                codes.append(s.code)
        codes = unique(codes)
        named_subject = any(c.dep_ in ("nsubj", "nsubjpass") and (self.person_at(sent, c) is not None or
                            adapters.country_code(c.text)) for c in tok.children)
        if not codes and self.last_parties:  # "they also signed a joint declaration"
            codes = list(self.last_parties)
        if len(codes) < 2 and meetings and not (codes and named_subject):  # "the ministers will sign": the meeting's sides
            recent = [m for m in meetings if m.kind != "visit"] or meetings
            for code in recent[-1].countries:
                if code not in codes:
                    codes.append(code)
        return codes

    # -- upcoming --------------------------------------------------------------------
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
        if kind == "election" and not (named or election_like) or kind != "election" and not (named or host_org):
            return None  # only named events: "the vote on Tuesday" or "a climate conference" name none
        status = status_of(tok)
        if status == SPECULATIVE and any(c.dep_ in ("acl", "relcl") and c.lemma_ in ("hold", "take", "schedule", "set")
                                         and any(a.lower_ == "to" for a in c.children) for c in tok.children):
            status = PLANNED  # "the meeting, to be held on May 4, was proposed by X": its own clause says planned
        if status == SPECULATIVE or status == HELD and reported_in_past(tok):
            return None
        when = self.date_of(sent, tok, "future")
        if when is not None and self.is_setting(tok) and not self.own_date(sent, tok):
            return None  # "ahead of the X summit", "on the margins of the Y": the clause's date is another event's
        clause = clause_head(tok)
        if when is None and clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            when = self.date_of(sent, clause_head(clause.head), "future")  # "will meet on May 3 in X, where ... a summit"
        if when is None or when[0] <= self.published or (when[1] - when[0]).days > MAX_UPCOMING_SPAN_DAYS:
            return None  # undated, past, or only a year ("some time next year")
        topic = {t.i for t in event_name(tok, with_scene=True)} - {t.i for t in name_tokens}
        place = self.place_near(sent, tok, {t.i for t in name_tokens}, topics_aside=False, topic=topic)
        text = f"{host_org} {tok.text}" if host_org else strip_the("".join(t.text_with_ws for t in name_tokens).strip())
        return Upcoming(
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


# -- parse-tree helpers ------------------------------------------------------------------


def _title_status(tok: Token, status: str) -> str:
    """Headlines use the present for the past and "to" + verb for plans."""
    if status == CANCELLED:
        return CANCELLED
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children) or tok.dep_ == "xcomp" and tok.head.tag_ != "VBD":
        return PLANNED
    return HELD if status != PLANNED else PLANNED


# -- the article-level pass -------------------------------------------------------------


def _dates_from_meetings(facts: ArticleFacts) -> None:
    """An undated signing takes the day of the one dated meeting held between its parties (documents are
    signed at the talks)."""
    for s in facts.signings:
        if s.date or s.vague_date or s.status != "signed" or len(s.parties) < 2:
            continue
        days = {m.date for m in facts.meetings if m.date and m.status == HELD and set(s.parties) <= set(m.countries)}
        if len(days) == 1:
            s.date = days.pop()


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
    facts.upcoming = merge_upcoming(upcoming)
    inherit_dates(parsed, [m for m in facts.meetings if m.kind != "visit"], frames, need_person=True)
    inherit_dates(parsed, facts.signings, frames, need_person=False)
    _dates_from_meetings(facts)
    inherit_places(parsed, facts.meetings, frames)
