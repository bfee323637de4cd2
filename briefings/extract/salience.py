"""The countries an article is about, ranked by salience.

Sides of its meetings and signings weigh most, then the title, then how often the body names a
country. Besides the sides, the list holds the main subject, every country the headline names, and
any country the body names often and about as often as the most named one (unless many countries
are, as in a roll-call); a country that is only a venue or a passing mention does not make the list.
"""

from __future__ import annotations

from briefings.extract.facts import ArticleFacts

EVENT_WEIGHT = {"meeting": 3.0, "visit": 2.0, "signing": 2.0}
TITLE_WEIGHT = 2.0
MENTION_WEIGHT = 0.5
MENTION_CAP = 3.0
#: A country that is no side of any event is kept only as the article's main subject, when it scores this much.
SUBJECT_MIN = 2.5
#: A country the body names at least this often, and at least this share as often as the most named one, is a subject too.
BODY_MIN = 3
BODY_SHARE = 0.5
#: More such countries than this make a list, not subjects.
MAX_FREQUENT = 3


def rank_countries(parsed, facts: ArticleFacts) -> None:
    """Fill ``facts.countries`` (ISO2, most salient first) and ``facts.country_salience``."""
    sides: dict[str, float] = {}
    for m in facts.meetings:
        for c in m.countries:
            sides[c] = sides.get(c, 0.0) + EVENT_WEIGHT["visit" if m.kind == "visit" else "meeting"] * m.confidence
    for s in facts.signings:
        for c in s.parties:
            sides[c] = sides.get(c, 0.0) + EVENT_WEIGHT["signing"] * s.confidence
    mentions: dict[str, float] = {}
    for s in parsed.entities.sides:
        if s.is_org:
            continue
        mentions[s.code] = mentions.get(s.code, 0.0) + (TITLE_WEIGHT if s.doc == 0 else MENTION_WEIGHT)
    for p in facts.persons:
        if p.country and len(p.country) == 2:
            mentions[p.country] = mentions.get(p.country, 0.0) + MENTION_WEIGHT * min(p.mentions, 4)
    score = {c: sides.get(c, 0.0) + min(mentions.get(c, 0.0), MENTION_CAP + TITLE_WEIGHT) for c in set(sides) | set(mentions)}
    chosen = [c for c in sides if _is_country(c)]
    ranked = sorted((c for c in mentions if _is_country(c)), key=lambda c: -mentions[c])
    if ranked and ranked[0] not in chosen and (not chosen or mentions[ranked[0]] >= SUBJECT_MIN):
        chosen.append(ranked[0])
    titled = {s.code for s in parsed.entities.sides if s.doc == 0}
    body = {}
    for s in parsed.entities.sides:
        if not s.is_org and s.doc > 0:
            body[s.code] = body.get(s.code, 0) + 1
    top = max(body.values(), default=0)
    frequent = [c for c in sorted(body) if c not in sides and c not in titled and _is_country(c)
                and body[c] >= BODY_MIN and body[c] >= BODY_SHARE * top]
    if len(frequent) > MAX_FREQUENT:
        frequent = []  # a roll-call of many countries (greetings, attendance lists) has no main subject among them
    chosen += [c for c in frequent + sorted(titled) if c not in chosen and _is_country(c)]  # and the headline's
    polled = [c for u in facts.upcoming if u.kind == "election" for c in _named_countries(u.event)]
    hosts = [u.location_country for u in facts.upcoming if u.location_country] if not sides else []
    chosen += [c for c in dict.fromkeys(polled + hosts) if c not in chosen and _is_country(c)]  # an election's country;
    # the host of a coming summit when no event has sides; a domestic story with no country named: its source's country
    home = parsed.entities.home
    if not chosen and home and _is_country(home):
        chosen.append(home)
    chosen.sort(key=lambda c: -score.get(c, 0.0))
    facts.countries = chosen
    facts.country_salience = {c: round(score[c], 2) for c in sorted(score, key=lambda c: -score[c])}


def _is_country(code: str) -> bool:
    """An ISO 3166-1 country code (not an organisation such as EU or UN)."""
    import pycountry

    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def _named_countries(name: str) -> list[str]:
    """Countries an event name names: "the Austrian general election" -> AT."""
    from briefings.extract.adapters import country_code

    return [c for c in (country_code(w) for w in name.replace("-", " ").split() if w[:1].isupper()) if c]
