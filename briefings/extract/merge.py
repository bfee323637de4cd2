"""One entry per distinct encounter, document or event, however many sentences mention it."""

from __future__ import annotations

import re
from datetime import date

from briefings.extract.facts import Meeting, Signing, Upcoming
from briefings.extract.lexicon import lexicon

_STOP = set("a an the of on in at to for and or with between by from as its their his her this that these those "
            "new be is are was were will about into over under two three both".split())


def title_words(text: str | None) -> set[str]:
    """Content words of a title, plural -s folded (the way titles are compared)."""
    out = set()
    for w in re.findall(r"[a-z0-9]+", (text or "").lower()):
        if w in _STOP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def similar_titles(a: str | None, b: str | None) -> bool:
    ta, tb = title_words(a), title_words(b)
    if not ta or not tb:
        return False
    inter = len(ta & tb)
    return inter >= min(2, len(ta), len(tb)) and inter / min(len(ta), len(tb)) >= 0.5


def _keys(m: Meeting) -> set[str]:
    return {p.key for p in m.participants}


def _title_only(m) -> bool:
    return all(e.start < 0 for e in m.evidence)


#: A meeting dated this many days before publication is an earlier encounter, not the story's own news.
EARLIER_ENCOUNTER_DAYS = 30


def _earlier(m: Meeting, published: str | None) -> bool:
    if not (m.date and published):
        return False
    try:
        return (date.fromisoformat(published[:10]) - date.fromisoformat(m.date)).days > EARLIER_ENCOUNTER_DAYS
    except ValueError:
        return False


def _different_places(a: Meeting, b: Meeting) -> bool:
    """Two venues that cannot be one: different cities or buildings (a whole country may hold either)."""
    from briefings.extract.adapters import country_code

    if any(m.location and country_code(m.location) for m in (a, b)):
        return False
    if a.location_country and b.location_country:
        return a.location_country != b.location_country
    if bool(a.location_country) != bool(b.location_country) and (a.evidence and b.evidence and a.evidence[0] == b.evidence[0]
                                                                 or _title_only(a) or _title_only(b)):
        return False  # "travel to Washington for a meeting at the White House": a venue in the city of its sentence or headline
    if a.location and b.location:
        la, lb = a.location.casefold(), b.location.casefold()
        return la not in lb and lb not in la
    return False


def _more_precise(a: Meeting, b: Meeting) -> bool:
    """Whether ``a`` is placed in a city or venue of the country ``b`` is only placed in ("Moscow" for "Russia")."""
    from briefings.extract.adapters import country_code

    return bool(a.location and b.location and country_code(b.location) and not country_code(a.location)
                and a.location_country == country_code(b.location))


def _same_status(a: Meeting, b: Meeting) -> bool:
    """Held with held, planned (or cancelled) with planned or cancelled."""
    return (a.status == "held") == (b.status == "held")


def _same_encounter(a: Meeting, b: Meeting, published: str | None = None) -> bool:
    if a.date and b.date and a.date != b.date:
        return False
    if _different_places(a, b):
        return False  # "received X in Berlin ... then flew to Kyiv, where they met Y"
    if _earlier(a, published) != _earlier(b, published) and not (a.date and b.date):
        return False  # today's visit and "their first meeting, on May 3 last year" are two encounters
    ka, kb = _keys(a), _keys(b)
    if not ka and _title_only(a) or not kb and _title_only(b):
        return set(a.countries) <= set(b.countries) or set(b.countries) <= set(a.countries)
    if ka and kb:
        small, large = (a, b) if len(ka) <= len(kb) else (b, a)
        ks, kl = _keys(small), _keys(large)
        if not ks <= kl:
            return len(ks & kl) >= 2
        if len(ks) >= 2:
            return True
        return set(small.countries) <= set(large.countries) or not small.countries
    if not ka and not kb:
        return set(a.countries) == set(b.countries)
    return False


