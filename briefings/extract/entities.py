"""People, their roles and countries, and the countries, organisations and places an article names.

A person is recognised from spaCy's PERSON entities, and from name-shaped ORG/GPE entities that a
role title introduces ("President-elect Maria X" tagged ORG) or that repeat a known person's
surname. Role and country come from the words around the name: titles ("Russian Foreign
Minister X"), appositions ("Peru's president, X"), "of Y" after the name, and demonyms before
"counterpart". Short mentions are linked to the first full name they are part of.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from briefings.extract import adapters
from briefings.extract.adapters import country_code, org_acronym
from briefings.extract.facts import Person
from briefings.extract.lexicon import lexicon, read_words

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"}
SIDE_LABELS = {"GPE", "NORP", "ORG", "LOC", "PERSON"}
PRONOUNS = {"he", "she", "him", "her", "his"}
_QUOTES = "\"'“”‘’()[]"
NAME_PARTICLES = frozenset({"bin", "bint", "al", "el", "de", "da", "dos", "van", "von", "der", "la", "le", "di", "ibn", "abu", "del"})
_DOTTED_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")  # "L.P." inside a name
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Þ][\w.\-’']*$|^(?:bin|bint|al|el|de|da|dos|van|von|der|la|le|di|ibn|abu)$|^(?:al|el|ad|as|ash|at|az)-\w+$")


@dataclass
class Mention:
    """One place in the article where a person is named (or described by a role)."""

    doc: int  # 0 = title, 1.. = body paragraphs
    start: int
    end: int
    name: str
    role: str | None = None
    country: str | None = None
    person: Person | None = None
    is_role_only: bool = False

    @property
    def root(self) -> int:
        return self.end - 1


@dataclass
class Side:
    """A country or organisation named in a sentence (``code`` ISO2 or an org acronym)."""

    doc: int
    start: int
    end: int
    code: str
    is_org: bool = False


@dataclass
class EntityIndex:
    """Persons, mentions and named sides of one article."""

    persons: list[Person] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    orgs: dict[str, int] = field(default_factory=dict)
    role_mentions: list[Mention] = field(default_factory=list)
    home: str | None = None  # the country the article is told from (its source's, else the one it plainly centres on)

    def mentions_in(self, doc: int, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.doc == doc and m.start >= start and m.end <= end]

    def sides_in(self, doc: int, start: int, end: int) -> list[Side]:
        return [s for s in self.sides if s.doc == doc and s.start >= start and s.end <= end]

    def mention_at(self, doc: int, i: int) -> Mention | None:
        for m in self.mentions:
            if m.doc == doc and m.start <= i < m.end:
                return m
        return None


def _singular(word: str) -> str:
    """'presidents' -> 'president' for role lookups (roles are listed in the singular)."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss") and word[:-1] in lexicon().roles:
        return word[:-1]
    return word


def entities_of(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, computed once per doc (spaCy builds new Span objects on every access)."""
    cached = doc.user_data.get("_ents")
    if cached is None:
        cached = doc.user_data["_ents"] = tuple(doc.ents)
    return cached


def entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity covering token ``i``, if any."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return None
    return next((e for e in entities_of(doc) if e.start <= i < e.end), None)


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return read_words("org_words.txt")


def clean_name(tokens: list[Token]) -> str | None:
    """The name without titles, honorifics, possessive ending or quotes; None if nothing name-like is left."""
    lex = lexicon()
    words = [t for t in tokens if t.text.strip() and t.text not in _QUOTES]
    while words and (words[0].lower_ in lex.honorifics or words[0].lower_ in lex.roles or words[0].pos_ == "DET"
                     or words[0].text in {"-", "–", "—"}):
        words = words[1:]
    while words and (words[-1].tag_ == "POS" or words[-1].text in {"’s", "'s", "-", "–", ",", "."}):
        words = words[:-1]
    possessive = next((i for i, t in enumerate(words) if i and (t.tag_ == "POS" or t.text in {"’s", "'s"})), None)
    if possessive is not None:
        words = words[:possessive]  # "X Y’s Meeting with Z" (a headline's title case): the name ends at "’s"
    if not words:
        return None
    if all(t.lower_ in lex.roles or t.lower_ in lex.honorifics or _singular(t.lower_) in lex.roles for t in words) \
            or " ".join(t.lower_ for t in words) in lex.roles:
        return None  # a title alone ("Crown Prince") is no name
    text = "".join(t.text_with_ws for t in words).strip()
    text = re.sub(r"\s+", " ", text)
    glued = _GLUED_TITLE.match(text)
    if glued and glued.group(1).lower() in lex.honorifics:  # "ComradeKim X Y": an honorific run into the name
        text = text[len(glued.group(1)):]
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return None
    return text


_GLUED_TITLE = re.compile(r"^([A-Z][a-z]{2,})(?=[A-Z][a-z]+ )")


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words (name particles allowed), none of them an organisation word."""
    words = text.split()
    if not 1 <= len([w for w in words if w.lower() not in NAME_PARTICLES]) <= 5:
        return False
    initials = len(words) >= 3 and len(words[0]) == 2 and words[0] not in PROSE_CODES  # "KP Sharma X"
    if any(len(w) >= 2 and w.isupper() and not (i == 0 and initials) and not _DOTTED_INITIALS.match(w)
           for i, w in enumerate(words)):
        return False
    if any(w.lower().strip(".,") in _org_words() or _singular(w.lower()) in lexicon().roles or w.lower() in _ORDINALS
           for w in words):
        return False  # "Minister Attends Fourth Forum": a headline's ordinal is no name
    return all(_NAME_TOKEN.match(w) or w[:1].isupper() and _NAME_TOKEN.match("A" + w[1:]) for w in words)  # "Čmilytė"


_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"})


def is_country_or_org(text: str) -> bool:
    return bool(country_code(text) or org_acronym(text))


def role_context(doc: Doc, start: int, end: int) -> tuple[str | None, str | None, bool]:
    """(role, country, is_counterpart) described by the words around the name ``doc[start:end]``."""
    lex = lexicon()
    left = left_description(doc, start)
    right = _right_description(doc, end)
    role, country, counterpart = _read_description(left)
    if right:  # "X of Chile" says more than words before the name ("A of Peru and X of Chile")
        _, right_country, _ = _read_description(right)
        country = right_country or country
    root = doc[end - 1]
    # "Peru's president, X" / "X, the foreign minister of Y": the role noun the name is in apposition with
    if root.dep_ == "appos" and root.head.i < start and _adjacent(doc, root.head, start):
        head_tokens = [t for t in root.head.subtree if t.i < start and not (start <= t.i < end)]
        r2, c2, cp2 = _read_description(_trim_description(head_tokens, root.head))
        role, country, counterpart = role or r2, country or c2, counterpart or cp2
    if role is None and start > 1 and doc[start - 1].text == ",":  # "the Foreign Minister of X, NAME" (parsed apart)
        r2, c2, cp2 = _read_description(left_description(doc, start - 1))
        if r2:
            role, country, counterpart = r2, country or c2, counterpart or cp2
    if role is None and not _headline_list(doc, end):  # "X, Crown Prince and Prime Minister, said": a title-only apposition
        r2, c2, cp2 = _read_description(_right_apposition(doc, end))
        role, country = r2, country or c2
    for child in root.children:
        if child.dep_ == "appos" and child.i >= end and child.lower_ in lex.roles | {"minister", "president"} \
                and not _headline_list(doc, end):
            r2, c2, cp2 = _read_description(list(child.subtree))
            role, country, counterpart = role or r2, country or c2, counterpart or cp2
    if country is None:
        country = _delegation_country(doc, start)
    return role, country, counterpart


def _delegation_country(doc: Doc, start: int) -> str | None:
    """"the Russian delegation ... led by X" / "a delegation of Peru headed by X": the delegation's country."""
    if start < 3 or doc[start - 1].lower_ != "by" or doc[start - 2].lower_ not in ("led", "headed"):
        return None
    for tok in reversed(list(doc[max(doc[start].sent.start, start - 12):start - 2])):
        if tok.lower_ in ("delegation", "delegations", "team", "mission"):
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "nmod", "poss") and country_code(child.text):
                    return country_code(child.text)
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        ent = entity_at(doc, obj.i)
                        code = country_code(ent.text if ent is not None else obj.text)
                        if code:
                            return code
            return None
    return None


