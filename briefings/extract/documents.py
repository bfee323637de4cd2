"""Document titles for signings and names of multilateral events, read off noun phrases.

A document is a noun from ``data/documents.txt`` taken by a signing verb; its title is the noun
phrase as written. Counts, bare plurals and references back are vague (``data/vague.txt``).
"""

from __future__ import annotations

from spacy.tokens import Token

from briefings.extract.lexicon import lexicon


def document_heads(trigger: Token, documents: frozenset[str]) -> list[Token]:
    heads = document_heads_raw(trigger, documents)
    out = []
    for h in heads:
        # "a Protocol on A, a Protocol on B – over 30 documents": appositions name more documents
        appos = [c for c in h.subtree if c.dep_ == "appos" and c not in heads
                 and not (c.i > 0 and c.doc[c.i - 1].text == "(")]
        named = [c for c in appos if c.head.i == h.i and is_named(c)]
        if named and not is_named(h):  # "a joint statement, the Lima Declaration": the name is the document
            out += named
            continue
        out.append(h)
        out += [c for c in appos if is_document(c, documents) and not (is_named(h) and not is_named(c))]
    return [h for h in out if not renamed(h, out)]


def renamed(head: Token, heads: list[Token]) -> bool:
    """A described document followed by its name after a comma (parsed as two objects)."""
    doc = head.doc
    return not is_named(head) and any(
        is_named(b) and b.i > head.i and doc[head.right_edge.i + 1:b.left_edge.i].text.strip() == ","
        for b in heads)


def is_named(noun: Token) -> bool:
    """A document called by its proper name ("the Lima Declaration", "Treaty of X"), not described."""
    if noun.pos_ != "PROPN" and not (noun.text[:1].isupper() and noun.i > noun.sent.start):
        return False
    return not any(t.is_digit for t in noun.subtree)


#: Nouns that count or group documents ("a total of", "a series of").
QUANTITY_NOUNS = frozenset({"total", "number", "series", "set", "package", "raft", "range", "slew", "host", "batch"})


