"""Shared reading of one parsed article: sentences, triggers and their arguments.

Trigger words come from ``patterns/triggers.jsonl`` (spaCy Matcher patterns); each trigger's arguments
are read from the dependency parse: who (persons and country sides), where, when, and the status from
modality (``modality.py``). The fact types (``meetings.py``, ``signings.py``, ``upcoming.py``) build on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from briefings.extract import adapters
from briefings.extract.context import Frame
from briefings.extract.entities import PRONOUNS, Mention, entities_of, left_description
from briefings.extract.facts import ArticleFacts, Evidence, Person, Signing
from briefings.extract.lexicon import lexicon
from briefings.extract.modality import (
    CANCELLED,
    HELD,
    PLANNED,
    SPECULATIVE,
    new_date_of,
    planned_in_past,
    status_of,
    tense_of,
)
from briefings.extract.syntax import (
    about_something_else,
    clause_head,
    governing_preposition,
    governors,
    in_clause_of,
    is_under,
    of_head,
    singular_role,
    span_head,
    strip_the,
    unique,
    whole_sentences,
)

#: Words that make an ORG-tagged name a venue ("the Presidential Palace", "the State Guest House").
VENUE_WORDS = frozenset({"hall", "palace", "house", "buildings", "resort", "secretariat", "centre", "center", "diwan",
                         "chancellery", "residence", "headquarters", "villa", "castle", "kremlin", "airport", "hotel"})

#: Prepositions that set a scene rather than name a side of the event.
SCENE_PREPOSITIONS = frozenset({"in", "at", "during", "amid", "under", "after", "before", "from", "despite", "like", "than"})

#: Prepositions that put an act before or after another ("returned after talks", "flew home from the summit").
SEQUENCE_PREPOSITIONS = frozenset({"after", "before", "following", "since", "from"})

#: Nouns of trips that last several days ("during his visit ..., he will open X on 9 May").
TRIP_NOUNS = frozenset({"visit", "trip", "tour", "stay", "journey"})

#: An upcoming event needs a date more precise than this (a month or a season, not a year).
MAX_UPCOMING_SPAN_DAYS = 92
#: A list item: a bullet or a number at the start of a line.
LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·▪]|\(?\d{1,2}[.)])\s*")


#: A dateline's place before its date ("BEIJING, Oct. 17 (Agency) --"): the story's date, not an event's.
DATELINE_BEFORE = re.compile(r"^\s*[A-Z][\w .'’-]{1,40},?\s*$")
DATELINE_AFTER = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^)]{1,40}\)|--|—|–|/)")


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the date at ``text[start:end]`` is the dateline opening a story."""
    return bool(DATELINE_BEFORE.match(text[:start]) and DATELINE_AFTER.match(text[end:]))


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
        if self.is_title:  # the headline as written (it may have been parsed in sentence case)
            original = self.span.doc.user_data.get("_original") or self.span.doc.text
            return Evidence(original[self.span.start_char:self.span.end_char], -1, -1)
        start, end = self.body_start, self.body_index(self.span.end_char)
        return Evidence(self.body[start:end], start, end)


@dataclass
class Trigger:
    label: str
    kind: str
    token: Token
    row: dict