def _headline_list(doc: Doc, end: int) -> bool:
    """A headline's comma lists ("X, Niger President to Meet"): a country or demonym right after the comma
    starts the next item, not an apposition."""
    return bool(doc.user_data.get("headline")) and end + 1 < len(doc) and doc[end].text == "," \
        and bool(country_code(doc[end + 1].text) or _names_country(doc, end + 1))


def _adjacent(doc: Doc, head: Token, start: int) -> bool:
    """Whether the role phrase headed by ``head`` ends right before the name (only a comma or title between)."""
    lex = lexicon()
    clauses = {t.i for c in head.children if c.dep_ in ("acl", "relcl", "advcl") for t in c.subtree}
    phrase_end = head.i
    for t in head.subtree:
        if head.i <= t.i < start and not t.is_punct and t.lower_ not in lex.honorifics and t.i not in clauses:
            phrase_end = max(phrase_end, t.i)
    gap = doc[phrase_end + 1:start]
    return all(t.is_punct or t.is_space or t.lower_ in lex.honorifics for t in gap)


def left_description(doc: Doc, start: int) -> list[Token]:
    """The words before a name that describe it: titles, demonyms, "X's", "of"."""
    lex = lexicon()
    out: list[Token] = []
    i = start - 1
    while i >= 0 and start - i <= 9:
        tok = doc[i]
        low = _singular(tok.lower_)
        if tok.is_space:
            i -= 1
            continue
        if _acronym_aside(doc, i - 2):  # "Prime Minister (PM) X", "... Nations (ASEAN) X": read the acronym on
            out.insert(0, doc[i - 1])
            i -= 3
            continue
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ in ("B", "I") and low not in lex.roles \
                and low not in lex.honorifics and not country_code(tok.text) and not _names_country(doc, i):
            break  # another person's name (an honorific or a demonym the model tagged PERSON is read on)
        if low in {"and", ","} and out and (out[0].lower_ in _role_words() or out[0].pos_ == "DET") \
                and any(_singular(t.lower_) in lex.roles for t in out) and any(
                t.ent_type_ in ("GPE", "NORP") or country_code(t.text) for t in out):
            break  # "President of A X and President of B Y": Y's description starts after "and"
        if low in {"of", "for", "the", "'s", "’s", "-", "elect", "and", "his", "her", "their", "its", "to"} or low in lex.roles \
                or low in lex.honorifics or tok.pos_ in ("ADJ", "PROPN", "NOUN") or tok.ent_type_ in ("NORP", "GPE"):
            if tok.pos_ == "NOUN" and low not in lex.roles and low not in {"head"} and tok.dep_ not in ("compound", "nmod"):
                if not any(r.startswith(low) or r.endswith(low) for r in lex.roles):
                    break
            out.insert(0, tok)
            i -= 1
            continue
        break
    while out and out[0].lower_ in {"and", "of", "for", "to", "-"}:
        out = out[1:]
    return out


def _names_country(doc: Doc, i: int) -> bool:
    """Whether the entity at ``i`` is a country or demonym as a whole ("Sri Lankan" tagged PERSON)."""
    ent = entity_at(doc, i)
    return ent is not None and bool(country_code(ent.text))


def _acronym_aside(doc: Doc, i: int) -> bool:
    """Whether ``doc[i:i + 3]`` is a bracketed acronym ("(PM)", "(ASEAN)")."""
    return 0 <= i and i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" \
        and doc[i + 1].text.isupper() and 2 <= len(doc[i + 1].text) <= 6


