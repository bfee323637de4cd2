"""briefings.geo: countries, organisations, places, suggestions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings import geo


@pytest.mark.parametrize(
    "text, code",
    [
        # names, official names, short forms
        ("Belarus", "BY"),
        ("Republic of Belarus", "BY"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("the United States", "US"),
        ("United States of America", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("United Kingdom", "GB"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Czechia", "CZ"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),
        ("Vatican", "VA"),
        ("Holy See", "VA"),
        ("Palestine", "PS"),
        ("Chad", "TD"),
        ("Georgia", "GE"),
        ("Jersey", "JE"),
        ("Guinea", "GN"),
        ("Equatorial Guinea", "GQ"),
        ("Papua New Guinea", "PG"),
        ("Niger", "NE"),
        ("Nigeria", "NG"),
        ("Democratic Republic of the Congo", "CD"),
        ("DR Congo", "CD"),
        ("Kosovo", "XK"),
        ("Myanmar", "MM"),
        ("Burma", "MM"),
        ("Viet Nam", "VN"),
        ("Laos", "LA"),
        ("Eswatini", "SZ"),
        ("North Macedonia", "MK"),
        ("the Netherlands", "NL"),
        ("THE UNITED STATES", "US"),
        ("belarus", "BY"),
        # codes, only in capitals
        ("US", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("USA", "US"),
        ("RUS", "RU"),
        ("BLR", "BY"),
        ("BY", "BY"),
        ("UAE", "AE"),
        ("PRC", "CN"),
        # demonyms and adjectives
        ("Belarusian", "BY"),
        ("Belarussian", "BY"),
        ("French", "FR"),
        ("Sri Lankan", "LK"),
        ("Emirati", "AE"),
        ("Kazakh", "KZ"),
        ("Uzbek", "UZ"),
        ("Kyrgyz", "KG"),
        ("Tajik", "TJ"),
        ("Azeri", "AZ"),
        ("Chinese", "CN"),
        ("American", "US"),
        ("British", "GB"),
        ("Iranian", "IR"),
        ("Saudi", "SA"),
        ("Dutch", "NL"),
        ("Lao", "LA"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("Dominican", "DO"),
        ("Congolese", "CD"),
        # Russian names, flags, possessives
        ("Беларусь", "BY"),
        ("Белоруссия", "BY"),
        ("Россия", "RU"),
        ("РФ", "RU"),
        ("США", "US"),
        ("Китай", "CN"),
        ("🇧🇾", "BY"),
        ("🇷🇺", "RU"),
        ("Russia's", "RU"),
        ("China’s", "CN"),
        ("  India  ", "IN"),
        # plural demonyms
        ("Belarusians", "BY"),
        ("Americans", "US"),
        ("Serbs", "RS"),
        ("Filipinos", "PH"),
        ("Sri Lankans", "LK"),
        ("Emiratis", "AE"),
    ],
)
def test_resolve_country(text, code):
    assert geo.resolve_country(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "us", "Us", "it", "in", "me", "uae",  # codes written in lower case are words
        "", "   ", None, "the", "Union", "Republic", "Democratic", "Kingdom", "Islands", "South",
        "Moscow", "Washington", "Brussels", "Geneva", "Tokyo",  # cities are places, not countries
        "New Jersey", "California",  # sub-national
        "Africa", "African", "European", "Asia",  # regions
        "Soviet Union", "Yugoslavia",  # former states have no current code
        "States", "member States",
        "🇿🇿", "xyzzy", "12345",
        "Turkeys", "Jerseys", "Guineas", "Islands",  # plurals of names (not demonyms) are words
        "English",  # a language far more often than a country
        "Here", "Iron", "Laws", "Maurice", "Kerry", "Misri",  # words and personal names that countrynames lists as aliases
    ],
)
def test_resolve_country_rejects_words_cities_and_regions(text):
    assert geo.resolve_country(text) is None


@pytest.mark.parametrize(
    "text, code",
    [("PM", "PM"), ("FM", "FM"), ("IT", "IT"), ("IN", "IN"), ("MP", "MP"), ("AI", "AI"), ("AND", "AD"), ("CAN", "CA"),
     ("AU", "AU")],
)
def test_codes_that_are_abbreviations_need_all_codes(text, code):
    """"PM" in news text is a prime minister; a user asking for a code still gets the country."""
    assert geo.resolve_country(text) is None
    assert geo.resolve_country(text, all_codes=True) == code
    assert geo.resolve_country(text.lower(), all_codes=True) is None


@pytest.mark.parametrize(
    "text, codes",
    [
        ("Russian-Belarusian", ["RU", "BY"]),
        ("India–Sri Lanka", ["IN", "LK"]),
        ("US/China", ["US", "CN"]),
        ("Sino-Russian", ["CN", "RU"]),
        ("Guinea-Bissau", ["GW"]),
        ("Belarus", ["BY"]),
        ("China-Africa", []),
        ("Indo-Pacific", []),
        ("", []),
        (None, []),
    ],
)
def test_resolve_countries_splits_compounds(text, codes):
    assert geo.resolve_countries(text) == codes


@pytest.mark.parametrize("code", geo.all_country_codes())
def test_every_curated_alias_resolves_back(code):
    preferred = json.loads((geo.DATA_DIR / "countries.json").read_text(encoding="utf-8"))["preferred"]
    aliases = geo.aliases_for(code)
    assert geo.country_name(code) in aliases
    for alias in aliases:
        expected = preferred.get(alias, code)  # "Dominican" is DO, not Dominica
        assert geo.resolve_country(alias) == expected, alias


@pytest.mark.parametrize(
    "code, name",
    [
        ("RU", "Russia"), ("BY", "Belarus"), ("US", "United States"), ("GB", "United Kingdom"),
        ("KR", "South Korea"), ("KP", "North Korea"), ("IR", "Iran"), ("VN", "Vietnam"), ("SY", "Syria"),
        ("TZ", "Tanzania"), ("BO", "Bolivia"), ("VE", "Venezuela"), ("MD", "Moldova"), ("LA", "Laos"),
        ("FR", "France"), ("XK", "Kosovo"), ("by", "Belarus"), ("ZZ", "ZZ"),
    ],
)
def test_country_name_is_short_common_name(code, name):
    assert geo.country_name(code) == name


@pytest.mark.parametrize(
    "code, emoji", [("BY", "🇧🇾"), ("us", "🇺🇸"), ("GB", "🇬🇧"), ("", ""), ("USA", ""), ("1A", ""), (None, "")]
)
def test_flag(code, emoji):
    assert geo.flag(code) == emoji


def test_flag_round_trips_through_resolve_country():
    for code in geo.all_country_codes():
        assert geo.resolve_country(geo.flag(code)) == code


@pytest.mark.parametrize(
    "code, adjective",
    [("BY", "Belarusian"), ("RU", "Russian"), ("FR", "French"), ("LK", "Sri Lankan"), ("AE", "Emirati"),
     ("KZ", "Kazakh"), ("US", "American"), ("GB", "British"), ("AQ", "Antarctica")],
)
def test_demonym(code, adjective):
    assert geo.demonym(code) == adjective


@pytest.mark.parametrize(
    "code, capital",
    [("BY", "Minsk"), ("RU", "Moscow"), ("KZ", "Astana"), ("LK", "Colombo"), ("US", "Washington"),
     ("ET", "Addis Ababa"), ("ZZ", None)],
)
def test_capital_of(code, capital):
    assert geo.capital_of(code) == capital


def test_russian_name_prefers_the_short_form():
    assert geo.russian_name("RU") == "Россия"
    assert geo.russian_name("US") == "США"
    assert geo.russian_name("FR") == "Франция"


@pytest.mark.parametrize(
    "text, acronym",
    [
        ("UN", "UN"), ("U.N.", "UN"), ("United Nations", "UN"), ("the United Nations", "UN"),
        ("EU", "EU"), ("European Union", "EU"), ("european union", "EU"),
        ("NATO", "NATO"), ("North Atlantic Treaty Organization", "NATO"),
        ("BRICS", "BRICS"), ("SCO", "SCO"), ("the Shanghai Cooperation Organization", "SCO"),
        ("Shanghai Cooperation Organisation", "SCO"), ("CSTO", "CSTO"), ("EAEU", "EAEU"),
        ("Eurasian Economic Union", "EAEU"), ("EEU", "EAEU"), ("CIS", "CIS"),
        ("Commonwealth of Independent States", "CIS"), ("OSCE", "OSCE"), ("ASEAN", "ASEAN"),
        ("ASEAN's", "ASEAN"), ("AU", "AU"), ("African Union", "AU"), ("G7", "G7"), ("G-7", "G7"),
        ("G20", "G20"), ("G-20", "G20"), ("Group of Twenty", "G20"), ("Union State", "Union State"),
        ("OTS", "OTS"), ("Organization of Turkic States", "OTS"), ("BIMSTEC", "BIMSTEC"), ("SAARC", "SAARC"),
        ("GCC", "GCC"), ("Arab League", "Arab League"), ("League of Arab States", "Arab League"),
        ("OIC", "OIC"), ("OPEC", "OPEC"), ("OPEC+", "OPEC+"), ("WHO", "WHO"),
        ("World Health Organization", "WHO"), ("IMF", "IMF"), ("World Bank", "World Bank"),
        ("WTO", "WTO"), ("IAEA", "IAEA"), ("CELAC", "CELAC"), ("OAS", "OAS"), ("Mercosur", "Mercosur"),
        ("MERCOSUR", "Mercosur"), ("APEC", "APEC"), ("ECOWAS", "ECOWAS"), ("SADC", "SADC"), ("IGAD", "IGAD"),
        ("CICA", "CICA"), ("Quad", "Quad"), ("the Quad", "Quad"), ("AUKUS", "AUKUS"), ("CARICOM", "CARICOM"),
        ("Pacific Islands Forum", "PIF"), ("Commonwealth", "Commonwealth"), ("Council of Europe", "CoE"),
        ("UNSC", "UNSC"), ("Security Council", "UNSC"), ("UN Security Council", "UNSC"),
        ("UNGA", "UNGA"), ("UN General Assembly", "UNGA"), ("IORA", "IORA"), ("Indian Ocean Rim", "IORA"),
        ("FOCAC", "FOCAC"), ("ШОС", "SCO"), ("ОДКБ", "CSTO"), ("BRICS+", "BRICS"), ("European Parliament", "EP"),
    ],
)
def test_resolve_org(text, acronym):
    org = geo.resolve_org(text)
    assert org is not None and org.acronym == acronym


@pytest.mark.parametrize("text", ["who", "nato", "quad", "commonwealth", "eu", "", None, "United Notions", "Union"])
def test_resolve_org_rejects_common_words(text):
    assert geo.resolve_org(text) is None


def test_org_names_are_not_read_as_countries():
    """"EC" is the European Commission and "AU" the African Union, not Ecuador and Australia."""
    shared_with_a_territory = {"GUAM"}  # the GUAM organisation and the island of Guam
    for org in geo.ORGS:
        for form in set(org.surface_forms) - shared_with_a_territory:
            assert geo.resolve_country(form) is None, form


def test_org_surface_forms_resolve_to_their_org():
    assert len(geo.ORGS) >= 40
    assert len({org.acronym for org in geo.ORGS}) == len(geo.ORGS), "acronyms must be unique keys"
    for org in geo.all_orgs():
        for form in org.surface_forms:
            assert geo.resolve_org(form) == org, form


@pytest.mark.parametrize(
    "name, context, expected",
    [
        ("Brest", ("BY",), ("Brest", "BY", "city")),
        ("Brest", ("FR",), ("Brest", "FR", "city")),
        ("Brest", ("PL", "BY"), ("Brest", "BY", "city")),
        ("Brest", (), ("Brest", "BY", "city")),  # the most populous without context
        ("Colombo", (), ("Colombo", "LK", "capital")),
        ("Colombo", ("BR",), ("Colombo", "BR", "city")),
        ("New Delhi", (), ("New Delhi", "IN", "capital")),
        ("Beijing", (), ("Beijing", "CN", "capital")),
        ("Astana", (), ("Astana", "KZ", "capital")),
        ("Tashkent", (), ("Tashkent", "UZ", "capital")),
        ("Addis Ababa", (), ("Addis Ababa", "ET", "capital")),
        ("Havana", (), ("Havana", "CU", "capital")),
        ("Brussels", (), ("Brussels", "BE", "capital")),
        ("Geneva", (), ("Geneva", "CH", "city")),
        ("Kazan", (), ("Kazan", "RU", "city")),
        ("Minsk", (), ("Minsk", "BY", "capital")),
        ("Moscow", (), ("Moscow", "RU", "capital")),
        ("Москва", (), ("Moscow", "RU", "capital")),
        ("Washington", (), ("Washington", "US", "capital")),
        ("Kiev", (), ("Kyiv", "UA", "capital")),
        ("Ulaanbaatar", (), ("Ulan Bator", "MN", "capital")),
        ("St. Petersburg", (), ("Saint Petersburg", "RU", "city")),
        ("The Hague", (), ("The Hague", "NL", "city")),
        ("Tripoli", ("LB",), ("Tripoli", "LB", "city")),
        ("Belarus", (), ("Belarus", "BY", "country")),
        ("Russia", ("BY",), ("Russia", "RU", "country")),
        ("California", (), ("California", "US", "admin")),
        ("Bavaria", (), ("Bavaria", "DE", "admin")),
        ("Bayern", (), ("Bavaria", "DE", "admin")),
        ("Tatarstan", (), ("Tatarstan", "RU", "admin")),
        ("Punjab", ("PK",), ("Punjab", "PK", "admin")),
        ("Punjab", ("IN",), ("Punjab", "IN", "admin")),
        ("Minsk's", (), ("Minsk", "BY", "capital")),
        ("Presidential Palace, Colombo", (), ("Colombo", "LK", "capital")),
        ("Brest, France", (), ("Brest", "FR", "city")),
        ("Paris, Texas", (), ("Paris", "US", "city")),
        ("the Kremlin, Moscow, Russia", (), ("Moscow", "RU", "capital")),
    ],
)
def test_resolve_place(name, context, expected):
    place = geo.resolve_place(name, context_countries=context)
    assert place is not None
    assert (place.name, place.country, place.kind) == expected


def test_resolve_place_population_and_misses():
    minsk = geo.resolve_place("Minsk")
    assert minsk.population > 1_000_000
    assert geo.resolve_place("Belarus").population > 1_000_000
    assert geo.resolve_place("Qwzxv") is None
    assert geo.resolve_place("") is None
    assert geo.resolve_place(None) is None
    assert geo.resolve_place(",") is None
    assert geo.resolve_place("Grand Hall, Nowhere") is None


@pytest.mark.parametrize(
    "typo, code",
    [("Belarsu", "BY"), ("Kazakstan", "KZ"), ("Frnace", "FR"), ("Uzbekstan", "UZ"), ("Venezeula", "VE"),
     ("Philipines", "PH")],
)
def test_country_suggestions_put_the_intended_country_first(typo, code):
    suggestions = geo.country_suggestions(typo)
    assert suggestions[0] == (code, geo.country_name(code))
    assert len(suggestions) <= 3
    assert len({c for c, _ in suggestions}) == len(suggestions)


def test_country_suggestions_limit_and_empty_input():
    assert len(geo.country_suggestions("Guinea", limit=5)) == 5
    assert geo.country_suggestions("") == []
    assert geo.country_suggestions("@@@") == []


def test_aliases_for_covers_names_demonym_and_russian():
    aliases = geo.aliases_for("BY")
    for expected in ("Belarus", "Belarusian", "Белоруссия", "Беларусь"):
        assert expected in aliases
    assert geo.aliases_for("ZZ") == []


@pytest.mark.parametrize(
    "text, key",
    [("The United States", "united states"), ("Côte d’Ivoire", "cote divoire"), ("  U.S.  ", "u s"),
     ("São Tomé", "sao tome")],
)
def test_normalize(text, key):
    assert geo.normalize(text) == key


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text):
    code = geo.resolve_country(text)
    assert code is None or code in geo.all_country_codes()
    assert all(c in geo.all_country_codes() for c in geo.resolve_countries(text))
    org = geo.resolve_org(text)
    assert org is None or org in geo.ORGS
    place = geo.resolve_place(text)
    assert place is None or place.kind in ("country", "capital", "city", "admin")
    assert len(geo.country_suggestions(text)) <= 3