def document_heads_raw(trigger: Token, documents: frozenset[str]) -> list[Token]:
    """The document nouns a signing verb takes (objects, passive subjects, "on"/"off on" objects, a noun it modifies)."""
    out: list[Token] = []
    cands: list[Token] = []
    for c in trigger.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr"):
            cands.append(c)
        if c.dep_ in ("prep", "prt") and (c.lower_ in ("on", "off", "into") or c.lower_ == "to" and trigger.lemma_ == "agree"):
            for g in c.children:
                if g.dep_ == "pobj":
                    cands.append(g)
                if g.dep_ == "prep" and g.lower_ == "on":
                    cands += [x for x in g.children if x.dep_ == "pobj"]
    if trigger.dep_ in ("acl", "relcl") and trigger.head.pos_ in ("NOUN", "PROPN") and (
            trigger.tag_ == "VBN" or trigger.dep_ == "relcl" and trigger.tag_ == "VBD"):
        # "a joint statement issued by ...", "the declaration on X that A and B signed" (the clause may hang off X)
        noun = trigger.head
        for _ in range(4):
            if is_document(noun, documents) or noun.dep_ not in ("pobj", "prep") or noun.head == noun:
                break
            noun = noun.head
        if not is_document(noun, documents):  # "the progress on the roadmap that was agreed": the clause's noun is nearer
            noun = max((t for t in noun.subtree if t.i < trigger.i and is_document(t, documents)), key=lambda t: t.i,
                       default=noun)
        cands.append(noun)
    if trigger.dep_ == "xcomp" and trigger.head.dep_ in ("acl", "relcl"):
        cands.append(trigger.head.head)
    if trigger.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in trigger.children):
        # "an MoU on X is expected to be signed": the subject of the raising verb is the document
        cands += [c for c in trigger.head.children if c.dep_ in ("nsubjpass", "nsubj")]
    cands += listed_documents(trigger)
    # "ten documents were signed, including an agreement on X": the examples named after a count
    for owner in [trigger, *list(cands)]:
        for c in owner.children:
            if c.dep_ == "prep" and c.lower_ in ("including", "like") or c.dep_ == "prep" and c.lower_ == "as" \
                    and c.i > 0 and c.doc[c.i - 1].lower_ == "such":
                cands += [x for x in c.children if x.dep_ == "pobj"]
    if trigger.pos_ == "NOUN":
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                cands += [x for x in c.children if x.dep_ == "pobj"]
    for c in [x for cand in list(cands) for x in (cand, *cand.conjuncts)]:  # "a total of 12 documents", "a series of agreements"
        if c.lower_ in QUANTITY_NOUNS:
            cands += [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    for c in cands:
        for node in [c, *[x for x in c.conjuncts], *conjoined_documents(c, documents)]:
            if is_document(node, documents) and node not in out:
                out.append(node)
        # "One of the documents ... is a Protocol on X": the attribute names the document
    for c in trigger.ancestors:
        if c.lemma_ == "be":
            for a in c.children:
                if a.dep_ == "attr" and is_document(a, documents) and a not in out:
                    out.append(a)
            break
    return out


def named_list(tokens, documents: frozenset[str], vague: frozenset[str] = frozenset()) -> list[str]:
    """Titles in a written list of documents ("A Memorandum on X, Memorandum on Y and Protocol on Z",
    "an agreement on X and other documents, such as the plan on Y; a statement on Z; and a roadmap for W").
    An item starts after a semicolon, or after a comma or "and" with a determiner or a capitalised document
    word; "such as" / "including" open the examples of a generic set, which is dropped."""
    toks = [t for t in tokens]
    if toks and toks[-1].is_punct:
        toks = toks[:-1]
    cuts = [0]
    for k, t in enumerate(toks):
        if k == 0:
            continue
        prev = toks[k - 1]
        opens = t.lower_ in ("a", "an", "the") or t.text[:1].isupper() and is_document(t, documents)
        if prev.text == ";" or prev.lower_ in ("as", "including") and k > 1 and toks[k - 2].lower_ in ("such", ",") \
                or prev.lower_ == "including" or opens and (prev.text == "," or prev.lower_ == "and"):
            cuts.append(k)
    out = []
    for a, b in zip(cuts, [*cuts[1:], len(toks)]):
        item = toks[a:b]
        while item and (item[0].lower_ in ("and", "a", "an", "the") or item[0].is_punct):
            item = item[1:]
        while item and (item[-1].is_punct and item[-1].text != ")"
                        or item[-1].lower_ in ("and", "a", "an", "the", "such", "as", "including")):
            item = item[:-1]
        for j, t in enumerate(item):  # "X and several other documents": the generic tail is no title
            if j and t.lower_ in vague and item[j - 1].lower_ == "and":
                item = item[:j - 1]
                break
        doc_word = next((t for t in item[:4] if is_document(t, documents)), None)
        if not item or doc_word is None or doc_word.lower_ in ("documents", "document") \
                or item[0].lower_ in vague:
            continue
        out.append(item[0].doc[item[0].i:item[-1].i + 1].text)
    return out if len(out) >= 2 else []


def conjoined_documents(noun: Token, documents: frozenset[str]) -> list[Token]:
    """Documents joined by "and" deeper in a noun phrase (the parser often hangs "X for a project and the
    Y agreement" on "project"): each is a document of its own."""
    return [t for t in noun.subtree if t.dep_ == "conj" and t.head.i != noun.i and t.i > noun.i
            and is_document(t, documents) and t.tag_ not in ("NNS", "NNPS")]


def listed_documents(trigger: Token) -> list[Token]:
    """Documents listed after a generic signed set: "the documents signed included X and Y",
    "among the agreements signed were X and Y"."""
    if trigger.dep_ != "acl":
        return []
    generic = trigger.head
    if generic.dep_ == "nsubj" and generic.head.lemma_ in ("include", "be", "cover", "comprise"):
        return [c for c in generic.head.children if c.dep_ in ("dobj", "attr")]
    if generic.dep_ == "pobj" and generic.head.lower_ == "among":
        return [c for c in generic.head.head.children if c.dep_ in ("nsubj", "attr")]
    return []


def is_document(tok: Token, documents: frozenset[str]) -> bool:
    low = tok.lower_
    last = low.split("-")[-1]
    if tok.pos_ in ("VERB", "AUX", "ADP") and low not in documents:
        return False  # "according to a statement": the verb "accord", not the noun
    return low in documents or tok.lemma_.lower() in documents or last in documents


#: Objects of an "on" phrase that place a signing rather than give a document's subject.
SCENE_NOUNS = frozenset({"sidelines", "margins", "margin", "occasion", "behalf", "day", "eve", "basis", "way"})


def verb_subject(head: Token) -> bool:
    """"signed a treaty | on X": the parser hangs the document's subject on the verb, right after the object."""
    doc = head.doc
    nxt = head.right_edge.i + 1
    if head.dep_ not in ("dobj", "nsubjpass") or nxt >= len(doc):
        return False
    prep = doc[nxt]
    if head.dep_ == "nsubjpass":  # "a memorandum was signed | on fisheries"
        prep = next((p for p in head.head.children if p.dep_ == "prep" and p.i > head.head.i
                     and p.lower_ in ("on", "concerning", "regarding") and not _scene_phrase(p)), prep)
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return prep.dep_ == "prep" and prep.head.i == head.head.i and prep.lower_ in ("on", "of", "concerning", "regarding") \
        and bool(objs) and objs[0].ent_type_ not in ("DATE", "TIME") and objs[0].lower_ not in WEEKDAYS \
        and objs[0].lower_ not in SCENE_NOUNS and any(
            t.pos_ in ("NOUN", "PROPN") and t.lower_ not in lexicon().vague for t in prep.subtree)


#: First words of a document phrase that refer to other documents rather than name one.
ANAPHORIC_LEADS = frozenset({"similar", "other", "such", "these", "those", "relevant", "further", "more"})

#: Modifiers that make a statement or release a message to the press, not a document agreed between sides.
PRESS_WORDS = frozenset({"press", "written", "news", "media"})


def is_press_statement(head: Token) -> bool:
    """"a press statement", "a written statement released by", "according to a press release"."""
    if any(c.dep_ in ("compound", "amod") and c.lower_ in PRESS_WORDS for c in head.children):
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according"


def is_count(tok: Token) -> bool:
    """A number that counts documents: not a year ("the 2018 treaty") nor part of a compound ("a ten-year pact")."""
    if not tok.like_num or len(tok.text) == 4 and tok.text.isdigit():
        return False
    doc = tok.doc
    return not (tok.i + 1 < len(doc) and doc[tok.i + 1].text in ("-", "–"))


def has_subject(head: Token, vague: frozenset[str]) -> bool:
    """A counted document with its own subject: "two contracts for the supply of gas"."""
    return any(p.dep_ == "prep" and p.lower_ in ("for", "on", "concerning", "regarding") and not _scene_phrase(p)
               and any(t.pos_ in ("NOUN", "PROPN") and t.lower_ not in vague for t in p.subtree) for p in head.children)


def says_something(prep: Token, vague: frozenset[str]) -> bool:
    """A phrase that gives a subject: not "on some specific issues", "on new ones", "by making concessions"."""
    if prep.lower_ in ("by", "after", "before", "during", "at"):
        return False
    if prep.lower_ == "of":  # "a memorandum of cooperation": a kind of document, as before
        return True
    return any(t.pos_ in ("NOUN", "PROPN", "VERB") and t.lower_ not in vague and t.lower_ not in ("ones", "one", "more")
               for t in prep.subtree if t.i != prep.i)


def is_vague(head: Token, vague: frozenset[str], documents: frozenset[str]) -> bool:
    """Counts ("six memoranda"), anaphora ("these agreements", "the deal") and generic references."""
    kids = list(head.children)
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in QUANTITY_NOUNS:
        return True  # "a number of MoUs"
    lead = [t for t in head.subtree if t.i < head.i and t.dep_ not in ("det", "predet")][:1]
    if lead and lead[0].lower_ in ANAPHORIC_LEADS:
        return True  # "a similar fisheries plan", "other cooperation documents"
    for k in kids:
        if k.dep_ == "nummod" and is_count(k) and not any(x.text in "$€£¥" for x in k.subtree) \
                and not k.text.startswith("$") and not has_subject(head, vague):
            return True  # "six memoranda", but not "two contracts for the supply of gas"
        if k.dep_ in ("det", "amod", "quantmod", "predet") and k.lower_ in vague:
            return True
        if k.dep_ == "prep" and k.lower_ == "of" and head.lower_ in ("one", "some", "all", "each"):
            return True
    left = [t for t in head.subtree if t.i < head.i]
    if any(is_count(t) and t.dep_ in ("nummod", "quantmod", "amod", "compound") and not any(x.text in "$€£¥" for x in left)
           for t in left) and not has_subject(head, vague):
        return True  # "a total of ten MoUs", "over 30 documents"
    plural = head.tag_ in ("NNS", "NNPS") or head.lower_.endswith("s") and head.lower_[:-1] in documents
    if plural:  # several documents count only with a named subject: "MoUs on digital trade and tourism"
        clause = {t.i for c in head.children if c.dep_ in ("acl", "relcl") for t in c.subtree}  # "documents signed in X"
        own = [t for t in head.subtree if t.i != head.i and t.dep_ not in ("det", "conj", "cc") and t.i not in clause]
        named = any(t.pos_ == "PROPN" or t.text[:1].isupper() for t in own)
        subject = [t for t in own if t.i > head.i and t.pos_ in ("NOUN", "PROPN", "ADJ") and t.lower_ not in vague]
        if not named and not subject and not verb_subject(head):
            return True  # "supply contracts and accords on cooperation in many areas"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in ("one", "some", "all", "each", "none", "two", "three", "four"):
        return True
    content = [k for k in kids if k.dep_ in ("compound", "amod", "prep", "acl", "nmod", "poss", "npadvmod", "appos")
               and k.lower_ not in ("his", "her", "their", "its") and (k.dep_ != "prep" or says_something(k, vague))
               or k.dep_ == "nummod" and k.i > head.i and not is_count(k)]  # "the roadmap 2030"
    if not content and head.pos_ != "PROPN" and not head.text[:1].isupper() and not verb_subject(head):
        return True
    return False


DOCUMENT_WORDS = lexicon().documents


WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split())


