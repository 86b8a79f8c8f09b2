"""Accept candidate topics (``kg.topics``) as technologies: SKOS Turtle, ingested as a source.

Each accepted candidate becomes a concept typed ``ikg:Technology`` and ``skos:Concept`` in a user
scheme (``--scheme NAME``, default ``topics``): preferred labels (one per language), the other
names as alt labels, ``skos:broader`` the suggested (or given) broader concept, and
``dcterms:subject`` links from the candidate's works, so expert evidence, the gazetteer and the
technology views use it at once. The scheme is one source, ``topics-NAME``; its Turtle file is
kept at ``<store state dir>/topics/NAME.ttl`` and goes through the normal ingest path
(``run_ingest``: SHACL gate, quarantine). Accepting more candidates later re-ingests the
scheme's concepts already in the store plus the new ones (re-running a source replaces it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ingest.pipeline import run_ingest
from ingest.types import IngestResult
from kg import queries, vocab
from kg.errors import ConfigError, NotFoundError
from kg.store.base import Store
from kg.textindex import is_cjk
from kg.topics.candidates import MIN_WORKS, Candidate
from kg.topics.corpus import Corpus
from kg.topics.service import find_topics

MAX_ALT_LABELS = 8


@dataclass
class Accepted:
    result: IngestResult
    concepts: dict[str, str]  # candidate id -> concept IRI
    path: Path

    def as_json(self) -> dict[str, object]:
        return {**self.result.as_json(), "concepts": self.concepts, "file": str(self.path)}


def scheme_source(scheme: str) -> str:
    return f"topics-{vocab.slug(scheme)}"


def _labels(c: Candidate, label: str | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Preferred label per language and the alt labels of a candidate (``label`` overrides the
    preferred label of its language; the old one becomes an alt label)."""
    pref: dict[str, str] = {}
    alts: list[tuple[str, str]] = []
    if label:
        pref["zh" if is_cjk(label) else "en"] = label.strip()
    for t in c.terms:
        if t.lang not in pref:
            pref[t.lang] = t.text
        elif t.text != pref[t.lang] and len(alts) < MAX_ALT_LABELS:
            alts.append((t.text, t.lang))
    return pref, alts


def concept_triples(
    c: Candidate, corpus: Corpus, scheme: ox.NamedNode, broader: str | None, label: str | None
) -> tuple[ox.NamedNode, list[ox.Triple]]:
    pref, alts = _labels(c, label)
    name = pref.get("en") or pref["zh"]
    node = vocab.mint("technology", "topics", scheme.value.rsplit("/", 1)[-1], name)
    out = [
        ox.Triple(node, vocab.TYPE, vocab.SKOS.Concept),
        ox.Triple(node, vocab.TYPE, vocab.TECHNOLOGY),
        ox.Triple(node, vocab.IN_SCHEME, scheme),
        ox.Triple(node, vocab.DCT_SOURCE, ox.Literal(f"ikg topics candidate {c.id}")),
    ]
    out += [ox.Triple(node, vocab.PREF_LABEL, ox.Literal(v, language=k)) for k, v in pref.items()]
    out += [ox.Triple(node, vocab.ALT_LABEL, ox.Literal(v, language=k)) for v, k in alts]
    if broader:
        out.append(ox.Triple(node, vocab.BROADER, ox.NamedNode(broader)))
    for i in c.works:
        out.append(ox.Triple(ox.NamedNode(corpus.works[i].iri), vocab.SUBJECT, node))
    return node, out


def _kept(store: Store, source: str) -> list[ox.Triple]:
    """The scheme's triples already in the store (its earlier accepted concepts)."""
    graph = vocab.source_graph(source)
    if graph not in store.graphs():
        return []
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)]


def _check_broader(store: Store, broader: str) -> None:
    if not store.ask(queries.load("topics/is_technology"), {"tech": ox.NamedNode(broader)}):
        raise NotFoundError(
            f"--broader {broader}: no ikg:Technology with that IRI in the store; "
            "give the IRI of an existing technology (see `ikg topics --json`, field broader)"
        )


def accept_topics(
    store: Store,
    ids: list[str],
    *,
    label: str | None = None,
    broader: str | None = None,
    scheme: str = "topics",
    lang: str | None = None,
    min_works: int = MIN_WORKS,
    limit: int = 50,
) -> Accepted:
    """Write the candidates ``ids`` (as ``ikg topics`` lists them with the same ``lang`` and
    ``min_works``; ids are stable, and one listed under ``--limit N`` is found under N or more)
    as technologies of ``scheme`` and ingest them."""
    if not ids:
        raise ConfigError("name at least one candidate id (from `ikg topics`)")
    if label and len(ids) > 1:
        raise ConfigError("--label names one concept: accept one candidate id with it")
    if broader:
        _check_broader(store, broader)
    found = find_topics(store, lang=lang, limit=limit, min_works=min_works)
    by_id = {c.id: c for c in found.candidates}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise NotFoundError(
            f"no candidate {', '.join(missing)} in this store with --lang {lang or 'both'} "
            f"--min-works {min_works} --limit {limit}: run `ikg topics` with the same options for the ids "
            "(an accepted candidate is not listed again)"
        )
    scheme_node = vocab.mint("scheme", "topics", scheme)
    source = scheme_source(scheme)
    triples = [
        ox.Triple(scheme_node, vocab.TYPE, vocab.SKOS.ConceptScheme),
        ox.Triple(scheme_node, vocab.PREF_LABEL, ox.Literal(scheme, language="en")),
    ]
    concepts: dict[str, str] = {}
    for cid in ids:
        c = by_id[cid]
        up = broader or (c.broader or {}).get("iri")
        node, ts = concept_triples(c, found.corpus, scheme_node, up, label)
        concepts[cid] = node.value
        triples += ts
    triples = list(dict.fromkeys(_kept(store, source) + triples))
    folder = Path(store.state_dir) / "topics"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{vocab.slug(scheme)}.ttl"
    path.write_bytes(
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(vocab.PREFIXES))
    )
    return Accepted(run_ingest(store, [path], source=source), concepts, path)