def _right_description(doc: Doc, end: int) -> list[Token]:
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        nxt = doc[end + 1]
        if nxt.lower_ == "the" and end + 2 < len(doc):
            nxt = doc[end + 2]
        span = _entity_span(doc, nxt.i)
        return [doc[end], *span]
    return []


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    return frozenset(w for role in lexicon().roles for w in role.split())


def _right_apposition(doc: Doc, end: int, limit: int = 10) -> list[Token]:
    """The words between commas after a name when they are only titles, demonyms and countries."""
    lex = lexicon()
    if end >= len(doc) or doc[end].text != ",":
        return []
    out: list[Token] = []
    for tok in doc[end + 1:end + 1 + limit]:
        if tok.text in {",", ".", ";"} or tok.is_sent_end:
            if tok.text in {",", ".", ";"} and any(_singular(t.lower_) in lex.roles for t in out):
                return out
            return []
        if not (_singular(tok.lower_) in _role_words() or tok.lower_ in lex.honorifics or tok.pos_ in ("DET", "ADP", "CCONJ")
                or tok.ent_type_ in ("GPE", "NORP") or country_code(tok.text)):
            return []
        out.append(tok)
    return []


def _trim_description(tokens: list[Token], head: Token) -> list[Token]:
    """Keep the role noun phrase of an apposition head, without clauses hanging off it."""
    keep = set()
    for t in tokens:
        if t.i == head.i or t.head.i == head.i and t.dep_ in ("poss", "amod", "compound", "det", "case", "prep", "nmod"):
            keep.update(x.i for x in t.subtree if x.dep_ not in ("relcl", "acl"))
    return [t for t in tokens if t.i in keep]


def _entity_span(doc: Doc, i: int) -> list[Token]:
    ent = entity_at(doc, i)
    return list(ent) if ent is not None else [doc[i]]


def _read_description(tokens: list[Token]) -> tuple[str | None, str | None, bool]:
    """Find the longest role title and the country (demonym, name, possessive) in ``tokens``."""
    lex = lexicon()
    tokens = [t for t in tokens if not t.is_space]
    cut = max((i for i, t in enumerate(tokens) if t.tag_ == "POS" and i > 0 and tokens[i - 1].lower_ in lex.roles), default=-1)
    tokens = tokens[cut + 1:] if cut >= 0 else tokens  # "the President's adviser X": not a prime minister
    words = [_singular(t.lower_) for t in tokens]
    role = None
    best = 0
    for n in range(min(lex.max_role_words, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n]).replace(" - ", "-")
            if phrase in lex.roles and n > best:
                role, best = phrase, n
        if role:
            break
    if role is None:
        joined = " ".join(words).replace(" - ", "-")
        for r in lex.roles:
            if "-" in r and r in joined:
                role = r
    country = org_only = None
    seen: set[int] = set()
    for a, b in zip(tokens, tokens[1:]):  # two-word demonyms and names NER left untagged ("South African")
        if b.i == a.i + 1 and a.text[:1].isupper() and b.text[:1].isupper() and b.lower_ not in lex.roles \
                and a.lower_ not in lex.roles and not a.ent_type_ and not b.ent_type_:
            code = country_code(f"{a.text} {b.text}")
            if code:
                country = code
                seen.update((a.i, b.i))
                break
    for t in tokens:
        if t.i in seen or t.lower_ in lex.roles or t.lower_ in lex.honorifics or t.pos_ in ("DET", "ADP", "PRON"):
            continue
        candidates = [t.text]
        if t.ent_iob_ in ("B", "I"):
            ent = entity_at(t.doc, t.i)
            if ent is not None:
                candidates.insert(0, ent.text)
        for n, text in enumerate(candidates):
            code = country_code(text) or org_acronym(text)
            if code:
                if country and country == org_only and country_code(text):
                    country = None  # "Secretary for Foreign, Commonwealth ... Affairs of the United Kingdom": the country
                if not country and not country_code(text):
                    org_only = code
                country = country or code
                if n == 0 and len(candidates) > 1:  # the whole entity named it: its other words are done
                    seen.update(range(ent.start, ent.end))
                break
    counterpart = any(w.startswith("counterpart") for w in words)
    if role and role.startswith("counterpart"):
        role = None
    return _role_title(role), country, counterpart


