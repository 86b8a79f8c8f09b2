"""The extractor stage: gazetteer tagging of records, NER + relations on reports.

``RecordTagger(store).run(records)`` is what the ingest pipeline calls on every batch:

* ordinary records (works, patents, projects, demands) get only the fast gazetteer over their
  ``TextField``s; a technology match adds ``dcterms:subject``, an industry match
  ``ikg:relatedIndustry`` (for technologies) or ``dcterms:subject`` (for works);
* report records (from ``ingest/loaders/reports.py``: they carry ``ikg:plainText``) go through
  ``ReportExtractor``: statistical NER + gazetteer + patterns, ``ikg:Mention`` nodes with offsets,
  new ``ikg:Expert``/``ikg:Institution`` nodes for unlinked names (the pipeline's Resolver stage
  merges them), and reified facts from ``ingest/extract/relations.py``. Everything is added to the
  report's own record, so SHACL judges a report as one unit.
"""

from __future__ import annotations

import bisect
import csv
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from ingest.cache import GAZ_CLASS_KIND, StoreLookups
from ingest.extract import relations as rel
from ingest.extract.ents import Ent, Label
from ingest.extract.gazmatch import FastGazetteer
from ingest.extract.nlp import detect_lang, labels_from_store
from ingest.extract.recognise import recognise
from ingest.loaders.report_text import ReportText
from ingest.types import Record
from kg import vocab
from kg.queries import load
from kg.settings import VOCAB_DIR
from kg.store.base import Store

LABEL_PROPS = {
    vocab.PREF_LABEL.value, vocab.ALT_LABEL.value, vocab.NAME.value, vocab.LABEL.value,
}  # fmt: skip
MINT_KIND = {"Person": ("expert", vocab.EXPERT), "Organization": ("institution", vocab.INSTITUTION)}
TAG_KINDS = ("Technology", "Industry")
XSD = vocab.XSD


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _dec(x: float) -> Literal:
    return Literal(f"{x:.3f}", datatype=XSD.decimal)


@functools.lru_cache(maxsize=1)
def vocab_technology_labels() -> tuple[Label, ...]:
    """Technology names from ontology/vocab/technologies.csv (the built-in vocabulary)."""
    out: list[Label] = []
    path = VOCAB_DIR / "technologies.csv"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            iri = vocab.mint("technology", row["technology_id"]).value
            names = [row.get("name", ""), row.get("name_zh", "")]
            for col in ("alt_names", "alt_names_zh"):
                names += (row.get(col) or "").split(";")
            out += [Label(n.strip(), "Technology", iri) for n in names if n and n.strip()]
    return tuple(out)


def labels_from_triples(
    triples: Iterable[Triple], kinds: Iterable[str] | None = None
) -> list[Label]:
    """Gazetteer labels of entities typed and labelled inside a batch of records."""
    return _labels_of(*_scan(triples), kinds)


