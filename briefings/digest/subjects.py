"""What a query names: a country, an organisation, a person in the store or a full-text topic.

Countries resolve through ``briefings.geo`` (names, official names, codes, demonyms, Russian
names, flags); people through full-text search over stored entity names (a surname is enough);
anything else is a topic when articles mention it. Unknown queries get "did you mean" suggestions.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz, process

from briefings import geo
from briefings.digest.facts import clean, rows
from briefings.digest.views import Subject
from briefings.store import fts_queries

_WORD = re.compile(r"\w+")
_SUGGESTION_POOL = 20000
_CUTOFF = 70
_THE = re.compile(r"^the\s+", re.IGNORECASE)


def resolve_subject(store, query: str) -> Subject | None:
    """The subject ``query`` names, or None when nothing in the store or the gazetteers matches."""
    text = clean(query, 200)
    if not _WORD.search(text) and not geo.resolve_country(text):
        return None
    return (
        _country(store, text)
        or _organisation(store, text)
        or _person(store, text)
        or _topic(store, text)
    )


def _entity_ids(store, kind: str, key: str) -> tuple[int, ...]:
    return tuple(r[0] for r in store.conn.execute("select id from entities where kind = ? and key = ?", [kind, key]))


def _country(store, text: str) -> Subject | None:
    bare = _THE.sub("", text)
    code = geo.resolve_country(text) or geo.resolve_country(bare)
    if not code and bare.isalpha() and len(bare) in (2, 3):  # "by", "blr": codes typed in lower case
        code = geo.resolve_country(bare.upper())
    if not code:
        return None
    return Subject("country", code, geo.country_name(code), geo.flag(code), _entity_ids(store, "country", code))


def _organisation(store, text: str) -> Subject | None:
    org = geo.resolve_org(text)
    if org is None and len(text) <= 8 and " " not in text:
        org = geo.resolve_org(text.upper())
    if org is not None:
        return Subject("org", org.acronym, org.acronym, "", _entity_ids(store, "org", org.acronym))
    ids = _entity_ids(store, "org", text.upper())
    return Subject("org", text.upper(), text.upper(), "", ids) if ids else None


def _person(store, text: str) -> Subject | None:
    words = [w.casefold() for w in _WORD.findall(geo.normalize(text))]
    if not words:
        return None
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    found = rows(
        store,
        "select en.id, en.name, en.key from entities_fts f cross join entities en on en.id = f.rowid "
        "where entities_fts match ? and en.kind = 'person' limit 50",
        [match],
    )
    found = [r for r in found if set(words) <= set(_WORD.findall(geo.normalize(r["name"]).casefold()))]
    if not found:
        return None
    names = Counter(r["name"] for r in found)
    label = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n)))
    return Subject("person", found[0]["key"], label, "", tuple(r["id"] for r in found))


def _topic(store, text: str) -> Subject | None:
    for fts_query in fts_queries(text):
        hit = store.conn.execute("select rowid from articles_fts where articles_fts match ? limit 1", [fts_query]).fetchone()
        if hit:
            return Subject("topic", fts_query, text)
    return None


def suggestions(store, query: str, limit: int = 3) -> list[str]:
    """Names close to a misspelt query: countries, organisations and stored people."""
    text = clean(query, 200)
    if not _WORD.search(text):
        return []
    found: list[tuple[float, str]] = []
    for _code, name in geo.country_suggestions(text, limit=limit):
        score = fuzz.QRatio(text, name, processor=str.casefold)
        if score >= _CUTOFF:
            found.append((score, name))
    choices = {org.acronym for org in geo.all_orgs()} | {org.name for org in geo.all_orgs()}
    choices |= {
        r[0]
        for r in store.conn.execute(
            "select name from entities where kind in ('person', 'country', 'org') order by id desc limit ?", [_SUGGESTION_POOL]
        )
        if r[0]
    }
    surnames = {name.split()[-1]: name for name in choices if " " in name}
    pool = sorted(choices | set(surnames))
    for choice, score, _ in process.extract(text, pool, scorer=fuzz.QRatio, processor=str.casefold, limit=limit * 3, score_cutoff=_CUTOFF):
        found.append((score, surnames.get(choice, choice)))
    result: list[str] = []
    for _score, name in sorted(found, key=lambda pair: -pair[0]):
        if name not in result and name.casefold() != text.casefold():
            result.append(name)
    return result[:limit]