def _role_title(role: str | None) -> str | None:
    """'minister of state' -> 'Minister of State'; short acronyms in capitals ('PM')."""
    if not role:
        return None
    if len(role) <= 3:
        return role.upper()
    small = {"of", "the", "for", "and", "to"}
    return " ".join(w if w in small else "-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in role.split())


def find_mentions(docs: list[Doc], home: str | None = None) -> EntityIndex:
    """Persons (with roles and countries), their mentions, and the countries/orgs named in ``docs``."""
    index = EntityIndex()
    raw: list[Mention] = []
    if docs:
        docs[0].user_data["headline"] = True
    candidates: list[tuple[int, Span]] = []
    for d, doc in enumerate(docs):
        for ent in entities_of(doc):
            if ent.label_ not in NAME_LABELS:
                continue
            _collect_side(index, d, ent)
            candidates.append((d, ent))
    # first pass: PERSON entities and name-shaped entities introduced by a role title
    known_surnames: set[str] = set()
    pending: list[tuple[int, Span, str]] = []
    for d, ent in candidates:
        ent = _after_office_prefix(ent)
        if len(ent) >= 3 and ent.start > 1 and docs[d][ent.start - 1].lower_ in ("to", "in", "of") \
                and _singular(docs[d][ent.start - 2].lower_) in _role_words() and adapters.place_country(ent[0].text):
            ent = ent[1:]  # "Ambassador to Lima Ivan X": the place is not part of the name
        if len(ent) >= 3 and country_code(ent[0].text) and not _initials(ent[0]):
            ent = ent[1:]  # "President of Peru X Y" tagged "Peru X Y": the country is not part of the name
        if ent.label_ == "PERSON":
            ent = _with_hyphen_tail(docs[d], _with_surname_tail(docs[d], _with_particle_tail(docs[d], ent)))
        ent = _with_given_names(docs[d], ent)
        name = clean_name(list(ent))
        if not name or is_country_or_org(name) or is_country_or_org(ent.text):
            continue
        role, country, counterpart = role_context(docs[d], ent.start, ent.end)
        person_like = ent.label_ == "PERSON" or (ent.label_ not in ("NORP", "GPE", "LOC") and looks_like_name(name)
                                                 and (role or counterpart or _has_title_inside(ent)))
        if ent.label_ in ("GPE", "LOC") and _titled_place_name(docs[d], ent, name, role):
            person_like = True  # "President Lucas X" tagged GPE: a title right before, and no such place
        if ent.label_ == "PERSON" and not looks_like_name(name):
            person_like = False
        if person_like:
            raw.append(Mention(d, ent.start, ent.end, name, role, country))
            known_surnames.add(name.split()[-1].casefold())
            if counterpart:
                raw[-1].role = raw[-1].role or "counterpart"
        else:
            pending.append((d, ent, name))
    # second pass: other entities that repeat a known person's name (the small model tags surnames as ORG)
    for d, ent, name in pending:
        if looks_like_name(name) and any(w.casefold() in known_surnames for w in name.split()):
            role, country, counterpart = role_context(docs[d], ent.start, ent.end)
            raw.append(Mention(d, ent.start, ent.end, name, role, country))
    raw += _titled_names(docs, raw)
    raw += _coordinated_names(docs, raw)
    raw += _appositive_names(docs, raw)
    raw += _possessive_names(docs, raw)
    raw += _repeated_name_tokens(docs, raw)
    raw.sort(key=lambda m: (m.doc == 0, m.doc, m.start))
    _respective_countries(docs, raw)
    index.persons, index.mentions = link_persons(raw)
    index.mentions.sort(key=lambda m: (m.doc, m.start))
    home = index.home = home or dominant_country(index)
    index.role_mentions = resolve_role_descriptions(docs, index, home)
    _countries_from_pairs(docs, index)
    if home:
        visitors = {id(m.person) for m in index.mentions if _visiting(docs[m.doc], m.start)}
        for p in index.persons:
            if p.role and p.role != "counterpart" and not p.country and id(p) not in visitors:
                p.country, p.guessed = home, True  # not "visiting Foreign Minister X": a guest is not of the home
    return index


def _visiting(doc: Doc, start: int) -> bool:
    """Whether the title before a name says its holder is visiting ("received visiting Foreign Minister X",
    "the visiting minister, X")."""
    lex = lexicon()
    i = start - 1
    while i >= 0 and start - i <= 6 and (doc[i].text == "," or doc[i].lower_ in lex.honorifics
                                         or _singular(doc[i].lower_) in _role_words()):
        i -= 1
    return i >= 0 and doc[i].lower_ == "visiting"


def country_pairs(docs: list[Doc], index: EntityIndex) -> set[frozenset[str]]:
    """Pairs of countries the article sets side by side: "Estonian-German relations", "between A and B",
    and a headline's "A, B leaders meet"."""
    pairs = set()
    for d, doc in enumerate(docs):
        sides = sorted((s for s in index.sides if s.doc == d and not s.is_org), key=lambda s: s.start)
        for a, b in pairwise(sides):
            gap = doc[a.end:b.start].text.strip()
            between = a.start > 0 and doc[a.start - 1].lower_ == "between"
            if a.code != b.code and (gap == "and" and (between or d == 0) or gap == "," and d == 0):
                pairs.add(frozenset((a.code, b.code)))
        for tok in doc[1:-1]:  # the model tags "Estonian-German" as one entity, or half of it
            if tok.text in ("-", "–") and not tok.whitespace_ and not doc[tok.i - 1].whitespace_:
                a, b = country_code(doc[tok.i - 1].text), country_code(doc[tok.i + 1].text)
                if a and b and a != b:
                    pairs.add(frozenset((a, b)))
    return pairs


def _countries_from_pairs(docs: list[Doc], index: EntityIndex) -> None:
    """An official with no country of their own, named in one sentence with a person of one of two countries
    the article pairs ("Prime Minister X met German Chancellor Y ... Estonian-German relations"), is of the other."""
    lacking = [p for p in index.persons if p.role and p.role != "counterpart" and not p.country]
    if len(lacking) != 1:
        return
    known = {p.country for p in index.persons if p.country and p.role}
    others = {code for pair in country_pairs(docs, index) if pair & known for code in pair - known}
    if len(others) != 1:
        return
    other = others.pop()
    pair_of = {code for pair in country_pairs(docs, index) if other in pair for code in pair} - {other}
    sentences = {(m.doc, docs[m.doc][m.start].sent.start) for m in index.mentions if m.person is lacking[0]}
    if any((m.doc, docs[m.doc][m.start].sent.start) in sentences and m.person.country in pair_of and m.person.role
           for m in index.mentions):
        lacking[0].country = other


def _respective_countries(docs: list[Doc], raw: list[Mention]) -> None:
    """"Foreign Ministers of A and B X and Y": names listed after a plural title with as many countries
    take them in order."""
    lex = lexicon()
    for i, first in enumerate(raw):
        chain = [first]
        for m in raw[i + 1:]:
            last = chain[-1]
            if m.doc != first.doc or m.start != last.end + 1 or docs[m.doc][last.end].lower_ not in ("and", ","):
                break
            chain.append(m)
        if len(chain) < 2 or (i and raw[i - 1].doc == first.doc and raw[i - 1].end + 1 == first.start):
            continue
        left = left_description(docs[first.doc], first.start)
        if not any(t.lower_ != _singular(t.lower_) for t in left if _singular(t.lower_) in lex.roles):
            continue  # no plural title ("Presidents", "Foreign Ministers")
        codes = []
        for t in left:
            code = country_code(t.text)
            if code and (not codes or codes[-1] != code):
                codes.append(code)
        if len(codes) == len(chain):
            for m, code in zip(chain, codes):
                m.country = code


def dominant_country(index: EntityIndex) -> str | None:
    """The country an article is plainly told from when its source names none: named (title twice) at least
    three times and half as often again as any other."""
    counts: dict[str, int] = {}
    for s in index.sides:
        if not s.is_org:
            counts[s.code] = counts.get(s.code, 0) + (2 if s.doc == 0 else 1)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]


