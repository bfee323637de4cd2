"""Digest, brief and calendar view models over a store filled per the extraction contract."""

from __future__ import annotations

from datetime import date

import pytest

from briefings.digest import PeriodError, build_brief, build_calendar, build_digest
from briefings.render import render
from factories import LAVROV, RYZHENKOV, FactBuilder, brest_week

DAY = "2024-11-23"


@pytest.fixture
def week(store):
    brest_week(store)
    return store


def test_one_meeting_reported_by_three_articles_appears_once_with_three_sources(week):
    digest = build_digest(week, day=DAY)
    brest = [i for i in digest.meetings if "Ryzhenkov" in i.title]
    assert len(brest) == 1
    item = brest[0]
    assert len(item.sources) == 3
    assert {s.published for s in item.sources} == {"2024-11-22", "2024-11-23"}
    assert item.status == "held"  # the latest report says it took place
    assert item.date_from == date(2024, 11, 22) and item.location == "Brest"
    assert [p.name for p in item.people] == ["Sergey Lavrov", "Maxim Ryzhenkov"]  # fullest name kept
    assert item.people[0].role == "Foreign Minister" and item.people[0].country == "RU"
    assert render(digest, "text").count("Lavrov – Ryzhenkov talks") == 1


def test_digest_sections(week):
    digest = build_digest(week, day=DAY)
    assert [i.title for i in digest.meetings] == ["Lavrov – Ryzhenkov talks", "Nurtleu – Saidov talks"]
    assert {i.document for i in digest.signings} == {
        "declaration on enhancing the role of international law",
        "roadmap on joint management of water resources",
    }
    assert [(i.title, i.when, i.planned) for i in digest.upcoming] == [
        ("Supreme State Council of the Union State meeting", "early Dec 2024", True)
    ]
    assert [(c.code, c.count) for c in digest.countries] == [("BY", 2), ("RU", 2), ("KZ", 1), ("UZ", 1)]
    assert digest.countries[0].flag == "🇧🇾" and digest.countries[0].name == "Belarus"
    assert digest.stories[0].title == "Lavrov and Ryzhenkov hold talks in Brest"
    assert all(s.published == DAY for s in digest.stories)
    assert digest.article_count == 3 and digest.period_key == DAY and not digest.empty


def test_meetings_of_different_people_or_kinds_stay_apart(store):
    facts = FactBuilder(store)
    a = facts.article("Ministers meet", DAY)
    b = facts.article("Ministers call", DAY)
    c = facts.article("Other talks", DAY)
    facts.meeting(a, [LAVROV, RYZHENKOV], ["RU", "BY"], date=DAY)
    facts.meeting(b, [LAVROV, RYZHENKOV], ["RU", "BY"], kind="call", date=DAY)
    facts.meeting(c, [LAVROV, ("Wang Yi", "Foreign Minister", "CN")], ["RU", "CN"], date=DAY)
    facts.meeting(c, [LAVROV, RYZHENKOV], ["RU", "BY"], date="2024-11-10")
    meetings = build_digest(store, day=DAY).meetings
    assert len(meetings) == 4
    assert all(len(m.sources) == 1 for m in meetings)


def test_signings_merge_by_parties_and_similar_documents(store):
    facts = FactBuilder(store)
    ids = [facts.article(f"Signing report {n}", DAY) for n in range(3)]
    facts.signing(ids[0], "declaration on enhancing the role of international law", ["RU", "BY"], date=DAY)
    facts.signing(ids[1], "bilateral declaration on enhancing the role of international law", ["BY", "RU"])
    facts.signing(ids[2], "agreement on visa-free travel", ["RU", "BY"], date=DAY)
    signings = build_digest(store, day=DAY).signings
    assert sorted(len(s.sources) for s in signings) == [1, 2]


def test_follows_come_first_and_only_follows_filters(week):
    digest = build_digest(week, day=DAY, follows=["Uzbekistan"])
    assert digest.meetings[0].title == "Nurtleu – Saidov talks" and digest.meetings[0].followed
    assert not digest.meetings[1].followed
    only = build_digest(week, day=DAY, follows=["🇺🇿"], only_follows=True)
    assert [i.title for i in only.meetings] == ["Nurtleu – Saidov talks"]
    assert len(only.signings) == 1 and only.upcoming == []
    by_person = build_digest(week, day=DAY, follows=["Lavrov"], only_follows=True)
    assert [i.title for i in by_person.meetings] == ["Lavrov – Ryzhenkov talks"]


