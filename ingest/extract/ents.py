"""What extraction produces: ``Ent`` (one entity mention), ``Label`` (one name of one entity,
what the gazetteer is built from) and the confidence ``CONF`` of each way of finding a mention.
Shared by the English and Chinese pipelines and the relation extractor."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.extract import lexicon as lex

TYPES = ("Person", "Organization", "Technology", "Industry", "Product", "Place")
# when one label names entities of several kinds, the first kind here wins
KIND_PRIORITY = ("Person", "Organization", "Technology", "Product", "Industry", "Place")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
CONF = {
    "gazetteer": 0.95,
    "gazetteer-ambiguous": 0.8,
    "gazetteer-builtin": 0.9,
    "ner": 0.75,
    "pattern": 0.7,
}


@dataclass(frozen=True)
class Label:
    """One name of one entity: the text, its type (one of ``TYPES``) and IRI (None: built-in)."""

    text: str
    kind: str
    iri: str | None = None


@dataclass
class Ent:
    start: int
    end: int
    text: str
    type: str
    iri: str | None = None
    confidence: float = 0.7
    method: str = "ner"
    candidates: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "iri": self.iri,
            "confidence": round(self.confidence, 3),
        }


def detect_lang(text: str) -> str:
    """ "zh" when CJK characters are at least as many as Latin words, else "en"."""
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN_WORD.findall(sample))
    return "zh" if cjk and cjk >= latin else "en"


def builtin_places() -> list[Label]:
    """Countries, Chinese provinces and large cities (English and Chinese) as place names."""
    return [Label(t, "Place") for t in lex.PLACES_EN + lex.PLACES_ZH]


def labels_key(labels: Iterable[Label]) -> str:
    """A short digest of a label set (pipelines and gazetteers are cached by it)."""
    h = hashlib.sha256()
    for lab in sorted(set(labels), key=lambda x: (x.text, x.kind, x.iri or "")):
        h.update(f"{lab.text}\x1f{lab.kind}\x1f{lab.iri or ''}\x1e".encode())
    return h.hexdigest()[:16]