def _absorb(into: Meeting, other: Meeting, keep_status: bool = False, published: str | None = None) -> None:
    for p in other.participants:
        if p not in into.participants:
            into.participants.append(p)
    for c in other.countries:
        if c not in into.countries:
            into.countries.append(c)
    moved = [m for m in (into, other) if m.status == "planned" and m.date and m.date >= (published or "")[:10]]
    if "cancelled" in (into.status, other.status) and moved and not keep_status:
        into.status, into.date = "planned", moved[0].date  # "postponed until May 3": moved to a new day
    elif other.status == "cancelled" and not keep_status:
        into.status = "cancelled"
    elif (_title_only(into) and not _title_only(other) or into.from_trip and not other.from_trip) and not keep_status:
        into.status = other.status  # the meeting's own words say more than a headline or the trip
        into.date = other.date or into.date if into.from_trip else into.date
    into.from_trip = into.from_trip and other.from_trip
    into.date = into.date or other.date
    if not into.location or (_title_only(into) and other.location) or _more_precise(other, into):
        into.location, into.location_country = other.location or into.location, other.location_country or into.location_country
    into.evidence += [e for e in other.evidence if all(e.start != x.start for x in into.evidence)]
    into.confidence = min(0.95, max(into.confidence, other.confidence) + 0.1)


def merge_meetings(found: list[Meeting], published: str | None = None) -> list[Meeting]:
    """Merge mentions of the same encounter; fold a trip into the talks held during it."""
    order = sorted(found, key=lambda m: _title_only(m))
    talks: list[Meeting] = []
    visits: list[Meeting] = []
    for m in order:
        pool = visits if m.kind == "visit" else talks
        for e in pool:
            if m.kind == "visit":
                same = e.participants[0] is m.participants[0] and e.host == m.host
            else:
                same = _same_encounter(e, m, published)
                if same and e.kind != m.kind and e.status != m.status and not (_title_only(e) or _title_only(m)):
                    same = False  # "spoke by phone ... agreed to meet at the summit": a call and a planned meeting
            if same:
                if e.kind != m.kind and "call" in (e.kind, m.kind):
                    e.kind = "call"
                _absorb(e, m, published=published)
                if e.kind == "call":  # a phone call has no venue
                    e.location = e.location_country = None
                break
        else:
            pool.append(m)
    kept_visits = []
    for v in visits:
        visitor = v.participants[0]
        host = [t for t in talks if visitor in t.participants and t.kind == "talks"
                and (v.host in t.countries or any(p.country is None for p in t.participants if p is not visitor))
                and t.location_country in (None, v.host)]  # talks held elsewhere are another trip
        if host:
            t = host[0]
            unknown = [p for p in t.participants if p.country is None and p is not visitor]
            if v.host not in t.countries and len(unknown) == 1:  # the person met on a trip to C is from C
                unknown[0].country = v.host
                t.countries.append(v.host)
            if v.location and (not t.location or _more_precise(v, t)):
                t.location, t.location_country = v.location, v.location_country
            if v.status == "cancelled" and t.status == "planned":
                t.status = "cancelled"
            t.evidence += v.evidence
            for other in host[1:]:  # the trip's other talks with people of C took place in C too
                if not other.location and v.location and v.host in other.countries and _same_status(other, v):
                    other.location, other.location_country = v.location, v.location_country
            continue
        kept_visits.append(v)
    result = [m for m in talks + kept_visits if not _title_only(m) or len(m.participants) >= 2
              or m.kind != "visit" and m.participants and len(m.countries) >= 2]  # "Telephone conversation with X"
    for m in result:  # "his Belarusian counterpart X": X holds the other side's office
        for p in m.participants:
            if p.role == "counterpart":
                others = {o.role for o in m.participants if o is not p and o.role and o.role != "counterpart"}
                if len(others) == 1:
                    p.role = others.pop()
    cancelled = {p.key for m in result if m.status == "cancelled" for p in m.participants}
    for m in result:
        if m.status == "planned" and cancelled & _keys(m):
            m.status = "cancelled"
    return result


#: Document words that name the same kind of document ("MoU" and "memorandum", "deal" and "agreement").
DOCUMENT_KINDS = {"mou": "memorandum", "memoranda": "memorandum", "memorandae": "memorandum", "accord": "agreement",
                  "deal": "agreement", "pact": "agreement", "arrangement": "agreement", "communique": "communiqué",
                  "program": "programme", "road": "roadmap"}


def _kinds(words: set[str]) -> set[str]:
    documents = lexicon().documents
    return {DOCUMENT_KINDS.get(w, w) for w in words if w in documents or w in DOCUMENT_KINDS}


