"""What was signed: documents, parties and status from signing triggers, lists and joint statements."""

from __future__ import annotations

from spacy.tokens import Token

from briefings.extract import adapters
from briefings.extract.documents import (
    conjoined_documents,
    document_heads,
    document_text,
    enumerated_titles,
    gathering_of,
    is_document,
    is_press_statement,
    is_vague,
    named_list,
    renamed,
)
from briefings.extract.facts import Meeting, Signing
from briefings.extract.modality import CANCELLED, HELD, PLANNED, SPECULATIVE, status_of
from briefings.extract.reader import LIST_ITEM, Sentence, Trigger
from briefings.extract.syntax import governing_preposition, unique

#: Verbs that say a signing did not happen: "failed to sign", "refused to ratify".
NOT_DONE = frozenset({"fail", "refuse", "decline", "reject"})


class SigningRules:
    """Signing triggers -> signings (a mixin of :class:`~briefings.extract.events.ArticleReader`)."""

    def signing(self, sent: Sentence, trig: Trigger, meetings: list[Meeting]) -> list[Signing]:
        tok = trig.token
        heads = [h for h in document_heads(tok, self.lex.documents) if not is_press_statement(h)]
        if not heads:
            return []
        status = status_of(tok)
        if status in (SPECULATIVE, CANCELLED) or tok.dep_ == "xcomp" and tok.head.lemma_ in NOT_DONE:
            return []
        if sent.is_title:
            status = PLANNED if any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children) else HELD
        elif status == HELD and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and any(
                c.dep_ == "auxpass" for c in tok.children):
            status = PLANNED  # "is slated to be signed", "was to be signed": a plan
        elif status == PLANNED and tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(
                c.dep_ in ("aux", "auxpass") for c in tok.children):
            status = HELD  # "the agreement signed on Sunday will boost trade": the participle tells the signing
        counterparts = self._with_countries(tok, heads)
        if self.domestic_approval(tok) and not counterparts and not self._org_subject(sent, tok):
            return []  # "the cabinet approved a new framework": a country's own decision, not a signing
        parties = self._parties(sent, tok, meetings, heads)
        if len(counterparts) >= 2:  # "signed MoUs with both A and B": one signing with each
            groups = [[p for p in parties if p not in counterparts] + [c] for c in counterparts]
        else:
            groups = [parties]
        when = self.date_of(sent, tok, "future" if status == PLANNED else "past")
        day = when[0].isoformat() if when and when[0] == when[1] else None
        vague_date = when is not None and day is None
        out = []
        for head in heads:
            listed = enumerated_titles(head, tok, self.lex.vague)
            if listed:  # "MoUs on defence, fisheries and culture": one signing per subject
                out += [self._signing(text, group, status, day, sent, vague_date) for text in listed for group in groups]
                continue
            if is_vague(head, self.lex.vague, self.lex.documents) or any(
                    c.lower_ in self.lex.events["list_cues"] for c in head.children):
                self.listing = self.counted = Signing("", list(groups[0]), "expected" if status == PLANNED else "signed",
                                                      day, [sent.evidence()], 0.6, vague_date)
                continue
            definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
                           for c in head.children)
            if tok.pos_ == "NOUN" and definite and not any(
                    t.text[:1].isupper() or t.lower_ == "joint" for t in head.subtree if t.i != head.i):
                continue  # "the signing of the framework agreement": a reference back, not a new document
            text = document_text(head, tok)
            if text and len(text.split()) <= 2 and tok.dep_ == "acl" and tok.head.i == head.i:
                text = f"{text} {gathering_of(tok)}".strip()  # "the communiqué adopted at the G7 summit"
            if not text or len(text.split()) < 2 and not text[:1].isupper():
                continue
            out += [self._signing(text, group, status, day, sent, vague_date) for group in groups]
        return out

    def _signing(self, text: str, group: list[str], status: str, day: str | None, sent: Sentence,
                 vague_date: bool) -> Signing:
        self.last_parties = list(group) or self.last_parties
        return Signing(
            document=text,
            parties=list(group),
            status="expected" if status == PLANNED else "signed",
            date=day,
            evidence=[sent.evidence()],
            confidence=0.5 if sent.is_title else 0.7,
            vague_date=vague_date,
        )

    def _org_subject(self, sent: Sentence, tok: Token) -> bool:
        """An international organisation's body is the subject ("the UN General Assembly adopted ...")."""
        subject = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        return any(s.is_org and s.start in subject for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end))

    def domestic_approval(self, tok: Token) -> bool:
        """A domestic body (cabinet, parliament) approving or adopting something with no "between"/"with" partner."""
        ev = self.lex.events
        if tok.lemma_ not in ev["domestic_approval_verbs"]:
            return False
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "agent")]
        subjects += [g for c in subjects if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if tok.dep_ == "relcl":  # "a cabinet meeting that approved ..."
            subjects.append(tok.head)
        subjects += [c for s in subjects for c in s.children if c.dep_ == "compound"]
        if not any(s.lemma_.lower() in ev["domestic_bodies"] or s.lower_ in ev["domestic_bodies"] for s in subjects):
            return False
        return not any(t.lower_ == "between" for h in document_heads(tok, self.lex.documents) for t in h.subtree)

    def listed_signings(self, sent: Sentence, previous: Sentence | None) -> list[Signing]:
        """Documents named right after a counted or announced set of signed documents: list items
        ("- MoU on X") or "They included X and Y" / "Among them were X and Y"."""
        template, self.listing = self.listing, None
        if previous is None or sent.is_title:
            return []
        named_set = [c for c in sent.span.root.children if c.dep_ == "nsubj" and is_document(c, self.lex.documents)
                     and is_vague(c, self.lex.vague, self.lex.documents)]
        open_list = template is not None
        template = template or (self.counted if named_set else None)  # "The five agreements are X, Y and Z."
        if template is None:
            return []
        text = sent.span.text.strip()
        if text.endswith(":") and not LIST_ITEM.match(text) or LIST_ITEM.match(text) and not LIST_ITEM.sub("", text).strip():
            self.listing = template  # "The documents are listed below:" or a bare "1." - the list follows
            return []
        first = sent.span[0]
        unmarked = open_list and sent.span.root.pos_ in ("NOUN", "PROPN") and first.text[:1].isupper() \
            and is_document(first, self.lex.documents)  # an item without a marker: "Agreement on X;"
        if LIST_ITEM.match(text) or unmarked:
            if not any(is_document(t, self.lex.documents) for t in sent.span):
                return []
            self.listing = template
            names = [LIST_ITEM.sub("", text).strip(" .;,")]
        else:
            root = sent.span.root
            if root.lemma_ in self.lex.events["reporting_verbs"]:  # "They included X, media reported."
                root = next((c for c in root.children if c.dep_ == "ccomp"), root)
            listing_verb = root.lemma_ in self.lex.events["listing_verbs"] and (
                any(c.dep_ == "nsubj" and (c.lower_ in ("they", "these", "those") or is_document(c, self.lex.documents))
                    for c in root.children)
                or any(c.dep_ == "prep" and c.lower_ == "among" for c in root.children))
            if not listing_verb:
                return []
            nodes = [c for c in root.children if c.dep_ in ("dobj", "attr", "nsubj") and c.pos_ != "PRON"]
            heads = [n for c in nodes for n in [c, *c.conjuncts, *conjoined_documents(c, self.lex.documents)]
                     if is_document(n, self.lex.documents) and not is_vague(n, self.lex.vague, self.lex.documents)]
            names = [document_text(h, root) for h in unique(heads)]
            titled = named_list(sent.span[root.i - sent.span.start + 1:], self.lex.documents, self.lex.vague)
            if len(titled) > len(names):  # "X, Y and Z" as one list of names, however the parser nests them
                names = titled
        return [Signing(name, list(template.parties), template.status, template.date, [*template.evidence[:1], sent.evidence()], 0.6,
                        template.vague_date) for name in names if name]

    def joint_documents(self, sent: Sentence, meetings: list[Meeting]) -> list[Signing]:
        """A joint statement or declaration named as a fact, with no signing verb
        ("the summit statement covers ...", "their views will be reflected in a joint statement on X")."""
        ev = self.lex.events
        out = []
        for tok in sent.span:
            if tok.lower_ not in ev["joint_document_nouns"] or not any(
                    c.lower_ in ev["joint_document_cues"] for c in tok.children if c.i < tok.i):
                continue
            if is_press_statement(tok):
                continue
            attached = tok.dep_ in ("nsubj", "nsubjpass", "dobj") or (
                tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX"))
            if not attached or tok.head.lemma_ in self.lex.events["reporting_verbs"] \
                    or renamed(tok, [c for c in tok.head.children if c.dep_ == tok.dep_]):
                continue
            status = status_of(tok)
            if status in (SPECULATIVE, CANCELLED):
                continue
            text = document_text(tok, tok.head)
            out.append(Signing(text, self._parties(sent, tok, meetings, [tok]), "expected" if status == PLANNED else "signed",
                               None, [sent.evidence()], 0.5))
        return out

    def _with_countries(self, tok: Token, heads: list[Token]) -> list[str]:
        """Countries a document is signed "with" ("with both Peru and Chile")."""
        out = []
        owners = [tok, *(t for h in heads for t in h.subtree if t.dep_ not in ("relcl", "acl"))]
        for owner in owners:
            for prep in owner.children:
                if prep.dep_ == "prep" and prep.lower_ == "with":
                    for obj in prep.children:
                        for t in [obj, *obj.conjuncts]:
                            code = adapters.country_code(t.text) if t.ent_type_ in ("GPE", "NORP") else None
                            if code:
                                out.append(code)
        return unique(out)

    def _parties(self, sent: Sentence, tok: Token, meetings: list[Meeting], heads: list[Token] = ()) -> list[str]:
        persons = [m.person for m in self.persons_in(sent) if not self.is_reporter(m, sent, tok)]
        codes = [p.country for p in persons if p.country]
        described = self.description_tokens(sent)
        if any(c.dep_ == "nsubj" and c.lemma_ in ("side", "country", "party") and any(
                k.lower_ in ("two", "both") for k in c.children) for c in tok.children):
            # "During X's visit to Y, the two sides signed ...": the two countries the sentence names
            named = unique(codes + [s.code for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end)
                                    if not s.is_org and not any(i in described for i in range(s.start, s.end))])
            if len(named) == 2:
                return named
        under = tok.dep_ == "relcl" and any(tok.head.i in {t.i for t in h.subtree} for h in heads)
        clause = {t.i for t in tok.subtree} if under else set()  # "the treaty which A and B signed"
        inside = {t.i for h in heads for t in h.subtree} - clause  # words of the document's own title
        before_head = {t.i for h in heads for t in h.subtree if t.i < h.i}
        pair = [s for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end) if s.start in before_head]
        if len(pair) >= 2:  # "the Peru-Chile summit statement": the pair in the title are its parties
            inside -= before_head
        attached = set(self.attached_sides(sent, tok, ("with", "between", "and", "of", "by", None)))
        for s in self.ents.sides_in(sent.d, sent.span.start, sent.span.end):
            if any(i in described for i in range(s.start, s.end)):
                continue
            prep = governing_preposition(sent.span.doc, sent.span.doc[s.start:s.end])
            if prep in ("in", "at", "from") or (s.start in inside and prep not in ("between", "with")):
                continue
            if s.code in attached or prep in ("between", "with"):
                codes.append(s.code)
        codes = unique(codes)
        named_subject = any(c.dep_ in ("nsubj", "nsubjpass") and (self.person_at(sent, c) is not None or
                            adapters.country_code(c.text)) for c in tok.children)
        if not codes and self.last_parties:  # "they also signed a joint declaration"
            codes = list(self.last_parties)
        if len(codes) < 2 and meetings and not (codes and named_subject):  # "the ministers will sign": the meeting's sides
            recent = [m for m in meetings if m.kind != "visit"] or meetings
            for code in recent[-1].countries:
                if code not in codes:
                    codes.append(code)
        return codes
