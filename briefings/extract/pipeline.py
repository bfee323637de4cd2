"""The extraction pipeline: spaCy over title and paragraphs, then entities, events and countries."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Iterable, Iterator

from spacy.tokens import Doc

from briefings.extract import adapters
from briefings.extract.adapters import elided_country_names, org_names
from briefings.extract.entities import EntityIndex, find_mentions, home_country
from briefings.extract.facts import ArticleFacts
from briefings.models import Article, split_paragraphs

log = logging.getLogger(__name__)

#: At most this many characters of an article's body are parsed, cut at a paragraph boundary (a sentence
#: or a space inside a paragraph longer than that); the stored body stays whole. Keeps the time and
#: memory of one article bounded (a 20 MB text file otherwise takes minutes and gigabytes).
MAX_EXTRACT_CHARS = 100_000
#: The same for the title (a file whose "title" line is the whole text).
MAX_EXTRACT_TITLE_CHARS = 1_000

#: Line breaks and no-break spaces inside a paragraph, read as spaces (same length: body offsets hold).
_LINE_WRAP = str.maketrans({"\r": " ", "\xa0": " ", "\t": " "})
#: A line break inside a paragraph that does not start a list item ("- ", "• ", "2. ") or follow a sentence's end.
_WRAPPED_LINE = re.compile(r"(?<![.!?:;])\n(?![ \t]*(?:[-–—•*·▪]|\(?\d{1,2}[.)])\s)")
#: Words of a run-in section heading glued to the next sentence ("Background?The ...").
_RUN_IN = re.compile(r"([a-z][?.!])(?=[A-Z])")


@dataclass
class ParsedArticle:
    """An article with its title and body paragraphs parsed; ``offsets[i]`` is where docs[i] starts in the body."""

    article: Article
    docs: list[Doc]  # docs[0] is the title, docs[1:] the body paragraphs
    offsets: list[int]
    entities: EntityIndex | None = None

    @property
    def published(self) -> date:
        """The publication day relative dates are read against (today when the article gives none)."""
        try:
            return date.fromisoformat(str(self.article.published or "")[:10])
        except ValueError:
            return date.today()


def as_article(article: Article | dict) -> Article:
    """An Article from an Article or a dict with title, published and body."""
    if isinstance(article, Article):
        return article
    return Article(
        title=str(article.get("title") or ""),
        published=str(article.get("published") or "")[:10],
        body=str(article.get("body") or ""),
        source=article.get("source"),
        url=article.get("url"),
    )


def paragraph_texts(article: Article) -> tuple[list[str], list[int], list[list[int]]]:
    """Body paragraphs (run-in headings split off with a space), their offsets in the body, and where
    in each paragraph text a space was inserted (to map positions back to the body)."""
    texts, offsets, inserted, pos = [], [], [], 0
    for block in split_paragraphs(article.body):
        found = article.body.find(block, pos)
        found = pos if found < 0 else found
        pos = found + len(block)
        for start, para in _list_items(block):  # each list item read on its own
            at = found + start
            para = _WRAPPED_LINE.sub(" ", para).translate(_LINE_WRAP)  # hard-wrapped lines ("King X II\nof Jordan") as one
            spaces = [m.end() + n for n, m in enumerate(_RUN_IN.finditer(para))]
            texts.append(_RUN_IN.sub(r"\1 ", para) if spaces else para)
            offsets.append(at)
            inserted.append(spaces)
    return texts, offsets, inserted


#: A line that starts a list item ("- X", "• X", "2. X", "(3) X").
_LIST_LINE = re.compile(r"\n(?=[ \t]*(?:[-–—•*·▪]|\(?\d{1,2}[.)])\s)")


def _list_items(block: str) -> list[tuple[int, str]]:
    """A paragraph split before each line that starts a list item, with each part's offset in it."""
    starts = [0] + [m.end() for m in _LIST_LINE.finditer(block)]
    ends = starts[1:] + [len(block)]
    return [(s, block[s:e].rstrip()) for s, e in zip(starts, ends) if block[s:e].strip()]