def test_digest_day_defaults_to_today_in_the_time_zone(week):
    digest = build_digest(week, tz="Pacific/Kiritimati")
    assert digest.tz == "Pacific/Kiritimati" and digest.empty
    with pytest.raises(PeriodError, match="time zone"):
        build_digest(week, tz="Mars/Olympus")
    with pytest.raises(PeriodError, match="not a date"):
        build_digest(week, day="23/11/2024")


def test_empty_day_says_so(week):
    digest = build_digest(week, day="2024-11-01")
    assert digest.empty
    assert "No news for 1 Nov 2024." in render(digest, "text")


BELARUS_FORMS = ["Belarus", "belarus", "belarusian", "Belarusian", "BY", "BLR", "Беларусь", "Белоруссия", "🇧🇾",
                 "Republic of Belarus", "  Belarus  "]


@pytest.mark.parametrize("query", BELARUS_FORMS)
def test_alias_table_every_form_resolves_to_belarus(week, query):
    brief = build_brief(week, query, period="30d", today=DAY)
    assert brief.subject is not None and (brief.subject.kind, brief.subject.key) == ("country", "BY")
    assert brief.subject.label == "Belarus" and brief.subject.flag == "🇧🇾"
    assert [i.title for i in brief.meetings] == ["Lavrov – Ryzhenkov talks"]


def test_country_brief_contents(week):
    brief = build_brief(week, "Belarus", today=DAY)
    assert (brief.date_from, brief.date_to) == (date(2024, 11, 17), date(2024, 11, 23))
    assert len(brief.meetings) == 1 and len(brief.meetings[0].sources) == 3
    assert [s.document for s in brief.signings] == ["declaration on enhancing the role of international law"]
    assert [u.title for u in brief.upcoming] == ["Supreme State Council of the Union State meeting"]
    assert [(p.code, p.count) for p in brief.partners] == [("RU", 2)]
    assert brief.article_count == 3
    assert brief.headline == "1 meeting, 1 signing, 1 upcoming event, 3 articles"
    assert [q.text for q in brief.quotes] == ['Minsk called the visit "a milestone for Belarusian diplomacy" on Friday.']
    lavrov = build_brief(week, "Lavrov", today=DAY)
    assert [q.text for q in lavrov.quotes] == ['"We will coordinate closely," Lavrov said.']
    assert {a.title for a in brief.articles} == {
        "Russian minister to meet Belarusian counterpart", "Lavrov and Ryzhenkov hold talks in Brest", "Ministers meet at the border"
    }


def test_person_organisation_and_topic_briefs(week):
    facts = FactBuilder(week)
    a = facts.article("BRICS ministers gather", "2024-11-21", body="Sanctions were on the agenda of the BRICS meeting.")
    facts.meeting(a, [("Mauro Vieira", "Foreign Minister", "BR"), LAVROV], ["BR", "RU", "BRICS"], date="2024-11-21")

    lavrov = build_brief(week, "Lavrov", today=DAY)
    assert (lavrov.subject.kind, lavrov.subject.label) == ("person", "Sergey Lavrov")
    assert len(lavrov.meetings) == 2
    assert {p.code for p in lavrov.partners} == {"BY", "BR"}

    brics = build_brief(week, "BRICS", today=DAY)
    assert (brics.subject.kind, brics.subject.key) == ("org", "BRICS")
    assert [m.title for m in brics.meetings] == ["Vieira – Lavrov talks"]

    topic = build_brief(week, "sanctions", today=DAY)
    assert topic.subject.kind == "topic"
    assert [a.title for a in topic.articles] == ["BRICS ministers gather"]
    assert topic.article_count == 1 and len(topic.meetings) == 1


def test_unknown_query_gets_suggestions_and_a_useful_reply(week):
    brief = build_brief(week, "Belarsu", today=DAY)
    assert brief.subject is None and "Belarus" in brief.suggestions
    text = render(brief, "html")
    assert "Belarsu" in text and "Did you mean" in text and "/brief Belarus" in text
    person = build_brief(week, "Lavorv", today=DAY)
    assert person.subject is None and "Sergey Lavrov" in person.suggestions
    nothing = build_brief(week, "qqqzzzxx", today=DAY)
    assert nothing.subject is None and nothing.suggestions == []
    assert "Ask about a country" in render(nothing, "text")
    for hostile in ["", "   ", "\x00", "<b>", '"', "*", "AND OR NOT", "🙂"]:
        reply = render(build_brief(week, hostile, today=DAY), "text")
        assert reply.strip()


