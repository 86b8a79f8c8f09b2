"""What extraction produces: ``Ent`` (one entity mention), ``Label`` (one name of one entity,
what the gazetteer is built from) and the confidence ``CONF`` of each way of finding a mention.
Shared by the English and Chinese pipelines and the relation extractor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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