class SentenceReader:
    """What every fact type reads from a sentence: triggers, persons, sides, dates and places."""

    def __init__(self, parsed, facts: ArticleFacts):
        self.parsed = parsed
        self.ents = parsed.entities
        self.facts = facts
        self.published: date = parsed.published
        self.lex = lexicon()
        self.context_countries = tuple(self._frequent_countries())
        self.last_parties: list[str] = []
        self.last_traveller: tuple[Person, int, str] | None = None  # who last set off, in which doc, with what status
        self.trip: tuple[Person, str] | None = None  # the one country the story's traveller visits
        self.listing: Signing | None = None  # "signed six MoUs." / "the following MoUs were exchanged:" -> names may follow
        self.counted: Signing | None = None  # the article's last counted set of documents ("agreed on five agreements")

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
        if trigger.dep_ == "relcl" and trigger.head.i in (tok.i, doc[m.root].i):
            return False  # "X, who met Y on Friday, said ...": X is the one who met
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "by") and tok.head.head.lemma_ in ("accord", "quote"):
            return True
        speaker_verb = tok.head if tok.dep_ == "nsubj" else \
            tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.dep_ == "agent" else None
        if speaker_verb is not None and speaker_verb.lemma_ in self.lex.events["reporting_verbs"] \
                and self._own_talks_aside(trigger, speaker_verb):
            return False  # "X said ... following talks with Y": X held the talks
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

    def _role_met(self, owner: Token, tok: Token) -> bool:
        """"met the Chancellor of Germany", "talks with the President of Chile": an office met, named by its country."""
        if singular_role(owner.lower_) is None and owner.lower_ not in self.lex.roles:
            return False
        return owner.dep_ == "dobj" and owner.head == tok or owner.dep_ == "pobj" and owner.head.lower_ == "with" \
            and owner.head.head == tok

    @staticmethod
    def _own_talks_aside(trigger: Token, verb: Token) -> bool:
        """An event noun with "with Y" and no owner of its own, set beside the speaker's verb by "following",
        "after", "during" or "at" ("X stressed, following talks with Y, ...")."""
        if trigger.pos_ != "NOUN" or not any(c.lower_ == "with" for c in trigger.children) or any(
                c.dep_ == "poss" or c.lower_ == "of" for c in trigger.children):
            return False
        if any(c.lower_ in ("following", "after") for c in trigger.children) and is_under(trigger, verb, 2):
            return True  # "said this following talks with Y", parsed with "following" as the noun's modifier
        t = trigger
        for _ in range(4):
            if t.dep_ in ("pobj", "dobj") and t.head.lower_ in ("following", "after", "during", "at", "before"):
                return is_under(t.head, verb, 3)
            if t.head == t:
                return False
            t = t.head
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
        mentions = [m for m in mentions if not self.of_another_event(doc[m.root], tok)]
        between = {g.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "between" for g in c.subtree}
        if tok.pos_ == "NOUN" and len({m.person.key for m in mentions if m.root in between}) >= 2:
            mentions = [m for m in mentions if m.root in between]  # "the meeting between A and B": only A and B
        mentions.sort(key=lambda m: m.start)
        persons: list[Person] = []
        subject: list[Person] = []
        for m in mentions:
            if m.person not in persons:
                persons.append(m.person)
            root = doc[m.root]
            for _ in range(6):  # "Minister A, B and C pay visits": climb appositions and conjuncts to the subject
                if root.dep_ in ("appos", "conj") and root.head != root:
                    root = root.head
                elif root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in self.lex.roles:
                    root = root.head.head  # "President of B Y" parsed as the president "of Y"
                else:
                    break
            if root.dep_ in ("nsubj", "nsubjpass"):
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

    def of_another_event(self, root: Token, tok: Token) -> bool:
        """Whether a person named under ``tok`` belongs to another event noun nested in its phrase ("met X to follow up
        on the recent meeting between A and B": A and B met each other, not X)."""
        nouns = self.lex.events["nested_event_nouns"]
        t = root
        for _ in range(8):
            if t == tok or t.head == t:
                return False
            t = t.head
            if t != tok and t.lower_ in nouns and t.pos_ == "NOUN" and is_under(t, tok, 6) and t.i != tok.i:
                purpose = t.dep_ == "pobj" and t.head.lower_ == "for"  # "travel to X for a summit with Y": the trip's
                return not purpose and any(c.lower_ in ("between", "with", "of") for c in t.children) \
                    and not is_under(tok, t, 6)
        return False

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
            of_side = owner is not None and (owner == tok or owner.dep_ in ("nsubj", "nsubjpass") and owner.head.i in heads
                                             or not s.is_org and self._role_met(owner, tok))
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
            if sent.span.text[:start].rstrip().lower().endswith("the following"):
                continue  # "the following Friday": counted from a time the story tells, not from publication
            if not tokens or self._reporting_date(tokens[0], anchor) or is_dateline(sent.span.text, start, end) \
                    or self._another_act_date(tokens[0], anchor):
                continue
            # "arrived on Thursday and held a two-day meeting on June 7-8": the event's own verb first
            own = 0 if clause_head(tokens[0]) in (anchor, clause_head(anchor)) else 1 if in_clause_of(tokens[0], anchor) \
                or self._when_clause_of(clause_head(tokens[0]), anchor) else 2
            ranked.append((own, abs(tokens[0].i - anchor.i), text))
        ranked.sort()
        resolved = []
        level = 1  # dates of other clauses (2) are never read; once one is found, none of a wider level
        for own, _, text in ranked:
            if own > level:
                break
            found = adapters.resolve(text, self.published, tense)
            if found:
                resolved.append(found)
                level = own
        # "later this month ... on 22-23 September": the narrowest date of the clause, nearest first on ties
        return min(resolved, key=lambda r: (r[1] - r[0]).days, default=None)

    @staticmethod
    def _when_clause_of(head: Token, anchor: Token) -> bool:
        """Whether the event is told in a "when" clause of ``head`` ("was welcomed today when she arrived for talks"):
        the two happen together."""
        clause = clause_head(anchor)
        return clause.dep_ == "advcl" and clause.head == head and any(
            c.dep_ == "advmod" and c.lower_ == "when" for c in clause.children)

    def _reporting_date(self, tok: Token, anchor: Token) -> bool:
        """Whether a date word dates the report, not the event ("..., the ministry said on Thursday",
        "according to a statement released today")."""
        head = clause_head(tok)
        if head in (anchor, clause_head(anchor)):
            return False
        reporting = self.lex.events["reporting_verbs"]
        if head.lemma_ in reporting:
            return True
        return any(t.lower_ == "according" for t in list(tok.ancestors)[:5]) and anchor not in set(head.subtree)

    def _another_act_date(self, tok: Token, anchor: Token) -> bool:
        """Whether a date word dates an act before or after the event, or its cancelling: "returned on Sunday after
        talks with X", "met X after his inauguration on May 3", "on Sunday postponed his visit"."""
        event = anchor
        while event.dep_ == "conj" and event.head != event:  # "after visits to A and a meeting with X"
            event = event.head
        if event.dep_ == "pobj" and event.head.lower_ in SEQUENCE_PREPOSITIONS and tok not in set(anchor.subtree):
            return True
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "during" and anchor.lemma_ in TRIP_NOUNS \
                and tok not in set(anchor.subtree):
            return True  # "during his visit to A, he will open X on 9 May": a day of the trip, not the trip's
        for t in list(tok.ancestors)[:6]:
            if t == anchor:
                return False
            if t.lower_ in SEQUENCE_PREPOSITIONS and t.dep_ in ("prep", "mark") and anchor not in set(t.subtree):
                return True
            if t.pos_ in ("VERB", "AUX"):  # "postponed until May 3" gives the new day
                return t != anchor and t.lemma_ in self.lex.modality["cancelled_heads"] and anchor in set(t.subtree) \
                    and new_date_of(t) not in (tok, *tok.ancestors)
        return False

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
            if not (sent.span.start <= ent.start < sent.span.end):
                continue
            if ent.label_ == "NORP" and ent.root.dep_ == "amod" and ent.root.head.lower_ == "capital" \
                    and not any(c.lower_ == "of" or c.dep_ == "appos" for c in ent.root.head.children):
                ent = Span(doc, ent.start, ent.root.head.i + 1, label="GPE")  # "in the Finnish capital" (not ", Helsinki")
            if ent.label_ not in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
                continue
            while len(ent) > 1 and ent[-1].pos_ in ("ADP", "DET", "PUNCT", "CCONJ"):
                ent = Span(doc, ent.start, ent.end - 1, label=ent.label_)  # "the State Palace on" Monday
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
            if self._names_part(span_head(ent), anchor):
                continue  # "the Organization for Security and Co-operation in Europe": part of a name
            where = clause_head(span_head(ent))
            if where.dep_ == "relcl" and where != clause and where.head != anchor and anchor not in set(where.subtree):
                continue  # "met X, who arrived in A for a visit, at the B Palace": A is where X arrived
            text = strip_the(ent.text)
            code = adapters.place_country(text, self.context_countries) if ent.label_ != "FAC" else None
            if code is None and text.endswith(" capital"):
                code = adapters.country_code(text[:-len(" capital")])
            found.append((abs(ent.start - anchor.i), ent.start, text, code, ent))
        if not found:
            return None
        found.sort(key=lambda f: f[:2])
        _, _, text, code, ent = found[0]
        if code is None:
            return self._venue_in_city(doc, ent, text) or (text, code)
        return text, code

    @staticmethod
    def _names_part(head: Token, anchor: Token) -> bool:
        """Whether a place hangs from the name of an organisation, not of the event ("met the Council of Europe",
        "according to the Embassy in X", but "the Interregional Forum in X")."""
        t = head
        while t.dep_ in ("conj", "appos", "compound") and t.head != t:
            t = t.head
        if t.dep_ != "pobj" or t.head.head.ent_type_ != "ORG" or t.head.head.pos_ != "PROPN":
            return False
        name = t.head.head
        return name != anchor and not (name.dep_ == "pobj" and name.head.lower_ in ("at", "in"))  # "at the Ministry in X"

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

    def frame(self, sent: Sentence, trig: Trigger) -> Frame | None:
        """The single day an event word's own clause gives, with the status it is told in."""
        status = status_of(trig.token)
        if status == SPECULATIVE or any(t.lower_ == "according" for t in list(trig.token.ancestors)[:4]):
            return None  # "according to a statement released on Monday": the source's day, not an event's
        tense = "past" if status == PLANNED and planned_in_past(trig.token) else tense_of(status)  # "was set for Monday"
        when = self.date_of(sent, trig.token, None if status == CANCELLED else tense)
        day = when[0].isoformat() if when and when[0] == when[1] else None
        if tense == "past" and when and when[1] < self.published:
            status = HELD  # "was set for Monday" told after Monday: it took place (unless something cancelled it)
        persons = {m.person.key for m in self.persons_in(sent) + self.role_mentions_in(sent)}
        if trig.label == "meeting":  # "X is due to meet his counterpart": "his" is X
            persons |= {p.key for p in self.participants(sent, trig.token)[0]}
        place = self.place_near(sent, trig.token, self.description_tokens(sent), ("in", "at", "to"))
        if day is None and place is None:
            return None
        return Frame(sent.d, sent.body_start, status, day, persons,
                     place[1] if place else None, place[0] if place else None)


def title_status(tok: Token, status: str) -> str:
    """Headlines use the present for the past and "to" + verb for plans."""
    if status == CANCELLED:
        return CANCELLED
    if any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children) or tok.dep_ == "xcomp" and tok.head.tag_ != "VBD":
        return PLANNED
    return HELD if status != PLANNED else PLANNED