#: Two-letter country codes that news prose writes before a name ("US President X"); others are initials.
PROSE_CODES = frozenset({"US", "UK", "EU"})


def _initials(tok: Token) -> bool:
    """"KP" in "KP Sharma X": two capitals that start a person's name are initials, not a country code."""
    return len(tok.text) == 2 and tok.text.isupper() and tok.text not in PROSE_CODES


def _titled_place_name(doc: Doc, ent: Span, name: str, role: str | None) -> bool:
    """Whether a GPE/LOC entity is a person's name the small model mislabelled: two words or more, a role
    title right before it, name-shaped, and no country or place of that name."""
    if not role or len(ent) < 2 or ent.start == 0 or _singular(doc[ent.start - 1].lower_) not in lexicon().roles:
        return False
    return looks_like_name(name) and adapters.place_country(ent.text) is None and not is_country_or_org(ent.text)


def _with_particle_tail(doc: Doc, ent: Span) -> Span:
    """A person's name cut at a particle ("X von" + "der Y") extended over the particle and the rest."""
    end = ent.end
    while end < len(doc) and doc[end - 1].lower_ in NAME_PARTICLES:
        if doc[end].lower_ in NAME_PARTICLES or (doc[end].text[:1].isupper() and doc[end].is_alpha):
            end += 1
        else:
            break
    if end > ent.end and doc[end - 1].lower_ not in NAME_PARTICLES:
        return Span(doc, ent.start, end, label=ent.label_)
    return ent


def _after_office_prefix(ent: Span) -> Span:
    """"Speaker of the Lithuanian Parliament X Y" tagged as one organisation: the name after the last word
    of the institution (an organisation word, or the country's long form)."""
    doc = ent.doc
    if ent.label_ not in ("ORG", "GPE", "FAC") or len(ent) < 3 or ent.start < 2 or doc[ent.start - 1].lower_ != "of" \
            or _singular(doc[ent.start - 2].lower_) not in _role_words():
        return ent
    for cut in range(len(ent) - 2, 0, -1):
        head = ent[:cut]
        if (head[-1].lower_ in _org_words() or len(head) >= 2 and country_code(head.text)) \
                and looks_like_name(ent[cut:].text) and not is_country_or_org(ent[cut:].text):
            return Span(doc, ent.start + cut, ent.end, label="PERSON")
    return ent


def _with_hyphen_tail(doc: Doc, ent: Span) -> Span:
    """A name cut inside a hyphenated surname ("Prayut Chan" + "-o-cha"): the rest of the hyphen-joined word."""
    end = ent.end
    while end + 1 < len(doc) and doc[end].text in ("-", "‑") and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return Span(doc, ent.start, end, label=ent.label_) if end > ent.end else ent


def _with_surname_tail(doc: Doc, ent: Span) -> Span:
    """A person's name whose last word the model tagged as a place or organisation of its own ("Ana Maria"
    PERSON + "Quispe" GPE): the name's words are compounds of that word, and no such place is known."""
    if ent.end >= len(doc):
        return ent
    tail = doc[ent.end]
    if not (tail.pos_ == "PROPN" and tail.is_title and tail.is_alpha
            and (tail.ent_iob_ == "B" and tail.ent_type_ in ("GPE", "LOC", "ORG", "PERSON") or tail.ent_iob_ == "O")
            and doc[ent.end - 1].head.i == tail.i and _singular(tail.lower_) not in _role_words()
            and doc[ent.end - 1].dep_ == "compound"):
        return ent
    if (ent.end + 1 < len(doc) and doc[ent.end + 1].ent_iob_ == "I") or is_country_or_org(tail.text) \
            or adapters.place_country(tail.text):
        return ent
    return Span(doc, ent.start, ent.end + 1, label=ent.label_)


def _with_given_names(doc: Doc, ent: Span, limit: int = 2) -> Span:
    """A name whose first given name the model left out of the entity ("Ana" + "Maria Quispe")."""
    lex = lexicon()
    start = ent.start
    while start > 0 and ent.start - start < limit:
        tok = doc[start - 1]
        if tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ \
                or (tok.i == tok.sent.start and not (tok.dep_ == "compound" and ent.start <= tok.head.i < ent.end)) \
                or _singular(tok.lower_) in _role_words() or tok.lower_ in lex.honorifics or country_code(tok.text):
            break
        start -= 1
    return Span(doc, start, ent.end, label=ent.label_) if start < ent.start else ent