def _scan(triples: Iterable[Triple]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """One pass over a batch: per subject IRI, its gazetteer kinds (in the order it was typed)
    and its names (label properties' literals)."""
    kinds: dict[str, list[str]] = defaultdict(list)
    names: dict[str, list[str]] = defaultdict(list)
    type_p = vocab.TYPE.value
    for t in triples:
        p = t.predicate.value
        if p == type_p:
            kind = GAZ_CLASS_KIND.get(t.object.value)
            if kind is not None:
                kinds[t.subject.value].append(kind)
        elif p in LABEL_PROPS:
            o = t.object
            if isinstance(o, Literal):
                names[t.subject.value].append(o.value)
    return kinds, names


def _labels_of(
    kinds: dict[str, list[str]], names: dict[str, list[str]], wanted: Iterable[str] | None
) -> list[Label]:
    """The labels ``_scan`` found: each typed subject's names, as its first kind."""
    want = set(wanted) if wanted else None
    out = []
    for s, ks in kinds.items():
        if want is None or ks[0] in want:
            out += [Label(n, ks[0], s) for n in names.get(s, [])]
    return out


def _text_lang(text: str, lang: str | None) -> str:
    return lang if lang in ("en", "zh") else detect_lang(text)


class RecordTagger:
    """Tag records with the gazetteer; run ``ReportExtractor`` on report records.

    ``lookups`` (``ingest.cache.StoreLookups``) serves the store's names from the per-version
    cache; without it they are queried from ``store``. Records are tagged with
    ``FastGazetteer`` (the gazetteer-only pipeline's matches, no spaCy matcher built), one per
    language the batch's text fields are in."""

    def __init__(self, store: Store, lookups: StoreLookups | None = None) -> None:
        self.store = store
        self.lookups = lookups

    def run(self, records: list[Record]) -> None:
        batch = [t for r in records for t in r.triples]
        reports: list[Record] = []
        plain: list[Record] = []
        for r in records:  # one look at each record's triples (a report carries its text)
            if _report_of(r) is not None:
                reports.append(r)
            elif r.texts:
                plain.append(r)
        if plain:
            self.tag(plain, batch)
        if reports:
            extractor = ReportExtractor(
                self.store, extra_labels=labels_from_triples(batch), lookups=self.lookups
            )
            extractor.batch_affiliations = _affiliations(batch)
            for rec in reports:
                extractor.extract_record(rec)

    def tag(self, plain: list[Record], batch: list[Triple]) -> None:
        """Subjects and related industries from gazetteer matches in the records' text fields."""
        fields = [
            (rec, f, _text_lang(f.text, f.lang))
            for rec in plain
            for f in rec.texts
            if f.text and f.text.strip()
        ]
        if not fields:
            return
        kinds, names = _scan(batch)
        labels = self._labels(TAG_KINDS) + _labels_of(kinds, names, TAG_KINDS)
        gaz = {lang: FastGazetteer.for_labels(lang, labels) for lang in {x[2] for x in fields}}
        kinds_of = {s: set(ks) for s, ks in kinds.items()}
        have: dict[int, set[Triple]] = {}
        for rec, f, lang in fields:
            seen = have.setdefault(id(rec), set(rec.triples))  # Triples hash by value
            self._tag_field(rec, f, gaz[lang].ents(f.text), kinds_of, seen)

    def _labels(self, kinds: Iterable[str]) -> list[Label]:
        """The store's and the built-in vocabulary's labels of ``kinds``."""
        kinds = tuple(kinds)
        if self.store is None:
            labels: list[Label] = []
        elif self.lookups is not None:
            labels = self.lookups.labels(kinds)
        else:
            labels = list(labels_from_store(self.store, kinds))
        return labels + [lab for lab in vocab_technology_labels() if lab.kind in kinds]

    @staticmethod
    def _tag_field(rec: Record, field: Any, ents: list[Ent], kinds_of: dict[str, set[str]],
                   have: set[Triple]) -> None:  # fmt: skip
        subj_kinds = kinds_of.get(field.subject.value, set())
        for ent in ents:
            if ent.type not in TAG_KINDS or not ent.iri:
                continue
            obj = NamedNode(ent.iri)
            if obj == field.subject:
                continue
            if ent.type == "Industry" and "Technology" in subj_kinds:
                pred = vocab.RELATED_INDUSTRY
            elif "Technology" in subj_kinds or "Industry" in subj_kinds:
                continue  # a technology's own description does not make it its subject
            else:
                pred = vocab.SUBJECT
            t = Triple(field.subject, pred, obj)
            if t not in have:
                rec.triples.append(t)
                have.add(t)


def _affiliations(triples: Iterable[Triple]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for t in triples:
        if t.predicate == vocab.MEMBER_OF and isinstance(t.object, NamedNode):
            out[t.subject.value].add(t.object.value)
    return out


REPORT_PREDICATES = frozenset({vocab.PLAIN_TEXT, vocab.LANGUAGE, vocab.FILE_P})


def _report_of(rec: Record) -> tuple[NamedNode, str, str, str] | None:
    """(report IRI, plain text, language, file) if the record is a report from the loader."""
    text = lang = file = None
    node = None
    wanted = REPORT_PREDICATES
    for t in rec.triples:
        p = t.predicate
        if p not in wanted:  # most triples: one set lookup
            continue
        if p == vocab.PLAIN_TEXT:
            node, text = t.subject, t.object.value
        elif p == vocab.LANGUAGE:
            lang = t.object.value
        else:
            file = t.object.value
    if node is None or text is None:
        return None
    return node, text, lang or detect_lang(text), file or rec.file


class ReportExtractor:
    """NER + gazetteer + patterns + relations over a report's plain text."""

    def __init__(
        self, store: Store, extra_labels: Iterable[Label] = (), lookups: StoreLookups | None = None
    ) -> None:
        self.store = store
        self.lookups = lookups
        self.extra_labels = list(extra_labels)
        self.batch_affiliations: dict[str, set[str]] = {}
        self._labels: list[Label] | None = None
        self._affs: dict[str, set[str]] | None = None

    @property
    def labels(self) -> list[Label]:
        if self._labels is None:
            labels: list[Label] = []
            if self.store is not None:
                labels = self.lookups.labels() if self.lookups else labels_from_store(self.store)
            self._labels = labels + list(vocab_technology_labels()) + self.extra_labels
        return self._labels

    def affiliations(self) -> dict[str, set[str]]:
        if self._affs is None:
            affs: dict[str, set[str]] = defaultdict(set)
            if self.store is not None:
                for r in self.store.select(load("extract/affiliations")):
                    affs[r["person"].value].add(r["org"].value)
            for k, v in self.batch_affiliations.items():
                affs[k] |= v
            self._affs = affs
        return self._affs

    def analyse(
        self, text: str, lang: str, kind: str = "auto"
    ) -> tuple[list[Ent], list[tuple[int, int]]]:
        """Entities (linked where the gazetteer or the sentence context decides) and sentences,
        offsets into ``text``; a line end ends a sentence and no entity crosses it. ``kind``:
        see ``ingest.extract.recognise.recognise``."""
        ents, sents = recognise(text, lang, self.labels, kind)
        self._disambiguate(ents, sents)
        return ents, sents

    def _disambiguate(self, ents: list[Ent], sents: list[tuple[int, int]]) -> None:
        """Pick between experts sharing a name by an institution named in the same sentence."""
        amb = [e for e in ents if e.type == "Person" and not e.iri and len(e.candidates) > 1]
        if not amb:
            return
        affs = self.affiliations()
        for e in amb:
            s0, s1 = sents[_sentence_of(e.start, sents)] if sents else (0, 0)
            orgs = {
                o.iri for o in ents if o.type == "Organization" and o.iri and s0 <= o.start < s1
            }
            fits = [c for c in e.candidates if affs.get(c, set()) & orgs]
            if len(fits) == 1:
                e.iri, e.confidence = fits[0], 0.85

    def extract_record(self, rec: Record) -> None:
        found = _report_of(rec)
        if found is None:
            return
        report, text, lang, file = found
        rec.triples.extend(self.extract(report, text, lang))

    def extract(self, report: NamedNode, text: str, lang: str) -> list[Triple]:
        """Triples for the mentions, minted entities and facts of one report."""
        ents, sents = self.analyse(text, lang)
        tag = hashlib.sha256(report.value.encode()).hexdigest()[:12]
        out: list[Triple] = []

        def add(s: Any, p: NamedNode, o: Any) -> None:
            out.append(Triple(s, p, o))

        minted: set[str] = set()
        by_sent: dict[int, list[Ent]] = defaultdict(list)
        for e in ents:
            by_sent[_sentence_of(e.start, sents)].append(e)
        for idx, (a, b) in enumerate(sents):
            sent_ents = by_sent.get(idx, [])
            sent_text = text[a:b]
            sent_ents += rel.chain_spans(sent_text, a, sent_ents, lang)
            for e in sent_ents:
                if e.iri is None:
                    self._mint(e, report, lang, add, minted)
                m = vocab.mint("mention", tag, f"{e.start}-{e.end}")
                add(report, vocab.MENTIONS, m)
                add(m, vocab.TYPE, vocab.MENTION)
                add(m, vocab.MENTION_TEXT, Literal(e.text))
                add(m, vocab.MENTION_TYPE, Literal(e.type))
                add(m, vocab.START_OFFSET, _int(e.start))
                add(m, vocab.END_OFFSET, _int(e.end))
                add(m, vocab.SENTENCE, Literal(sent_text.strip()))
                add(m, vocab.METHOD, Literal(e.method))
                add(m, vocab.CONFIDENCE, _dec(e.confidence))
                add(m, vocab.WAS_DERIVED_FROM, report)
                if e.iri:
                    add(m, vocab.DENOTES, NamedNode(e.iri))
            for f in rel.sentence_facts(sent_text, a, [e for e in sent_ents if e.iri], lang):
                self._fact(f, report, tag, text, sent_text, add, minted, lang)
        return out

    def _mint(self, e: Ent, report: NamedNode, lang: str, add: Any, minted: set[str]) -> None:
        """A new node for an unlinked person, organisation or chain product."""
        label = Literal(e.text, language="zh" if lang == "zh" else "en")
        if e.type in MINT_KIND:
            kind, cls = MINT_KIND[e.type]
            node = vocab.mint(kind, "report", e.text)
            prop = vocab.NAME if e.type == "Person" else vocab.PREF_LABEL
        elif e.type == "Product" and e.method == "pattern":
            node, cls, prop = vocab.mint("product", "report", e.text.lower()), vocab.PRODUCT, None
        else:
            return
        e.iri = node.value
        if node.value in minted:
            return
        minted.add(node.value)
        add(node, vocab.TYPE, cls)
        add(node, prop or vocab.PREF_LABEL, label)
        add(node, vocab.WAS_DERIVED_FROM, report)

    def _fact(self, f: rel.Fact, report: NamedNode, tag: str, text: str, sent: str, add: Any,
              minted: set[str], lang: str) -> None:  # fmt: skip
        s, o = NamedNode(f.subject.iri), NamedNode(f.object.iri)
        if f.predicate in rel.CHAIN:
            s, o = (
                self._as_product(f.subject, report, add, minted, lang),
                self._as_product(f.object, report, add, minted, lang),
            )
        if s == o:
            return
        pred = rel.PREDICATES[f.predicate]
        a, b = f.span
        node = vocab.mint("fact", tag, f"{a}-{b}-{f.predicate}")
        add(s, pred, o)
        add(node, vocab.TYPE, vocab.EXTRACTED_FACT)
        add(node, vocab.RDF_SUBJECT, s)
        add(node, vocab.RDF_PREDICATE, pred)
        add(node, vocab.RDF_OBJECT, o)
        add(node, vocab.WAS_DERIVED_FROM, report)
        add(node, vocab.SENTENCE, Literal(sent.strip()))
        add(node, vocab.MENTION_TEXT, Literal(text[a:b]))
        add(node, vocab.START_OFFSET, _int(a))
        add(node, vocab.END_OFFSET, _int(b))
        add(node, vocab.METHOD, Literal(f"pattern:{f.pattern}"))
        add(node, vocab.CONFIDENCE, _dec(f.confidence))

    def _as_product(self, e: Ent, report: NamedNode, add: Any, minted: set[str],
                    lang: str) -> NamedNode:  # fmt: skip
        """Chain ends are products; a technology end becomes a product that uses it."""
        if e.type == "Product" or e.type == "Organization":
            return NamedNode(e.iri)
        node = vocab.mint("product", "report", e.text.lower())
        if node.value not in minted:
            minted.add(node.value)
            add(node, vocab.TYPE, vocab.PRODUCT)
            add(node, vocab.PREF_LABEL, Literal(e.text, language="zh" if lang == "zh" else "en"))
            add(node, vocab.WAS_DERIVED_FROM, report)
            if e.type == "Technology":
                add(node, vocab.USES_TECHNOLOGY, NamedNode(e.iri))
        return node


def _sentence_of(pos: int, sents: list[tuple[int, int]]) -> int:
    """Index of the sentence holding ``pos`` (sentences are sorted and do not overlap)."""
    return max(bisect.bisect_right(sents, (pos, float("inf"))) - 1, 0)


def extract_text(
    text: str, lang: str = "auto", store: Store | None = None, kind: str = "auto"
) -> list[Ent]:
    """Entity mentions of a text (``ikg extract --text``): nothing is written anywhere."""
    lang = _text_lang(text, lang)
    return ReportExtractor(store).analyse(text, lang, kind)[0]


def extract_report_text(
    rt: ReportText, lang: str = "auto", store: Store | None = None, kind: str = "auto"
) -> list[Ent]:
    """Entity mentions of a report file (``ikg extract FILE``), found in its re-flowed plain
    text and given offsets into the file's text as decoded (``rt.source``) where it has one;
    an entity found across a wrapped line end keeps the source slice, line end included."""
    ents = extract_text(rt.text, lang, store, kind)
    if rt.source is None:
        return ents
    for e in ents:
        e.start, e.end = rt.to_source(e.start, e.end)
        e.text = rt.source[e.start : e.end]
    return ents
