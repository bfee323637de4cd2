#!/usr/bin/env python3
"""Mine extraction errors at scale: run the extractor over the unlabeled real-news corpus and write,
for review, what it seems to miss, what looks suspect, and a sample of meetings to judge by hand.

Usage:
    python bench/mine_corpus.py [--corpus PATH] [--out DIR] [--limit N] [--sample SEED] [--batch N]

Reads ``../shared/corpus/real-news.jsonl`` next to the repo (one article a line: id, title, published,
source_name, body), extracts the articles in batches (the same ``parse_articles`` + ``extract_parsed``
steps as ``extract_many``, keeping spaCy's sentences, so "a sentence" here is the extractor's own
sentence and evidence offsets line up exactly) and writes into ``--out`` (default ``bench/out/mining/``,
gitignored):

- ``misses.jsonl`` / ``misses.md``: sentences with a meeting, visit, call or signing word (``TRIGGERS``)
  and a named person, country or nationality, that no extracted fact's evidence covers (with how many
  facts the article has, and whether the sentence names one of its meeting participants);
- ``suspects.md``: extracted facts with a single side, a domestic pair (every side the same country),
  or no date;
- ``sample_meetings.md``: a fixed-seed random sample of extracted meetings with their evidence sentence,
  article title and date and the extracted record, one checkbox line each for judging by hand.

Prints the extraction rate and the counts per category and per source_name. ``--limit N`` takes the first
N articles (with ``--sample SEED``: N articles drawn at random with that seed).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real-news.jsonl"
DEFAULT_OUT = REPO / "bench" / "out" / "mining"

#: Words that announce a meeting, visit, call or signing (matched case-insensitively on word bounds).
TRIGGERS = re.compile(
    r"\b(?:met|meet|meets|meeting|meetings|talks|negotiations|visit|visits|visited|visiting|tour"
    r"|call|calls|phone|telephone|spoke|conversation|video\s*conference|video\s*link"
    r"|received|hosted|counterpart|summit|signed|signing|sign|agreement|agreements"
    r"|memorandum|memoranda|mous?|accord|treaty|protocol)\b",
    re.IGNORECASE,
)

#: Entity labels that make a trigger sentence worth a look (someone or some country is named).
NAMED = {"PERSON", "GPE", "NORP"}


def trigger_words(sentence: str) -> list[str]:
    """The trigger words of ``sentence``, lower-cased, in order."""
    return [" ".join(m.group(0).lower().split()) for m in TRIGGERS.finditer(sentence)]


def sides(fact) -> set[str]:
    """The sides of a meeting (its countries and organisations) or of a signing (its parties)."""
    if hasattr(fact, "parties"):
        return set(fact.parties)
    return set(fact.countries) | set(getattr(fact, "orgs", ()))


def is_domestic(meeting) -> bool:
    """Two or more participants, every one of a known country, all the same, and no organisation or
    other country on the meeting: a minister and a governor, not diplomacy."""
    known = {p.country for p in meeting.participants if p.country}
    if len(meeting.participants) < 2 or len(known) != 1 or any(not p.country for p in meeting.participants):
        return False
    return set(meeting.countries) <= known and not meeting.orgs


def suspect_reasons(fact) -> list[str]:
    """Why an extracted meeting or signing looks suspect: single side, domestic pair, no date."""
    reasons = []
    if hasattr(fact, "participants") and is_domestic(fact):
        reasons.append("domestic pair")
    elif len(sides(fact)) < 2:
        reasons.append("single side")
    if not fact.date:
        reasons.append("no date")
    return reasons


def covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether any evidence span overlaps the body range [start, end)."""
    return any(s < end and start < e for s, e in spans)


@dataclass
class Tally:
    """Counts per source_name."""

    rows: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, source: str, key: str, n: int = 1) -> None:
        self.rows[source][key] += n
        self.rows["all"][key] += n

    def table(self, keys: list[str]) -> str:
        width = max(len(s) for s in self.rows) + 2
        cols = [max(8, len(k)) + 2 for k in keys]
        lines = [f"{'source_name':<{width}}" + "".join(f"{k:>{c}}" for k, c in zip(keys, cols))]
        for source in sorted(self.rows, key=lambda s: (s == "all", -self.rows[s]["articles"], s)):
            lines.append(f"{source:<{width}}" + "".join(f"{self.rows[source][k]:>{c}}" for k, c in zip(keys, cols)))
        return "\n".join(lines)


