"""Status of an event from tense and modality in the dependency parse.

The cues are data (``data/modality.json``): future auxiliaries, planning heads ("plans to",
"is scheduled to", "is due to"), speculative modals ("could", "may"), cancelling heads
("cancelled", "called off", "postponed").
"""

from __future__ import annotations

from spacy.tokens import Token

from briefings.extract.lexicon import lexicon

PLANNED, HELD, CANCELLED, SPECULATIVE = "planned", "held", "cancelled", "speculative"


def _chain(token: Token, limit: int = 5) -> list[Token]:
    """The token and the words governing it, up to the clause that reports it."""
    out = [token]
    lex = lexicon()
    while token.head != token and len(out) <= limit:
        if token.dep_ in ("ccomp", "parataxis") and token.head.lemma_ in lex.events["reporting_verbs"]:
            break
        if token.dep_ in ("relcl", "advcl") and out[-1].pos_ == "VERB" and token != out[0]:
            break
        token = token.head
        out.append(token)
    return out


def _told_in_past(chain: list[Token]) -> bool:
    """Whether the first verb of ``chain`` is in the past ("was scheduled", "returned")."""
    verb = next((t for t in chain if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and (verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(
        k.dep_ in ("aux", "auxpass") and k.lower_ in ("was", "were", "had") for k in verb.children))


def new_date_of(tok: Token) -> Token | None:
    """The preposition giving the new day of a postponing word ("postponed until March 18", "moved to 3 May")."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in lexicon().modality["new_date_preps"] \
                and any(t.ent_type_ == "DATE" for t in prep.subtree) \
                and not any(t.lower_ in ("later", "further", "future") for t in prep.subtree):
            return prep
    return None


def status_of(trigger: Token) -> str:
    """``planned``, ``held``, ``cancelled`` or ``speculative`` for the event word ``trigger``."""
    cues = lexicon().modality
    chain = _chain(trigger)
    for tok in chain:
        if tok.lemma_ in cues["cancelled_heads"] and new_date_of(tok) is not None:
            return PLANNED  # "postponed until March 18": moved to a new day
        if tok.lemma_ in cues["cancelled_heads"]:
            particle = cues["cancelled_particles"].get(tok.lemma_)
            if particle is None or any(c.lower_ == particle for c in tok.children):
                return CANCELLED
    for tok in chain:
        if tok.lemma_ in cues["cancelled_heads"] and tok.pos_ in ("ADJ",):
            return CANCELLED
    for tok in chain[:3]:  # "if the talks progress", "unless they meet": a condition, not an event
        if any(k.dep_ == "mark" and k.lower_ in cues["conditional_marks"] for k in tok.children):
            return SPECULATIVE
    purpose = 3 if trigger.dep_ == "pobj" and trigger.head.lower_ == "for" else 2  # "will not travel ... for talks"
    for tok in chain[:purpose]:  # "did not meet", "no talks were held": nothing happened
        if any(k.dep_ in ("neg", "det") and k.lower_ in cues["negations"] for k in tok.children):
            return SPECULATIVE
    for tok in chain[:4]:  # "was to host X, but the visit was called off"
        for conj in tok.children:
            if conj.dep_ == "conj" and conj.lemma_ in cues["cancelled_heads"] and any(
                    s.dep_ in ("nsubj", "nsubjpass") and s.lower_ in cues["event_nouns"] for s in conj.children):
                particle = cues["cancelled_particles"].get(conj.lemma_)
                if particle is None or any(c.lower_ == particle for c in conj.children):
                    return CANCELLED
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("after", "following") and (any(
            t.tag_ == "VBD" and t.lemma_ in cues["commitment_heads"] for t in chain) or _told_in_past(chain[2:])):
        return HELD  # "agreed Friday to reopen the border after talks", "after talks, a call was scheduled": talks came first
    local = {trigger.i} | ({trigger.head.i} if trigger.dep_ in ("xcomp", "dobj", "pobj") else set())
    for i, tok in enumerate(chain):
        kids = list(tok.children)
        if tok.i in local and any(k.dep_ == "aux" and k.lower_ in cues["speculative_aux"] and k.lower_ != "would" for k in kids):
            return SPECULATIVE
        if i == 0 and tok.tag_ == "VBD" and tok.dep_ == "advcl" and any(k.lower_ == "when" for k in kids):
            continue  # "would discuss ... when he met X": read from the governing clause
        if tok.lemma_ in cues["speculative_heads"] and tok != trigger and tok.pos_ in ("VERB", "NOUN", "ADJ") \
                and chain[i - 1].dep_ != "advcl":
            return SPECULATIVE
        particle = cues["speculative_particles"].get(tok.lemma_)
        if tok != trigger and particle and chain[i - 1].lower_ == particle and chain[i - 1].dep_ == "prep":
            return SPECULATIVE  # "called for talks between A and B": an appeal, not an event
        if any(k.dep_ in ("aux", "auxpass") and k.lower_ in cues["future_aux"] for k in kids):
            return PLANNED
        if any(k.dep_ == "aux" and k.lower_ == "would" for k in kids):
            return PLANNED
        if tok != trigger and tok.lemma_ in cues["planned_heads"] and tok.pos_ in ("VERB", "ADJ", "AUX"):
            return PLANNED
        if tok != trigger and any(k.dep_ == "acomp" and k.lemma_ in cues["planned_heads"] for k in tok.children):
            return PLANNED  # "is due in Lima ... for talks"
        if tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and any(k.dep_ == "aux" and k.lower_ == "to" for k in tok.children):
            return PLANNED  # "was to host X": a plan (told in the past)
        if tok != trigger and tok.lemma_ in cues["commitment_heads"] and chain[i - 1].dep_ == "xcomp":
            return PLANNED  # "agreed to meet", "pledged to sign"
        if any(k.dep_ == "amod" and k.lower_ in cues["planned_modifiers"] for k in kids) and tok.pos_ in ("NOUN", "PROPN"):
            return PLANNED
        if i == 0 and any(k.dep_ in ("acl", "relcl") and (k.lemma_ in cues["planned_heads"] or k.lower_ in cues["planned_modifiers"])
                          for k in kids):
            return PLANNED
        infinitive = any(k.dep_ == "aux" and k.lower_ == "to" for k in kids)  # "to be reflected", "to be signed"
        if tok.tag_ in ("VBD", "VBN") and tok.pos_ in ("VERB", "AUX") and i > 0 and tok.dep_ != "amod" and not infinitive:
            return HELD
        if tok.tag_ == "VBD" and tok.pos_ == "VERB":
            return HELD
        if tok.dep_ == "aux" and tok.lower_ == "to" and tok.head == trigger:
            continue
    # "to be held", infinitives with no governing past verb read as plans
    if any(k.dep_ == "aux" and k.lower_ == "to" for k in trigger.children) and trigger.tag_ == "VB":
        head = trigger.head
        if head.tag_ not in ("VBD", "VBN") or head.lemma_ in cues["planned_heads"]:
            return PLANNED
    return HELD


def planned_in_past(trigger: Token) -> bool:
    """Whether the plan itself is told in the past ("the call was scheduled for Monday night")."""
    heads = lexicon().modality["planned_heads"]
    for tok in _chain(trigger)[1:4]:
        if tok.lemma_ in heads:
            return tok.tag_ == "VBD" or any(k.lower_ in ("was", "were", "had") for k in tok.children)
    return False


def reported_in_past(trigger: Token) -> bool:
    """Whether a past-tense verb governs the event word ("won the election", "the summit held in May")."""
    return any(t.tag_ in ("VBD", "VBN") and t.pos_ in ("VERB", "AUX") and t.lemma_ not in lexicon().modality["planned_heads"]
               for t in _chain(trigger)[:4]) or any(k.dep_ in ("acl", "relcl") and k.tag_ in ("VBD", "VBN")
               and k.lemma_ not in lexicon().modality["planned_heads"] for k in trigger.children)


def tense_of(status: str) -> str:
    """The tense to read relative dates with."""
    return "future" if status == PLANNED else "past"
