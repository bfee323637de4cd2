"""Thin adapters over ``briefings.geo`` and ``briefings.extract.dates``.

Extraction calls only these functions, so it keeps working (with less coverage) while those
modules are missing or older than the shared contract.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)


def _clean(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    return _LEADING_THE.sub("", text).strip(" .,;:()[]\"“”")


@lru_cache(maxsize=20000)
def country_code(text: str) -> str | None:
    """ISO2 code for a country name, demonym, alias or code; None for anything else."""
    text = _clean(text)
    if not text or len(text) < 2:
        return None
    try:
        from briefings.geo import resolve_country
    except ImportError:
        resolve_country = None
    if resolve_country is not None:
        code = resolve_country(text)
        return code.upper() if code else None
    import countrynames

    if text.isupper() and len(text) <= 3 and text not in {"US", "UK", "EU", "UAE", "USA", "DPRK", "ROK"}:
        return None
    code = countrynames.to_code(text, fuzzy=False)
    return code if code and len(code) == 2 else None


@lru_cache(maxsize=2000)
def country_label(code: str) -> str:
    """A country's short English name."""
    try:
        from briefings.geo import country_name

        return country_name(code) or code
    except ImportError:
        import pycountry

        found = pycountry.countries.get(alpha_2=code)
        return getattr(found, "common_name", None) or (found.name if found else code)


def org_acronym(text: str) -> str | None:
    """Acronym of the international organisation ``text`` names or speaks for (via geo.resolve_org;
    an institution such as the European Commission stands for its organisation, ``data/org_sides.json``)."""
    try:
        from briefings.geo import resolve_org
    except ImportError:
        return None
    org = resolve_org(_clean(text))
    return _org_sides().get(org.acronym, org.acronym) if org else None


@lru_cache(maxsize=1)
def _org_sides() -> dict[str, str]:
    from briefings.extract.lexicon import read_json

    return read_json("org_sides.json")


def place_country(name: str, context: tuple[str, ...] = ()) -> str | None:
    """Country of a place (city, capital) read in the context of an article's countries."""
    code = country_code(name)
    if code:
        return code
    try:
        from briefings.geo import resolve_place
    except ImportError:
        return None
    place = resolve_place(_clean(name), context_countries=context)
    return place.country if place else None


def org_names() -> list[tuple[str, str]]:
    """(name or alias, acronym) pairs of known organisations, for the entity ruler."""
    try:
        from briefings.geo import all_orgs
    except ImportError:
        return []
    return [(form, org.acronym) for org in all_orgs() for form in org.surface_forms]


_ELIDED = re.compile(r"(?:^|\s)[a-z]['’]\w")


def elided_country_names() -> list[tuple[str, str]]:
    """(name, ISO2) of country names with an elided particle ("Côte d'Ivoire"), which the small
    model leaves untagged; the entity ruler tags them."""
    try:
        from briefings.geo import aliases_for, all_country_codes, country_name
    except ImportError:
        return []
    return sorted({(form, code) for code in all_country_codes() for form in (country_name(code), *aliases_for(code))
                   if _ELIDED.search(form) and all(ord(ch) < 0x250 for ch in form)})  # Latin script


@lru_cache(maxsize=4096)
def date_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, text) of each date expression in ``text`` (cached: a sentence is asked once per event word)."""
    try:
        from briefings.extract.dates import find_date_spans
    except ImportError:
        return ()
    return tuple((s.start, s.end, s.text) for s in find_date_spans(text))


@lru_cache(maxsize=4096)
def resolve(text: str, published: date, tense: str | None) -> tuple[date, date] | None:
    """The (first day, last day) a date expression means, read against the publication date."""
    try:
        from briefings.extract.dates import resolve_date
    except ImportError:
        return None
    found = resolve_date(text, published, tense)
    return (found.start, found.end) if found else None


#: Smallest population for a city name the model mislabelled to be read as a place.
CITY_MIN_POPULATION = 100_000


def is_city(name: str) -> bool:
    """Whether ``name`` is a capital or a sizeable city (geonames via geo.resolve_place)."""
    try:
        from briefings.geo import resolve_place
    except ImportError:
        return False
    place = resolve_place(_clean(name))
    return bool(place and (place.kind == "capital" or place.kind == "city" and (place.population or 0) >= CITY_MIN_POPULATION))


def institution_country(name: str) -> str | None:
    """The country a seat of government stands for ("the White House" -> US), or None."""
    try:
        from briefings.geo import institution_country as lookup
    except ImportError:
        return None
    return lookup(name)


def capital_country(name: str) -> str | None:
    """The country whose capital ``name`` is (None for other places)."""
    try:
        from briefings.geo import resolve_place
    except ImportError:
        return None
    place = resolve_place(_clean(name))
    return place.country if place and place.kind == "capital" else None