def _titled_names(docs: list[Doc], raw: list[Mention]) -> list[Mention]:
    """Names NER missed after a capitalised title ("Minister of International Relations Ronald X"):
    the capitalised words after the last office word of the title."""
    lex = lexicon()
    covered = {(m.doc, i) for m in raw for i in range(m.start, m.end)}
    found = []
    for d, doc in enumerate(docs):
        for tok in doc:
            if not (tok.text[:1].isupper() and _singular(tok.lower_) in lex.roles) or (d, tok.i) in covered:
                continue
            connectors = ("of", "for", "and", "the", "to")
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 12 and (doc[end].pos_ == "PROPN" or doc[end].lower_ in connectors
                                                             or _acronym_aside(doc, end)):
                if _acronym_aside(doc, end):
                    end += 3
                    continue
                if doc[end].lower_ == "and" and any(_singular(doc[end + 1:end + 1 + n].text.lower()) in lex.roles
                                                    for n in (1, 2, 3) if end + n < len(doc)):
                    break  # "Ambassador of A X Y and Ambassador of B Z": the next title starts its own run
                if doc[end].lower_ == "to" and (end + 1 >= len(doc) or not doc[end + 1].ent_type_):
                    break  # "President to Discuss Trade": a headline's verb, not "Ambassador to Peru"
                end += 1
            run = [t for t in doc[tok.i + 1:end]]
            tail = next((j for j, t in enumerate(run) if j >= 2 and t.lower_ == "of"
                         and country_code(" ".join(x.text for x in run[j + 1:]))), None)
            if tail is not None and not any(t.lower_ in connectors for t in run[:tail]):
                run = run[:tail]  # "President Given Surname of Togo": the country comes after the name
            office = max((i for i, t in enumerate(run) if t.lower_ in _org_words() or t.lower_ in connectors or t.text == ")"
                          or _singular(t.lower_) in lex.roles or (_names_place(doc, t) and not _surname_at_end(run, i))
                          or (not t.ent_type_ and i < len(run) - 2 and country_code(t.text))),
                         default=-1)
            name = run[office + 1:]  # "Ambassador to Russia X Y": the words after the office and its place
            while name and name[0].lower_ in lex.honorifics:  # "Minister for Foreign Affairs Dr X Y"
                name = name[1:]
            if len(name) < 2 or any((d, t.i) in covered for t in name):
                continue
            name = name[-3:] if len(name) <= 3 else name[-2:]
            name = list(_with_hyphen_tail(doc, doc[name[0].i:name[-1].i + 1]))  # "Prayut Chan-o-cha"
            text = doc[name[0].i:name[-1].i + 1].text
            if not looks_like_name(text) or is_country_or_org(text):
                continue
            role, country, counterpart = role_context(doc, name[0].i, name[-1].i + 1)
            found.append(Mention(d, name[0].i, name[-1].i + 1, text, role or ("counterpart" if counterpart else None), country))
            covered.update((d, t.i) for t in name)
    return found


def _names_place(doc: Doc, tok: Token) -> bool:
    """Whether ``tok`` is inside an entity naming a country, organisation or place in a title; a GPE entity
    that ran on over the name after the country ("the Republic of X Given Surname") names it only up to
    the country."""
    if not tok.ent_type_ or tok.ent_type_ == "PERSON":
        return False
    ent = entity_at(doc, tok.i)
    if ent is None or ent.label_ != "GPE" or len(ent) < 3:
        return True
    for end in range(ent.end - 2, ent.start, -1):  # the longest prefix naming a country, two words or more left
        if country_code(doc[ent.start:end].text):
            return tok.i < end
    return True


def _surname_at_end(run: list[Token], i: int) -> bool:
    """A one-word GPE closing the run right after a bare capitalised word is a surname NER mislabelled
    ("... of the Republic of Chile Tomas X": "X" tagged GPE alone)."""
    tok = run[i]
    if i != len(run) - 1 or i == 0 or tok.ent_iob_ != "B" or tok.ent_type_ not in ("GPE", "LOC"):
        return False
    before = run[i - 1]
    return before.text[:1].isupper() and not before.ent_type_ and _singular(before.lower_) not in lexicon().roles \
        and not is_country_or_org(tok.text)


def _coordinated_names(docs: list[Doc], raw: list[Mention]) -> list[Mention]:
    """Capitalised word runs NER missed that are coordinated with a named person or a role noun
    ("Presidents of A and B - X and Y Z")."""
    lex = lexicon()
    covered = {(m.doc, i) for m in raw for i in range(m.start, m.end)}
    anchors = {(m.doc, m.root) for m in raw}
    found = []
    for d, doc in enumerate(docs):
        for tok in doc:
            if tok.pos_ != "PROPN" or (d, tok.i) in covered or tok.dep_ not in ("conj", "appos") or tok.ent_type_ in ("GPE", "NORP", "ORG", "DATE", "LOC"):
                continue
            head = tok.head
            if (d, head.i) not in anchors and _singular(head.lower_) not in lex.roles:
                continue
            start = tok.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i and doc[start - 1].pos_ == "PROPN":
                start -= 1
            name = clean_name(list(doc[start:tok.i + 1]))
            if not name or len(name.split()) < 2 or not looks_like_name(name) or is_country_or_org(name):
                continue
            role, country, counterpart = role_context(doc, start, tok.i + 1)
            found.append(Mention(d, start, tok.i + 1, name, role or ("counterpart" if counterpart else None), country))
            covered.update((d, i) for i in range(start, tok.i + 1))
    return found


def _appositive_names(docs: list[Doc], raw: list[Mention]) -> list[Mention]:
    """Capitalised words NER missed that a role apposition follows ("X Y Z, foreign minister of the Republic")."""
    lex = lexicon()
    covered = {(m.doc, i) for m in raw for i in range(m.start, m.end)}
    found = []
    for d, doc in enumerate(docs):
        for tok in doc:
            if tok.pos_ != "PROPN" or not tok.is_title or (d, tok.i) in covered or tok.i + 1 >= len(doc) \
                    or doc[tok.i + 1].text != "," or (tok.ent_type_ and tok.ent_type_ not in ("ORG", "PERSON")):
                continue
            if not any(c.dep_ == "appos" and c.i > tok.i and _singular(c.lower_) in lex.roles for c in tok.children):
                continue
            start = tok.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == tok.i \
                    and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and (d, start - 1) not in covered:
                start -= 1
            name = clean_name(list(doc[start:tok.i + 1]))
            if not name or len(name.split()) < 2 or not looks_like_name(name) or is_country_or_org(name) \
                    or any(t.ent_type_ and t.ent_type_ != tok.ent_type_ for t in doc[start:tok.i + 1]):
                continue
            role, country, counterpart = role_context(doc, start, tok.i + 1)
            if role is None:
                continue
            found.append(Mention(d, start, tok.i + 1, name, role, country))
            covered.update((d, i) for i in range(start, tok.i + 1))
    return found