def punct_before(tok: Token) -> list[Token]:
    return [tok.doc[tok.i - 1]] if tok.i > 0 and tok.doc[tok.i - 1].is_punct else []


def document_text(head: Token, trigger: Token) -> str:
    """The document title as written: the noun phrase without determiners, clauses about the signing, or conjuncts."""
    skip: set[int] = set()
    for k in head.subtree:
        if k.dep_ == "appos" and k.i > head.i and k.lemma_.lower() in DOCUMENT_WORDS and k.doc[k.i - 1].text != "(":
            skip.update(t.i for t in k.subtree)
            skip.update(t.i for t in punct_before(k))
    for k in conjoined_documents(head, DOCUMENT_WORDS):
        skip.update(t.i for t in k.subtree)
        skip.update(t.i for t in k.head.children if t.dep_ == "cc" and t.i < k.i)
    for k in head.subtree:  # ", which will provide ...": a non-restrictive clause anywhere in the phrase
        if k.dep_ == "relcl" and k.left_edge.i > head.i and k.doc[k.left_edge.i - 1].text == ",":
            skip.update(t.i for t in k.subtree)
            skip.add(k.left_edge.i - 1)
    for k in head.children:
        if k.dep_ in ("conj", "cc") or k.i == trigger.i or k.dep_ == "relcl" or (k.dep_ == "punct" and k.i > head.i and k.text in ",;–—"):
            skip.update(t.i for t in k.subtree)
        if k.dep_ in ("acl",) and (k.i == trigger.i or k.lemma_ in ("schedule", "expect", "plan", "sign", "set")):
            skip.update(t.i for t in k.subtree)
    if trigger.i in {t.i for t in head.subtree}:  # "the declaration on X that A and B signed"
        skip.update(t.i for t in trigger.subtree)
        skip.update(t.i for t in trigger.children if t.dep_ in ("dobj", "nsubj", "mark"))
    tokens = [t for t in head.subtree if t.i not in skip]
    # keep one contiguous run around the head
    run = []
    for t in tokens:
        if run and t.i != run[-1].i + 1:
            if t.i > head.i:
                break
            run = []
        run.append(t)
    while run and (run[0].dep_ in ("det", "poss", "predet", "case") or run[0].lower_ in ("a", "an", "the")
                   or run[0].is_quote or run[0].tag_ == "POS" or run[0].is_punct):
        run = run[1:]
    if run and head.i > run[0].i and any(t.dep_ == "poss" for t in run if t.i < head.i):
        run = [t for t in run if t.i > max(x.i for x in run if x.dep_ in ("poss", "case") and x.i < head.i)]
    while run and run[-1].is_punct and run[-1].text != ")":
        run = run[:-1]
    # "sign a declaration on X": the verb's "on"/"of" phrase right after the object belongs to the title
    end = run[-1].i if run else head.i
    doc = head.doc
    nxt = end + 1
    if nxt < len(doc) and doc[nxt].lower_ == "with" and doc[nxt].head.i == trigger.i and len(run) <= 2:
        nxt = doc[nxt].right_edge.i + 1  # "signed a Declaration with X | on Y": the subject comes after the partner
    if nxt < len(doc) and doc[nxt].dep_ == "prep" and doc[nxt].head.i == trigger.i and (
            doc[nxt].lower_ in ("on", "of", "between", "concerning", "regarding")
            or doc[nxt].lower_ == "in" and any(c.lower_ in ("support", "favour", "favor") for c in doc[nxt].children)) \
            and not any(c.dep_ == "pobj" and (c.ent_type_ in ("DATE", "TIME") or c.lower_ in WEEKDAYS)
                        for c in doc[nxt].children):
        clauses = [t.left_edge.i for t in doc[nxt].subtree if t.dep_ in ("relcl", "advcl") and t.i > nxt]
        tail = [t for t in doc[nxt].subtree if t.i < min(clauses, default=len(doc))]  # not ", which will ..."
        while tail and tail[-1].is_punct:
            tail = tail[:-1]
        run += tail
    run = without_scene(run, head)
    if head.dep_ == "nsubjpass" and head.head.i == trigger.i and len(run) <= 3:
        run += passive_parties(trigger)
    text = "".join(t.text_with_ws for t in run).strip()
    return text.strip(" ,;:\"“”‘’'").replace("  ", " ")