def test_empty_period_offers_a_longer_one(week):
    brief = build_brief(week, "Belarus", today="2025-01-10")
    assert brief.subject.key == "BY" and brief.empty
    assert brief.latest == date(2024, 11, 23) and brief.longer_period == "90d"
    assert "No news on Belarus" in render(brief, "text")
    assert "/brief Belarus 90d" in render(brief, "html")
    assert build_brief(week, "Belarus", period=brief.longer_period, today="2025-01-10").meetings
    never = build_brief(week, "Japan", today=DAY)
    assert never.empty and never.latest is None and never.longer_period is None


def test_brief_period_errors_are_period_errors(week):
    with pytest.raises(PeriodError):
        build_brief(week, "Belarus", period="soonish", today=DAY)


def test_calendar_all_and_per_country(week):
    everything = build_calendar(week, today=DAY)
    assert [i.title for i in everything.items] == ["Supreme State Council of the Union State meeting"]
    assert everything.items[0].when == "early Dec 2024"
    assert build_calendar(week, "BY", today=DAY).items == everything.items
    assert build_calendar(week, "Kazakhstan", today=DAY).empty
    assert build_calendar(week, today="2024-12-05").items  # still running
    assert build_calendar(week, today="2024-12-10").empty
    unknown = build_calendar(week, "Belarsu", today=DAY)
    assert unknown.country is None and "Belarus" in unknown.suggestions


def test_cancelled_and_planned_are_marked(store):
    facts = FactBuilder(store)
    a = facts.article("Summit called off", DAY)
    facts.upcoming(a, "Regional security forum", "2024-12-05", kind="forum", status="cancelled")
    facts.meeting(a, [LAVROV, RYZHENKOV], ["RU", "BY"], status="planned", date="2024-12-02")
    calendar = build_calendar(store, today=DAY)
    assert [(i.title, i.status_label) for i in calendar.items] == [
        ("Lavrov – Ryzhenkov talks", "planned"), ("Regional security forum", "cancelled")
    ]
    html = render(calendar, "html")
    assert "⏳ <i>planned</i>" in html and "❌ <i>cancelled</i>" in html


def test_queries_use_indexes_not_scans(week):
    """The brief's queries are index ranges; no full scan of articles, events or participants."""
    plans = []
    conn = week.conn

    def trace(statement):
        if statement.lstrip().lower().startswith("select") and "sqlite_master" not in statement:
            plans.append(statement)

    conn.set_trace_callback(trace)
    try:
        build_brief(week, "Belarus", period="30d", today=DAY)
        build_brief(week, "Lavrov", period="30d", today=DAY)
        build_digest(week, day=DAY)
    finally:
        conn.set_trace_callback(None)
    assert len(plans) > 8
    scans = []
    for statement in plans:
        for row in conn.execute("explain query plan " + statement):
            detail = row[-1]
            if detail.startswith("SCAN") and "VIRTUAL TABLE" not in detail and "CONSTANT ROW" not in detail:
                scans.append((detail, statement[:160]))
    assert scans == []


def test_a_later_undated_mention_is_old_news_not_a_new_meeting(week):
    facts = FactBuilder(week)
    later = facts.article("Brest declaration goes to the council", "2024-11-26", countries=("BY",))
    facts.meeting(later, [RYZHENKOV, LAVROV], ["BY", "RU"], date=None, location="Brest")
    assert build_digest(week, day="2024-11-26").meetings == []
    brief = build_brief(week, "Ryzhenkov", period="30d", today="2024-11-26")
    assert len(brief.meetings) == 1 and len(brief.meetings[0].sources) == 4
    assert brief.meetings[0].when == "22 Nov 2024"


def test_undated_items_show_when_they_were_reported(store):
    facts = FactBuilder(store)
    facts.signing(facts.article("Roadmap signed", DAY), "roadmap on water", ["KZ", "UZ"])
    assert build_digest(store, day=DAY).signings[0].when == "reported 23 Nov 2024"


def test_two_reports_from_one_outlet_are_told_apart_by_day(store):
    facts = FactBuilder(store)
    for day in ("2024-11-22", DAY):
        facts.meeting(facts.article(f"Talks report {day}", day, source="Wire"), [LAVROV, RYZHENKOV], ["RU", "BY"],
                      date="2024-11-22")
    facts.meeting(facts.article("Other outlet", DAY, source="Desk"), [LAVROV, RYZHENKOV], ["RU", "BY"], date="2024-11-22")
    [item] = build_digest(store, day=DAY).meetings
    assert [s.label for s in item.sources] == ["Wire (22 Nov)", "Wire (23 Nov)", "Desk"]