def _possessive_names(docs: list[Doc], raw: list[Mention]) -> list[Mention]:
    """Capitalised words NER missed after a country's possessive that end in a surname the article names
    elsewhere ("Kenya's Ana Quispe and ..." with "President Quispe" later): that person, of that country."""
    surnames = {m.name.split()[-1].casefold() for m in raw}
    covered = {(m.doc, i) for m in raw for i in range(m.start, m.end)}
    found = []
    for d, doc in enumerate(docs):
        for tok in doc[2:]:
            if tok.lower_ not in surnames or (d, tok.i) in covered or tok.ent_type_ or not tok.is_title:
                continue
            start = tok.i
            while start > tok.i - 3 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                    and not doc[start - 1].ent_type_ and (d, start - 1) not in covered:
                start -= 1
            if start == tok.i or start < 2 or doc[start - 1].text not in ("'s", "’s"):
                continue
            country = country_code(doc[start - 2].text)
            name = doc[start:tok.i + 1].text
            if not country or not looks_like_name(name):
                continue
            found.append(Mention(d, start, tok.i + 1, name, None, country))
            covered.update((d, i) for i in range(start, tok.i + 1))
    return found


def _repeated_name_tokens(docs: list[Doc], raw: list[Mention]) -> list[Mention]:
    """Bare name words NER missed ("Mr X", "Premier X") that repeat part of a known full name."""
    words = {w.casefold() for m in raw if len(m.name.split()) >= 2 for w in m.name.replace("-", " ").split() if len(w) >= 4}
    words |= {m.name.split()[-1].casefold() for m in raw if len(m.name.split()) >= 2}  # short surnames ("Oli", "Xi")
    covered = {(m.doc, i) for m in raw for i in range(m.start, m.end)}
    found = []
    for d, doc in enumerate(docs):
        i = 0
        while i < len(doc):
            tok = doc[i]
            if (d, i) in covered or tok.pos_ != "PROPN" or tok.lower_ not in words or tok.ent_type_ in ("GPE", "NORP", "DATE") \
                    or country_code(tok.text):
                i += 1
                continue
            end = i + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].lower_ in words and (d, end) not in covered:
                end += 1
            role, country, counterpart = role_context(doc, i, end)
            found.append(Mention(d, i, end, doc[i:end].text, role, country))
            i = end
    return found


def resolve_role_descriptions(docs: list[Doc], index: EntityIndex, home: str | None = None) -> list[Mention]:
    """Mentions by role alone ("the Chilean Prime Minister", "Peru's foreign minister") linked to the
    one person the article gives that role; the description's country is added to that person."""
    lex = lexicon()
    covered = {(m.doc, i) for m in index.mentions for i in range(m.start, m.end)}
    out = []
    for d, doc in enumerate(docs):
        starts = {m.root: m.start for m in index.mentions if m.doc == d}
        for tok in doc:
            low = _singular(tok.lower_)
            if low not in lex.roles or low.startswith("counterpart") or (d, tok.i) in covered or tok.tag_ in ("NNS", "NNPS"):
                continue
            if any(c.dep_ == "appos" and c.i in starts and _adjacent(doc, tok, starts[c.i]) for c in tok.children):
                continue  # "Peru's president, X": the name is the mention
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            of_country = _of_country(doc, tok)
            if of_country is None and nxt is not None and (
                    nxt.pos_ == "PROPN" or _singular(nxt.lower_) in lex.roles or nxt.lower_ in ("of", "-")):
                continue
            bare = not any(c.dep_ in ("det", "poss") for c in tok.children) and not any(
                c.dep_ in ("det", "poss") for c in tok.head.children if tok.dep_ == "compound")
            if bare and d != 0:
                continue
            left = left_description(doc, tok.i + 1)
            role, country, _ = _read_description(left)
            country = country or of_country
            if not role or (bare and not country):
                continue  # a headline drops "the": "Estonian FM visits Finland" needs its demonym
            person = _person_with_role(index, role, country, d, tok.i, home)
            if person is None or bare and any(m.doc == 0 and m.person is person for m in index.mentions):
                continue  # "X, Chile President to meet": the headline names X apart from the role
            if country and not person.country:
                person.country = country
            out.append(Mention(d, tok.i, tok.i + 1, person.name, role, country, person, is_role_only=True))
    return out


def _of_country(doc: Doc, tok: Token) -> str | None:
    """"the Prime Minister of Hungary" (no name after it): the country of a role description."""
    i = tok.i + 1
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return None
    ent = entity_at(doc, i + 1)
    after = [t for t in doc[ent.end:ent.end + 2]] if ent is not None else []
    if ent is None or ent.start != i + 1 or (after and after[0].pos_ == "PROPN") or (
            len(after) == 2 and after[0].text == "," and after[1].pos_ == "PROPN"):
        return None  # "President of Peru X Y", "the Foreign Minister of Peru, X": the name follows
    return country_code(ent.text)


#: Words that make another office of a title ("vice president" is not "president"; "prime minister" not "minister").
OFFICE_QUALIFIERS = frozenset({"vice", "deputy", "assistant", "under", "acting", "former", "first", "prime", "junior",
                               "associate", "principal", "senior", "chief", "lieutenant"})

#: Abbreviated role words written in news prose ("the Deputy PM"), read as the role they stand for.
ROLE_ABBREVIATIONS = {"pm": "prime minister", "fm": "foreign minister"}
#: Role titles that name the same office ("the Estonian FM" is "Minister of Foreign Affairs X").
ROLE_SYNONYMS = {"minister of foreign affairs": "foreign minister", "minister for foreign affairs": "foreign minister",
                 "foreign affairs minister": "foreign minister", "top diplomat": "foreign minister"}


