"""Gazetteer patterns: which names a gazetteer keeps and how it matches them.

One pattern per name (``gazetteer_patterns``): case-blind unless it is an acronym (then token by
token, case kept); a name of entities of several kinds takes the first kind of
``KIND_PRIORITY`` and carries every candidate IRI of that kind. Shared by the spaCy gazetteer
(``ingest.extract.nlp.Gazetteer``) and ``ingest.extract.gazmatch.FastGazetteer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.extract.ents import KIND_PRIORITY, TYPES, Label

GAZ_PREFIX = "gaz:"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _usable(text: str, lang: str) -> bool:
    t = text.strip()
    if _CJK.search(t):
        return len(t) >= 2
    if lang == "zh" and not _CJK.search(t) and len(t) < 2:
        return False
    return len(t) >= 3 or (len(t) >= 2 and t.isupper())


def _is_acronym(text: str) -> bool:
    t = text.strip()
    return not _CJK.search(t) and len(t) <= 6 and any(c.isupper() for c in t[1:] or t)


@dataclass(frozen=True)
class GazPattern:
    """One gazetteer pattern: ``text`` as written, matched case-blind (``acronym``: token by
    token, case kept), labelled ``kind``, with ``pid`` = ``"gaz:" + " ".join(candidate IRIs)``."""

    text: str
    kind: str
    pid: str
    acronym: bool


def gazetteer_patterns(labels: Iterable[Label], lang: str) -> list[GazPattern]:
    """The patterns a gazetteer over ``labels`` holds: one per name (case-blind unless an
    acronym); a name of entities of several kinds takes the first kind of ``KIND_PRIORITY``."""
    by_text: dict[str, dict[str, set[str]]] = {}
    surface: dict[str, str] = {}
    for lab in labels:
        text = " ".join(lab.text.split())
        if lab.kind not in TYPES or not _usable(text, lang):
            continue
        key = text if _is_acronym(text) else text.lower()
        surface.setdefault(key, text)
        kinds = by_text.setdefault(key, {})
        kinds.setdefault(lab.kind, set())
        if lab.iri:
            kinds[lab.kind].add(lab.iri)
    out = []
    for key, kinds in by_text.items():
        kind = next(k for k in KIND_PRIORITY if k in kinds)
        text = surface[key]
        pid = GAZ_PREFIX + " ".join(sorted(kinds[kind]))
        out.append(GazPattern(text, kind, pid, _is_acronym(text)))
    return out
