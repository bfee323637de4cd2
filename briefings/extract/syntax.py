"""Small helpers over spaCy's dependency parse, shared by the event readers."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from briefings.extract.lexicon import lexicon


SENTENCE_END = frozenset('.!?;:"”’)')


def whole_sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, rejoined where it split one inside a name ("... to Russia | Zhang X, ...")."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and out[-1][-1].text[-1:] not in SENTENCE_END and not sent[0].is_space:
            out[-1] = doc[out[-1].start:sent.end]
        else:
            out.append(sent)
    return out


TOPIC_PREPOSITIONS = frozenset({"for", "about", "regarding", "concerning", "over", "toward", "towards"})


def about_something_else(tok: Token, anchor: Token) -> bool:
    """Whether ``tok`` sits in a topic phrase of the event ("on the preparations for ...") on its way up to it."""
    t = tok
    for _ in range(8):
        if t == anchor or t.head == t:
            return False
        if t.dep_ == "prep" and (t.lower_ in TOPIC_PREPOSITIONS or t.lower_ == "on" and not any(
                c.lower_ in ("sidelines", "margins", "occasion") or c.ent_type_ in ("DATE", "TIME") for c in t.children)):
            return True
        t = t.head
    return False


def singular_role(word: str) -> str | None:
    """'presidents' -> 'president' when the singular is a role title."""
    roles = lexicon().roles
    for cut in (1, 2):  # presidents, ministers / ... -es
        if word[:-cut] in roles:
            return word[:-cut]
    return None


def coordinated_subject(tok: Token) -> bool:
    """"A and B discussed ...": the event verb has two coordinated subjects."""
    return any(c.dep_ == "nsubj" and any(g.dep_ == "conj" for g in c.children) for c in tok.children)


def governors(tok: Token) -> list[Token]:
    """The trigger, the words it hangs from up to its verb, and a verb that shares that verb's subject."""
    out = [tok]
    t = tok
    for _ in range(4):
        if t.head == t:
            break
        if t.dep_ in ("dobj", "pobj", "prep", "attr", "xcomp", "nsubj", "nsubjpass", "compound", "amod"):
            t = t.head
            out.append(t)
            continue
        break
    if t.dep_ in ("conj", "xcomp") and t.head.pos_ in ("VERB", "AUX"):
        out.append(t.head)
    if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
        out.append(t.head)  # headline style: "Top diplomat to meet counterpart"
    return out


def clause_head(tok: Token) -> Token:
    """The verb heading the clause ``tok`` is in."""
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "aux", "auxpass"):
            return t
        if t.head == t:
            return t
        t = t.head
    return t


def in_clause_of(tok: Token, anchor: Token) -> bool:
    """Whether ``tok`` belongs to the clause of the event word ``anchor`` (or of the verb governing it)."""
    own = clause_head(anchor)
    other = clause_head(tok)
    if other == own or other == anchor:
        return True
    # a clause describing the event noun: "the summit slated for May", "talks scheduled for Monday"
    t = other
    for _ in range(3):
        if t.dep_ in ("acl", "relcl") and t.head == anchor:
            return True
        if t.dep_ not in ("xcomp", "conj"):
            break
        t = t.head
    # "was in Lima on Wednesday to meet X": the purpose clause shares the main clause's date
    if own.dep_ in ("advcl", "xcomp") and own.head == other and any(c.lower_ == "to" for c in own.children):
        return True
    # "held talks on X": a noun trigger's clause is its verb's; "plans to meet on X": the verb chain
    t = own
    for _ in range(3):
        if t.dep_ in ("xcomp", "ccomp", "conj") and t.head == other:
            return True
        t = t.head
    t = other
    for _ in range(3):
        if t.dep_ in ("xcomp",) and t.head == own or t == own:
            return True
        t = t.head
    return False


def strip_the(text: str) -> str:
    text = text.strip(" ,.;:")
    return text[4:] if text.lower().startswith("the ") else text


def unique(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def unique_by(values, key) -> list:
    seen, out = set(), []
    for v in values:
        k = key(v)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def is_under(tok: Token, ancestor: Token, limit: int = 6) -> bool:
    """Whether ``ancestor`` governs ``tok`` within ``limit`` steps (or they share a head)."""
    t = tok
    for _ in range(limit):
        if t == ancestor or t.head == ancestor:
            return True
        if t.head == t:
            break
        t = t.head
    return ancestor.head == tok.head


def of_head(tok: Token) -> Token | None:
    """The noun an "of"/"from" phrase containing ``tok`` belongs to ("meeting of Russian and Belarusian ministries")."""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ in ("of", "from"):
            return t.head.head
        if t.head == t:
            return None
        t = t.head
    return None


def span_head(span: Span) -> Token:
    """The head word of a name span, not its determiner ("the Shanghai Cooperation Organisation")."""
    heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.dep_ not in ("det", "punct", "case")]
    return heads[-1] if heads else span.root


def governing_preposition(doc: Doc, span: Span) -> str | None:
    root = span_head(span)
    t = root
    for _ in range(4):
        if t.dep_ == "pobj":
            if t.head.lower_ == "of" and t.head.head.lower_ in ("city", "town", "capital", "village", "region", "province"):
                t = t.head.head
                continue
            return t.head.lower_
        if t.dep_ in ("conj", "appos", "compound", "amod", "nmod"):
            t = t.head
            continue
        if t.dep_ == "poss":
            return "of"
        break
    return None