def _two_titles(wa: set[str], wb: set[str]) -> bool:
    """Two titles of different kinds ("Treaty on X" and "Declaration on X") or two long titles sharing only
    their generic half ("Protocol on cooperation in X between A and B", "protocol of the commission on
    cooperation between A and B") name two documents."""
    ka, kb = _kinds(wa), _kinds(wb)
    if ka and kb and not ka & kb:
        return True
    return min(len(wa), len(wb)) >= 5 and len(wa & wb) < 0.5 * max(len(wa), len(wb))


def merge_signings(found: list[Signing]) -> list[Signing]:
    """One entry per document: similar titles with parties that do not contradict."""
    for s in found:  # titles broken across lines in the source read as one line
        s.document = " ".join(s.document.split())
    order = sorted(found, key=lambda s: _title_only(s))
    out: list[Signing] = []
    for s in order:
        for e in out:
            headline = _title_only(s) or _title_only(e)  # a headline's parties are a guess: its document decides
            if e.parties and s.parties and not headline and not (
                    set(e.parties) <= set(s.parties) or set(s.parties) <= set(e.parties)):
                continue
            wa, wb = title_words(e.document), title_words(s.document)
            same_sentence = bool(e.evidence and s.evidence and e.evidence[0] == s.evidence[0])
            if wa and wb and (wa <= wb or wb <= wa) or similar_titles(e.document, s.document) and len(wa & wb) >= 2 \
                    and not same_sentence and not _two_titles(wa, wb):  # two documents named in one sentence are two
                if len(s.document) > len(e.document) and not _title_only(s):
                    e.document = s.document
                if not headline or not e.parties:
                    e.parties = list(dict.fromkeys(e.parties + s.parties))
                e.date = e.date or s.date
                e.evidence += s.evidence
                break
        else:
            out.append(s)
    return _without_references(out)


#: Words that make a described document a reference to one named elsewhere ("a declaration dedicated to this date").
REFERRING_WORDS = frozenset({"this", "that", "these", "those"})


def _without_references(signings: list[Signing]) -> list[Signing]:
    """A described document pointing back with "this"/"that" is the one named document of its kind."""
    out = []
    for s in signings:
        words = s.document.lower().split()
        kinds = _kinds(title_words(s.document))
        same = [e for e in signings if e is not s and kinds & _kinds(title_words(e.document))]
        if set(words[1:]) & REFERRING_WORDS and not any(w[:1].isupper() for w in s.document.split()) and len(same) == 1:
            same[0].evidence += s.evidence
            continue
        out.append(s)
    return out


def merge_upcoming(found: list[Upcoming]) -> list[Upcoming]:
    """One entry per event: similar names, or the same start day."""
    order = sorted(found, key=lambda u: _title_only(u))
    out: list[Upcoming] = []
    for u in order:
        for e in out:
            if _different_countries(e.event, u.event):
                continue  # "the Austrian general election" and "the German regional elections" in September
            described = [x for x in (e, u) if not any(w[:1].isupper() for w in x.event.split())]
            if similar_titles(e.event, u.event) or (e.date_from == u.date_from and _name_words(e.event) & _name_words(u.event)) \
                    or (described and (e.date_from, e.date_to) == (u.date_from, u.date_to)):
                if described and described[0] is e:  # "a special summit" and its name the same days: keep the name
                    e.event, e.kind = u.event, u.kind
                e.location = e.location or u.location
                e.location_country = e.location_country or u.location_country
                e.evidence += u.evidence
                break
        else:
            out.append(u)
    return out


def _different_countries(a: str, b: str) -> bool:
    """Whether two event names each name a country ("Austrian", "German") and no country is common."""
    from briefings.extract.adapters import country_code

    ca, cb = ({country_code(w) for w in name.split() if w[:1].isupper()} - {None} for name in (a, b))
    return bool(ca and cb and not ca & cb)


def _name_words(name: str) -> set[str]:
    """Title words of an event name without the kind of event: "U.S.-ASEAN Summit" and "East Asia Summit" share none."""
    from briefings.extract.lexicon import lexicon

    return title_words(name) - {title_words(w).pop() for w in lexicon().events["upcoming_nouns"] if title_words(w)}