def capped(article: Article, texts: list[str], offsets: list[int], inserted: list[list[int]]):
    """The paragraphs of ``paragraph_texts`` that fit in ``MAX_EXTRACT_CHARS`` (logged when some are cut)."""
    limit, total, keep, count = MAX_EXTRACT_CHARS, 0, len(texts), len(texts)
    for i, text in enumerate(texts):
        if total + len(text) > limit:
            keep = i
            break
        total += len(text)
    else:
        return texts, offsets, inserted
    if keep == 0:  # the first paragraph alone is longer: its start, up to a sentence end or a space
        head = texts[0][:limit]
        cut = next((at + 1 for at in (head.rfind(". "), head.rfind(" ")) if at > limit // 2), limit)
        texts, offsets, inserted, total, keep = [head[:cut]], offsets[:1], [[n for n in inserted[0] if n < cut]], cut, 1
    log.warning("article %r is long: extraction reads its first %d of %d paragraphs (%s of %s characters; limit %s)",
             (article.title or "")[:80], keep, count, f"{total:,}", f"{len(article.body):,}", f"{limit:,}")
    return texts[:keep], offsets[:keep], inserted[:keep]


@lru_cache(maxsize=4)
def org_ruler(nlp):
    """An EntityRuler (run after NER, not added to the shared pipeline) tagging the organisations geo knows,
    with their acronym as entity id, and country names NER misses ("Côte d'Ivoire"); it fills gaps and leaves NER's own entities in place."""
    from spacy.pipeline import EntityRuler

    ruler = EntityRuler(nlp, overwrite_ents=False)
    patterns = [{"label": "ORG", "pattern": form, "id": acronym}
                for form, acronym in org_names() if form.isascii() and len(form) > 1]
    patterns += [{"label": "GPE", "pattern": form, "id": code} for form, code in elided_country_names()]
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(patterns)
    return ruler


@lru_cache(maxsize=4)
def abbreviated_honorifics(nlp) -> None:
    """Keep abbreviated honorifics ("Hon.", "Amb.") one token, so "the Hon. X" does not end a sentence before
    the name (tokenizer special cases, added once to the model)."""
    from briefings.extract.lexicon import lexicon

    for word in lexicon().honorifics:
        if word.endswith(".") and word.count(".") == 1 and word[:-1].isalpha():
            for form in (word, word.capitalize()):
                nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def sentence_case_title(title: str, paras: list[str]) -> str:
    """A Title-Case Headline in sentence case, so the model reads "Modi Meets Xi In Beijing" as it reads prose:
    a capitalised word stays so when the body writes it capitalised inside a sentence, or only capitalised, or it
    names a country, a people or a city; others are lowered. Same length, so spans map back to the headline."""
    words = [w for w in _WORD.findall(title) if len(w) > 3]
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return title
    body = " ".join(paras)
    inside = {m.group(1) for m in re.finditer(r"[\w,;:’'\"(-] +([A-Z][\w'’.-]*)", body)}
    capitalised = set(re.findall(r"\b[A-Z][\w'’.-]*", body))
    lowered = set(re.findall(r"\b[a-z][\w'’-]*", body))

    def case(m: re.Match) -> str:
        word = m.group(0)
        if m.start() == 0 or not word[:1].isupper() or word.isupper() or word in inside:
            return word
        if word in capitalised and word.lower() not in lowered:
            return word
        if adapters.country_code(word) or adapters.is_city(word):
            return word
        return word[:1].lower() + word[1:]

    return _WORD.sub(case, title)


def parse_articles(articles: Iterable[Article | dict], nlp=None, batch_size: int = 64) -> Iterator[ParsedArticle]:
    """Parse title and paragraphs of each article with ``nlp.pipe`` (batched across articles)."""
    if nlp is None:
        from briefings.nlp import load_model

        nlp = load_model()
    items = [as_article(a) for a in articles]
    texts: list[str] = []
    bounds: list[tuple[int, int, list[int]]] = []
    inserted: list[list[int]] = []
    for art in items:
        paras, offsets, spaces = capped(art, *paragraph_texts(art))
        start = len(texts)
        texts.append(sentence_case_title((art.title or "")[:MAX_EXTRACT_TITLE_CHARS], paras))
        texts.extend(paras)
        inserted += [[], *spaces]
        bounds.append((start, len(texts), [0, *offsets]))
    ruler = org_ruler(nlp)
    abbreviated_honorifics(nlp)
    docs = [ruler(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
    for doc, spaces in zip(docs, inserted):
        doc.user_data["_inserted"] = spaces
    for art, (start, _, _) in zip(items, bounds):
        docs[start].user_data["_original"] = (art.title or "")[:MAX_EXTRACT_TITLE_CHARS]
    for art, (start, end, offsets) in zip(items, bounds):
        yield ParsedArticle(art, docs[start:end], offsets)


def extract_parsed(parsed: ParsedArticle) -> ArticleFacts:
    """Facts of one parsed article."""
    from briefings.extract.events import find_events
    from briefings.extract.salience import rank_countries

    first = parsed.docs[1].text if len(parsed.docs) > 1 else None
    parsed.entities = find_mentions(parsed.docs, home_country(parsed.article.source, first))
    facts = ArticleFacts(published=parsed.article.published)
    facts.persons = parsed.entities.persons
    facts.orgs = dict(parsed.entities.orgs)
    facts.tokens = sum(len(d) for d in parsed.docs)
    find_events(parsed, facts)
    rank_countries(parsed, facts)
    return facts


def extract_many(articles: Iterable[Article | dict], nlp=None) -> list[ArticleFacts]:
    """Facts of each article, parsing them in batches."""
    return [extract_parsed(p) for p in parse_articles(articles, nlp)]


def extract_article(article: Article | dict) -> ArticleFacts:
    """Facts of one article (an Article or a dict with title, published, body)."""
    return extract_many([article])[0]