def load_corpus(path: Path, limit: int | None, seed: int | None) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if seed is not None:
        random.Random(seed).shuffle(rows)
    return rows[:limit] if limit else rows


def as_input(row: dict) -> dict:
    return {"title": row.get("title") or "", "published": row.get("published") or "",
            "body": row.get("body") or "", "source": row.get("source_name")}


def mine(rows: list[dict], nlp, batch: int, progress: bool = True):
    """Extract ``rows`` in batches with the spaCy pipeline ``nlp``; yield (row, parsed article, facts) for each."""
    from tqdm import tqdm

    from briefings.extract.pipeline import extract_parsed, parse_articles

    with tqdm(total=len(rows), unit="art", disable=not progress) as bar:
        for at in range(0, len(rows), batch):
            chunk = rows[at:at + batch]
            for row, parsed in zip(chunk, parse_articles([as_input(r) for r in chunk], nlp, batch_size=batch)):
                yield row, parsed, extract_parsed(parsed)
                bar.update(1)


def article_misses(parsed, facts) -> list[dict]:
    """Trigger sentences with a named entity that no fact's evidence covers, each with how many facts its
    article has and whether it names a person already among the article's meeting participants (then it
    is more likely another mention of an encounter that was found)."""
    facts_all = [*facts.meetings, *facts.signings, *facts.upcoming]
    surnames = {p.surname for m in facts.meetings for p in m.participants}
    spans = [(e.start, e.end) for f in facts_all for e in f.evidence if e.start >= 0]
    title_texts = {e.text for f in facts_all for e in f.evidence if e.start < 0}
    out = []
    for d, doc in enumerate(parsed.docs):
        inserted = doc.user_data.get("_inserted", ())
        for sent in doc.sents:
            words = trigger_words(sent.text)
            if not words or not any(ent.label_ in NAMED for ent in sent.ents):
                continue
            if d == 0:
                if sent.text in title_texts:
                    continue
            else:
                start = parsed.offsets[d] + sent.start_char - sum(1 for p in inserted if p < sent.start_char)
                end = parsed.offsets[d] + sent.end_char - sum(1 for p in inserted if p < sent.end_char)
                if covered(start, end, spans):
                    continue
            known = any(ent.label_ == "PERSON" and ent.text.split()[-1].casefold() in surnames for ent in sent.ents)
            out.append({"words": words, "sentence": " ".join(sent.text.split()), "in_title": d == 0,
                        "article_facts": len(facts_all), "names_a_participant": known})
    return out


def evidence_text(fact, title: str) -> str:
    texts = [" ".join(e.text.split()) for e in fact.evidence]
    return " … ".join(texts) if texts else f"(no evidence; title: {title})"