def _person_with_role(index: EntityIndex, role: str, country: str | None, d: int, i: int,
                      home: str | None = None) -> Person | None:
    """The person the article gives ``role`` (and no other country): the only one, the one named most often,
    or the latest named before."""
    role = " ".join(ROLE_ABBREVIATIONS.get(w, w) for w in role.lower().split())  # "the Deputy PM"
    role = ROLE_SYNONYMS.get(role, role)

    def fits(p: Person) -> bool:
        have = (p.role or "").lower()
        have = ROLE_SYNONYMS.get(have, have)
        if have == role:
            return True
        if " " not in role:  # "the minister" -> "Foreign Minister X"
            return have.endswith(" " + role) and role != "president" and not set(have.split()[:-1]) & OFFICE_QUALIFIERS
        if " " in have or not role.endswith(" " + have):
            return False
        return not set(role.split()[:-1]) & OFFICE_QUALIFIERS  # "the foreign minister" -> "Minister X", not "the Vice President"

    candidates = [m for m in index.mentions if m.person.role and fits(m.person)
                  and (country is None or m.person.country in (None, country))]
    distinct = list(dict.fromkeys(id(m.person) for m in candidates))
    if len(distinct) == 1:
        return candidates[0].person
    if country is None and home:  # a release's bare "the Foreign Minister" is its own country's
        own = [m for m in candidates if m.person.country in (None, home)]
        if len({id(m.person) for m in own}) == 1:
            return own[0].person
    before = [m for m in candidates if (m.doc, m.start) < (d, i) and m.doc > 0]
    if country is None and before:  # "the Minister held a call": the one the story is about, named most often
        counts = Counter(id(m.person) for m in candidates)
        ranked = counts.most_common(2)
        if len(ranked) == 2 and ranked[0][1] > ranked[1][1]:
            return next(m.person for m in candidates if id(m.person) == ranked[0][0])
    return before[-1].person if before else None


#: "BISHKEK, March 14" / "Riyadh (Agency) --": the place a story is filed from, at the start of its first paragraph.
_DATELINE = re.compile(r"^([A-Z][A-Za-z'’. -]{2,30}?)\s*(?:,|:|\(|\s[-–—]{1,2}\s)")


def home_country(source: str | None, dateline: str | None = None) -> str | None:
    """The country a source reports from: a demonym or country in its name, its web domain's country code,
    a capital it is named after ("The Jakarta Post"), else the capital of its dateline."""
    name = (source or "").split("(")[0]
    # "The Daily Star (Bangladesh)": a country in brackets, but not a channel ("(via X)")
    noted = " ".join(p for p in re.findall(r"\(([^)]*)\)", source or "") if not p.lower().startswith("via "))
    for word in re.findall(r"[A-Z][a-z]{3,}", name) + re.findall(r"[A-Z][a-z]{3,}", noted) + re.findall(r"\(([^)]*)\)", source or ""):
        code = country_code(word)
        if code:
            return code
    code = adapters.institution_country(name)
    if code:
        return code  # "The White House", "President of Russia (kremlin.ru)"
    for tld in re.findall(r"\.([a-z]{2})\b(?!\.)", (source or "").lower()):
        code = country_code(tld.upper())
        if code and tld not in ("co", "tv", "me", "io", "fm", "am", "ai"):
            return code
    for word in re.findall(r"[A-Z][a-z]{3,}", name):
        code = adapters.capital_country(word)
        if code:
            return code
    found = _DATELINE.match((dateline or "").strip())
    if not found:
        return None
    place = found.group(1).strip()
    return adapters.capital_country(place) or (adapters.place_country(place.title()) if adapters.is_city(place.title()) else None)


def _has_title_inside(ent: Span) -> bool:
    lex = lexicon()
    return any(t.lower_ in lex.roles or t.lower_ in lex.honorifics for t in ent[:-1])


def _collect_side(index: EntityIndex, d: int, ent: Span) -> None:
    if ent.label_ not in SIDE_LABELS - {"PERSON"} and not (ent.label_ == "PERSON" and len(ent) <= 3):
        return
    code = country_code(ent.text)
    if code:
        index.sides.append(Side(d, ent.start, ent.end, code))
        return
    acronym = (org_acronym(ent.ent_id_) or ent.ent_id_) if ent.ent_id_ else org_acronym(ent.text)
    if acronym:
        index.sides.append(Side(d, ent.start, ent.end, acronym, is_org=True))
        index.orgs[acronym] = index.orgs.get(acronym, 0) + 1


def same_person(short: str, full: str) -> bool:
    """Whether the mention ``short`` can name the person fully named ``full``."""
    s = [w.casefold() for w in short.replace("-", " ").split()]
    f = [w.casefold() for w in full.replace("-", " ").split()]
    if not s or not f:
        return False
    if set(s) <= set(f):
        return True
    if len(s) == 1 and len(s[0]) >= 5:
        return any(len(w) >= 5 and fuzz.ratio(s[0], w) >= 85 for w in f)
    return False


def link_persons(raw: list[Mention]) -> tuple[list[Person], list[Mention]]:
    """Link every mention to the first fuller name it is part of; one Person per distinct name."""
    persons: list[Person] = []
    for m in sorted(raw, key=lambda m: -len(m.name.split())):
        target = next((p for p in persons if same_person(m.name, p.name)), None)
        if target is None:
            target = Person(m.name, None, None, 0)
            persons.append(target)
        m.person = target
        target.mentions += 1
    # the name as first written in the body (title last), and the role/country the text gives most often
    order = {id(p): i for i, p in enumerate(persons)}
    first_seen: dict[int, int] = {}
    for pos, m in enumerate(raw):
        first_seen.setdefault(order[id(m.person)], pos)
        p = m.person
        if m.role and m.role != "counterpart" and not p.role:
            p.role = m.role
        if m.country and not p.country:
            p.country = m.country
    persons.sort(key=lambda p: first_seen.get(order[id(p)], 1 << 30))
    # a lone capitalised word that never comes with a first name, title or country is not taken for a person
    lone = {id(p) for p in persons if " " not in p.name and not p.role and not p.country}
    persons = [p for p in persons if id(p) not in lone]
    raw = [m for m in raw if id(m.person) not in lone]
    for m in raw:
        if m.role == "counterpart" and m.person.role is None:
            m.person.role = "counterpart"
    return persons, raw