def passive_parties(trigger: Token) -> list[Token]:
    """"A Protocol was signed | between A and B": the phrase after a passive verb that completes a short title."""
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.i > trigger.i and prep.lower_ in ("between", "on", "concerning", "regarding") \
                and not _scene_phrase(prep):
            return [prep.doc[i] for i in range(prep.i, prep.right_edge.i + 1)]
    return []


def gathering_of(trigger: Token) -> str:
    """"adopted at the G7 summit": the gathering that names a generic document, without its day."""
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "during") and any(
                c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME") for c in prep.children):
            words = [t for t in prep.subtree if t.ent_type_ not in ("DATE", "TIME")]
            return " ".join([trigger.text, *(t.text for t in words)]).replace(" ’", "’").replace(" '", "'")
    return ""


def without_scene(run: list[Token], head: Token) -> list[Token]:
    """Cut the title before a trailing "in <place>" or "on <day>" phrase ("a treaty in Washington on Friday")."""
    for i, t in enumerate(run):
        if t.i <= head.i or t.dep_ != "prep" or t.head != head or t.lower_ not in ("in", "at", "on", "during"):
            continue
        if t.lower_ in ("at", "during") and not is_named(head):
            return run[:i]  # "a security agreement | at the summit"
        objs = [c for c in t.children if c.dep_ == "pobj"]
        if objs and (objs[0].ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") or objs[0].lower_ in WEEKDAYS):
            return run[:i]
    for i, t in enumerate(run):  # "an agreement on double taxation | on Monday", "a treaty on X | next month"
        if t.i <= head.i:
            continue
        objs = [c for c in t.children if c.dep_ == "pobj"] if t.dep_ == "prep" and t.lower_ in ("on", "in", "during") else []
        when = objs[:1] if objs else [t] if t.dep_ == "npadvmod" else []
        if when and all(x.ent_type_ in ("DATE", "TIME") and not x.like_num or x.lower_ in WEEKDAYS for x in when[0].subtree
                        if not x.is_punct and x.dep_ != "det"):
            return [x for x in run if x.i < min(t.i, when[0].left_edge.i)]
    return run


def _scene_phrase(prep: Token) -> bool:
    """"in Lima", "at the palace", "on Friday": a preposition phrase giving a place or a day, not a name part."""
    if prep.lower_ not in ("in", "at", "on", "during"):
        return False
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objs) and (objs[0].ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") or objs[0].lower_ in WEEKDAYS)


def event_name(tok: Token, with_scene: bool = False) -> list[Token]:
    """The name of a multilateral event: its modifiers and "of"/"on" phrases, without dates or places
    (``with_scene``: keep places inside its topic phrase, "a summit on the crisis in X")."""
    keep = {tok.i}
    doc = tok.doc
    for k in tok.children:
        if k.dep_ in ("compound", "amod", "nummod", "poss", "nmod") and k.i < tok.i:
            keep.update(t.i for t in k.subtree if t.ent_type_ != "DATE" or t.like_num and len(t.text) == 4)
        if k.dep_ == "prep" and k.lower_ in ("of", "on") and k.i > tok.i and not _scene_phrase(k):
            scene = set() if with_scene else {
                t.i for p in k.subtree if p.dep_ == "prep" and p.i != k.i and _scene_phrase(p) for t in p.subtree}
            keep.update(t.i for t in k.subtree if t.ent_type_ not in ("DATE",) and t.i not in scene)
        if k.dep_ == "appos" and k.i > tok.i and k.i - tok.i <= 2:
            keep.update(t.i for t in k.subtree)
        if k.dep_ == "punct" and k.text == "(":
            keep.add(k.i)
    if tok.i + 3 < len(doc) and doc[tok.i + 1].text == "(":
        j = tok.i + 1
        while j < len(doc) and doc[j].text != ")" and j - tok.i < 6:
            keep.add(j)
            j += 1
        if j < len(doc):
            keep.add(j)
    lo, hi = min(keep), max(keep)
    toks = [doc[i] for i in range(lo, hi + 1)]
    # stop at clauses
    out = []
    for t in toks:
        if t.dep_ in ("relcl", "acl") and t.i > tok.i:
            break
        out.append(t)
    while out and (out[0].dep_ == "det" or out[0].lower_ in ("upcoming", "forthcoming", "next", "planned")):
        out = out[1:]
    while out and out[-1].is_punct and out[-1].text != ")":
        out = out[:-1]
    if out and out[-1].text == ")" and not any(t.text == "(" for t in out):
        out = out[:-1]
    return out


#: Prepositions that introduce the subject of a document ("MoUs on X", "agreements in the field of X").
SUBJECT_PREPS = frozenset({"on", "in", "for", "concerning", "regarding"})


def enumerated_titles(head: Token, trigger: Token, vague: frozenset[str]) -> list[str]:
    """Several documents named by one plural or counted noun and a list of subjects: "signed five MoUs on
    defence, fisheries and culture" -> "MoUs on defence", "MoUs on fisheries", "MoUs on culture".

    The list is split as written: at commas, and at its last "and" unless a serial comma (", and") shows
    that "and" joins words inside an item ("transport and transit, IT, and banking"). Every item must hold
    a noun (no split of "trade, economic and cultural cooperation"). A generic first noun ("cooperation
    in A, B and C") is shared by every item."""
    several = head.tag_ in ("NNS", "NNPS") or head.lower_.endswith("s") and head.lower_[:-1] in DOCUMENT_WORDS \
        or head.lower_ in ("memoranda", "memorandae") or any(
        c.dep_ == "nummod" and c.like_num and c.lower_ not in ("one", "1") for c in head.children)
    if not several or head.lemma_.lower() == "document" or any(
            c.dep_ in ("amod", "det") and c.lower_ in vague for c in head.children):
        return []
    doc = head.doc
    after = doc[head.right_edge.i + 1] if head.right_edge.i + 1 < len(doc) else None
    verb_prep = [after] if after is not None and after.head.i == trigger.i else []  # "signed MoUs | on X, Y and Z"
    named = [g for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    prep = next((p for o in [head, *named] for p in o.children if p.dep_ == "prep" and p.i > head.i
                 and p.lower_ in SUBJECT_PREPS), None) or next(  # "memoranda of understanding | on X"
        (p for p in verb_prep if p.dep_ == "prep" and p.lower_ in SUBJECT_PREPS), None)
    if prep is None:
        return []
    end = prep.right_edge.i + 1
    rest = [c for c in trigger.children if c.dep_ in ("dobj", "conj") and c.left_edge.i == end + 1
            and doc[end].text == ","]
    if rest:  # the parser hangs the end of a long list on the verb: "on A, B, C | , D and E"
        end = rest[0].right_edge.i + 1
    region = []
    for t in doc[prep.i + 1:end]:
        if t.lower_ in (";", ":", "which", "that", "including", "between", "with") or t.dep_ in ("relcl", "advcl") or _scene_phrase(t) \
                or t.lower_ == "as" and doc[t.i + 1:t.i + 3].text.lower() == "well as":
            break
        region.append(t)
    again = next((k for k, t in enumerate(region) if k and t.lower_ == prep.lower_ and region[k - 1].lower_ == "and"), None)
    if again is not None:  # "agreements on A and on B": two items, whatever A holds
        segments = [region[:again - 1], region[again + 1:]]
        prefix = " ".join(x for x in (doc[_title_start(head):prep.i].text, prep.text) if x)
        return [f"{prefix} {doc[s[0].i:s[-1].i + 1].text}" for s in segments if s]
    segments: list[list[Token]] = [[]]
    for t in region:
        if t.text == ",":
            segments.append([])
        else:
            segments[-1].append(t)
    while segments and not segments[-1]:
        segments.pop()
    if not segments:
        return []
    serial = len(segments) > 1 and segments[-1][:1] and segments[-1][0].lower_ in ("and", "or")
    if serial:
        segments[-1] = segments[-1][1:]
    else:  # "A, B and C": the last "and" separates the last two items
        last = segments[-1]
        cut = max((k for k, t in enumerate(last) if t.lower_ in ("and", "or") and t.dep_ == "cc"), default=None)
        if cut is None:
            return []
        segments[-1:] = [last[:cut], last[cut + 1:]]
    segments = [s[1:] if s and s[0].lower_ == prep.lower_ else s for s in segments]  # "on A and on B"
    if len(segments) < 2 or not all(any(t.pos_ in ("NOUN", "PROPN") for t in s) for s in segments):
        return []
    first = segments[0]
    inner = next((k for k, t in enumerate(first) if t.dep_ == "prep" and t.head.lower_ in vague), None)
    shared = first[:inner + 1] if inner is not None and inner + 1 < len(first) else []
    if shared:  # "cooperation in A, B and C": each item is "cooperation in <item>"
        segments[0] = first[inner + 1:]
    prefix = " ".join(x for x in (doc[_title_start(head):prep.i].text, prep.text, " ".join(t.text for t in shared)) if x)
    return [f"{prefix} {doc[s[0].i:s[-1].i + 1].text}" for s in segments]


def _title_start(head: Token) -> int:
    """Where a counted document phrase's title starts: after its determiner and count."""
    doc, start = head.doc, head.left_edge.i
    while start < head.i and (doc[start].dep_ in ("det", "nummod", "quantmod", "predet") or doc[start].like_num):
        start += 1
    return start