def record_line(fact) -> str:
    rec = fact.record()
    rec.pop("evidence", None)
    return json.dumps(rec, ensure_ascii=False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"JSONL corpus (default: {DEFAULT_CORPUS})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--limit", type=int, help="at most this many articles (default: all)")
    parser.add_argument("--sample", type=int, metavar="SEED", help="draw the articles at random with this seed")
    parser.add_argument("--batch", type=int, default=32, help="articles parsed per batch (default: 32)")
    parser.add_argument("--judge", type=int, default=100, help="meetings in the hand-judging sample (default: 100)")
    parser.add_argument("--judge-seed", type=int, default=11, help="seed of the hand-judging sample (default: 11)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    rows = load_corpus(args.corpus, args.limit, args.sample)
    args.out.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    misses, suspects, meetings = [], [], []
    from briefings.nlp import load_model

    nlp = load_model()  # loaded before the clock starts: the rate is extraction only
    start = time.perf_counter()
    for row, parsed, facts in mine(rows, nlp, args.batch, progress=not args.no_progress):
        aid, source, title = row.get("id"), row.get("source_name") or "?", row.get("title") or ""
        tally.add(source, "articles")
        tally.add(source, "meetings", len(facts.meetings))
        tally.add(source, "signings", len(facts.signings))
        tally.add(source, "upcoming", len(facts.upcoming))
        for miss in article_misses(parsed, facts):
            misses.append({"id": aid, "source_name": source, **miss})
            tally.add(source, "misses")
            if not miss["article_facts"]:
                tally.add(source, "miss, no fact")
            elif not miss["names_a_participant"]:
                tally.add(source, "miss, new name")
        for kind, items in (("meeting", facts.meetings), ("signing", facts.signings)):
            for fact in items:
                reasons = suspect_reasons(fact)
                for reason in reasons:
                    tally.add(source, reason)
                if reasons:
                    suspects.append((reasons, kind, aid, source, title, evidence_text(fact, title), record_line(fact)))
        for fact in facts.meetings:
            meetings.append((aid, source, title, row.get("published"), evidence_text(fact, title), record_line(fact)))
    elapsed = time.perf_counter() - start

    write_misses(args.out, misses)
    write_suspects(args.out, suspects)
    sample = random.Random(args.judge_seed).sample(meetings, min(args.judge, len(meetings)))
    write_sample(args.out, sample, args.judge_seed, len(meetings))

    n = len(rows)
    print(f"{n} articles in {elapsed:.0f} s: {n / elapsed:.2f} articles/s "
          f"(whole corpus of 2,380 at this rate: {2380 / (n / elapsed) / 60:.0f} min)")
    print(tally.table(["articles", "meetings", "signings", "upcoming", "misses", "miss, no fact",
                       "miss, new name", "single side", "domestic pair", "no date"]))
    print("(miss, no fact: in an article with no fact at all; miss, new name: in an article with facts,"
          " naming no person among its meeting participants)")
    words = Counter(w for m in misses for w in set(m["words"]))
    print("misses by trigger word:", ", ".join(f"{w} {c}" for w, c in words.most_common(20)))
    print(f"written to {args.out}: misses.jsonl, misses.md, suspects.md, sample_meetings.md")
    return 0


def write_misses(out: Path, misses: list[dict]) -> None:
    with (out / "misses.jsonl").open("w", encoding="utf-8") as fh:
        for miss in misses:
            fh.write(json.dumps(miss, ensure_ascii=False) + "\n")
    lines = [f"# Trigger sentences with no fact ({len(misses)})", "",
             ("Tags: (title) the sentence is the title; (no fact) its article has no fact at all;"
              " (participant) it names a person among the article's meeting participants."), ""]
    for miss in misses:
        tags = "".join(f" ({tag})" for tag, on in (("title", miss["in_title"]), ("no fact", not miss["article_facts"]),
                                                    ("participant", miss["names_a_participant"])) if on)
        lines.append(f"- **{miss['id']}** ({miss['source_name']}) [{', '.join(miss['words'])}]{tags}: {miss['sentence']}")
    (out / "misses.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_suspects(out: Path, suspects: list[tuple]) -> None:
    lines = [f"# Suspect facts ({len(suspects)})", ""]
    for reasons, kind, aid, source, title, evidence, record in suspects:
        lines += [f"- **{aid}** ({source}) {kind} — {', '.join(reasons)} — {title}",
                  f"  - evidence: {evidence}", f"  - record: `{record}`"]
    (out / "suspects.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_sample(out: Path, sample: list[tuple], seed: int, total: int) -> None:
    lines = [f"# {len(sample)} extracted meetings to judge (seed {seed}, drawn from {total})", "",
             "Mark each: [x] correct, or [ ] wrong with why (participants, countries, kind, status, date).", ""]
    for i, (aid, source, title, published, evidence, record) in enumerate(sample, 1):
        lines += [f"## {i}. {aid} ({source}, {published})", f"Title: {title}", "",
                  f"> {evidence}", "", f"`{record}`", "", "- [ ] correct / [ ] wrong — why:", ""]
    (out / "sample_meetings.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