def test_the_same_people_in_the_same_place_within_a_week_are_one_meeting_dated_by_most_reports(week):
    facts = FactBuilder(week)
    later = facts.article("Brest talks recalled", "2024-11-25")
    facts.meeting(later, [LAVROV, RYZHENKOV], ["RU", "BY"], date="2024-11-25", location="Brest")  # a misdated mention
    elsewhere = facts.article("Ministers meet again in Minsk", "2024-11-25")
    facts.meeting(elsewhere, [LAVROV, RYZHENKOV], ["RU", "BY"], date="2024-11-25", location="Minsk")
    brief = build_brief(week, "Belarus", today="2024-11-25")
    assert [(m.location, m.when, len(m.sources)) for m in brief.meetings] == [("Minsk", "25 Nov 2024", 1), ("Brest", "22 Nov 2024", 4)]
    assert [m.location for m in build_digest(week, day="2024-11-25").meetings] == ["Minsk"]  # Brest is old news


@pytest.mark.parametrize("query, key", [("the UK", "GB"), ("us", "US"), ("by", "BY"), ("Russian Federation", "RU"),
                                         ("sco", "SCO"), ("Brics", "BRICS"), ("EU", "EU")])
def test_queries_people_type(store, query, key):
    from briefings.digest import resolve_subject

    assert resolve_subject(store, query).key == key


def test_suggestions_are_close_names_not_noise(week):
    from briefings.digest import suggestions

    assert suggestions(week, "Germny") [:1] == ["Germany"]
    assert suggestions(week, "Ryzhenkv") == ["Maxim Ryzhenkov"]
    assert suggestions(week, "Xi") == [] and suggestions(week, "zzzz") == []


def test_a_past_period_without_news_points_to_later_news(week):
    brief = build_brief(week, "Belarus", period="2024-10-01..2024-10-31", today="2024-11-30")
    assert brief.empty and brief.latest == date(2024, 11, 23) and brief.longer_period == "30d"
    assert "Nothing on Japan is stored yet." in render(build_brief(week, "Japan", today=DAY), "text")


def test_a_country_calendar_and_brief_show_every_report_of_a_gathering(week):
    facts = FactBuilder(week)
    other = facts.article("Council session dates set", DAY)
    facts.upcoming(other, "meeting of the Supreme State Council of the Union State", "2024-12-01", "2024-12-10")
    for view_items in (build_calendar(week, "Belarus", today=DAY).items, build_brief(week, "Belarus", today=DAY).upcoming):
        assert len(view_items) == 1 and len(view_items[0].sources) == 2


def test_digests_are_reused_until_the_facts_change(week):
    first = build_digest(week, day=DAY, tz="Europe/Minsk")
    again = build_digest(week, day=DAY, tz="Asia/Tokyo")
    assert again.meetings is first.meetings and (first.tz, again.tz) == ("Europe/Minsk", "Asia/Tokyo")
    assert build_digest(week, day=DAY, follows=["Belarus"]).meetings is not first.meetings
    facts = FactBuilder(week)
    facts.meeting(facts.article("Late news", DAY), [("Wang Yi", "Foreign Minister", "CN"), LAVROV], ["CN", "RU"], date=DAY)
    changed = build_digest(week, day=DAY)
    assert len(changed.meetings) == len(first.meetings) + 1


def test_calendars_are_reused_until_the_facts_change(week):
    first = build_calendar(week, today=DAY)
    assert build_calendar(week, today=DAY).items is first.items
    facts = FactBuilder(week)
    facts.upcoming(facts.article("Forum announced", DAY), "Regional energy forum", "2024-12-12", kind="forum")
    assert len(build_calendar(week, today=DAY).items) == len(first.items) + 1


def test_the_view_cache_can_be_switched_off(week, monkeypatch):
    from briefings.digest import builders

    monkeypatch.setattr(builders, "VIEW_CACHE", 0)
    assert build_digest(week, day=DAY).meetings is not build_digest(week, day=DAY).meetings


def test_the_garbage_collector_is_back_on_after_a_build_even_a_failed_one(week):
    import gc

    assert gc.isenabled()
    build_digest(week, day=DAY)
    with pytest.raises(PeriodError):
        build_brief(week, "Belarus", period="soonish", today=DAY)
    assert gc.isenabled()


def test_a_brief_without_extracted_facts_finds_articles_naming_the_subject(store, make_article):
    store.add_article(make_article(title="Minsk hosts regional forum", published=DAY,
                                   body="Belarus hosted a regional forum on transport in Minsk."))
    brief = build_brief(store, "Belarus", today=DAY)
    assert [a.title for a in brief.articles] == ["Minsk hosts regional forum"] and brief.article_count == 1
    assert "Minsk hosts regional forum" in render(brief, "text")
