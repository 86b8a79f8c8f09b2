"""What ingest looks up in the store, cached per store version: gazetteer names and the
resolver's known entities.

Each graph's facts (the gazetteer/resolver classes of its IRIs, their names, ORCID/ROR, country,
city, affiliations, concept schemes) are kept apart, so the store *without* the source being ingested (what the
stages must see: re-ingest is idempotent) is the union of the other graphs' facts, joined here as
the named queries ``extract/labels`` and ``resolve/experts|institutions`` join them in SPARQL.

On disk: ``<state_dir>/lookups/<version>.json`` (JSON only, nothing executes on load; a header
line with the body's SHA-256, then the body). A file of another version, of another format, or
whose body does not match its checksum or shape is never trusted: the facts are read again from the
store (three named queries, ``queries/lookups/``) and written for the current version. After an
ingest writes a source, ``StoreLookups.publish`` writes the next version's file from the old
facts and the new source's own triples, without reading the store again; it does so only when
the store's source list proves that nothing else changed in between.

A remote store keeps no cache: the stages query it as before.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from ingest.extract.ents import Label
from ingest.extract.nlp import labels_from_store
from ingest.resolve.model import Mention, known_from_store, mentions_of_known
from kg import vocab
from kg.ipc import SCHEME_IPC
from kg.ipc_cn import SCHEME_SEI
from kg.queries import load
from kg.store.base import SourceInfo, Store, graph_of

FORMAT = 3
HEAD_WIDTH = 256  # bytes of the cache file's header line (padded with spaces)
PIECE_ITEMS = 2000  # entries of a fact map encoded at a time when the cache file is written
KEEP = 2  # cache files kept (the newest versions; ~54 MB each at 1M triples)

# class -> gazetteer kind, as queries/extract/labels.rq maps them
GAZ_CLASS_KIND: dict[str, str] = {
    vocab.TECHNOLOGY.value: "Technology",
    vocab.INDUSTRY.value: "Industry",
    vocab.PRODUCT.value: "Product",
    vocab.EXPERT.value: "Person",
    vocab.FOAF.Person.value: "Person",
    vocab.REGION.value: "Place",
    vocab.SDO.Place.value: "Place",
    vocab.ORG.Organization.value: "Organization",
    **{c.value: "Organization" for c in vocab.INSTITUTION_TYPES.values()},
}
# name properties: one letter each in the cache; the resolver reads all but hiddenLabel
NAME_CODE = {
    vocab.PREF_LABEL.value: "p",
    vocab.ALT_LABEL.value: "a",
    vocab.NAME.value: "n",
    vocab.LABEL.value: "l",
    vocab.SKOS.hiddenLabel.value: "h",
}
CODE_PROP = {v: k for k, v in NAME_CODE.items()}
CONTEXT_KEY = {
    vocab.ORCID.value: "orcid",
    vocab.ROR.value: "ror",
    vocab.COUNTRY_CODE.value: "country",
    vocab.CITY.value: "city",
    vocab.MEMBER_OF.value: "member",
    vocab.IN_SCHEME.value: "scheme",
}
# concepts of these schemes are no names to find in text (extract/labels.rq leaves them out)
NOT_NAMES_SCHEMES = {SCHEME_IPC.value, SCHEME_SEI.value}
FACT_KEYS = ("types", "names", *CONTEXT_KEY.values())
RESOLVER_CLASSES = {
    "person": {vocab.EXPERT.value},
    "institution": {c.value for c in vocab.INSTITUTION_TYPES.values()},
}


@dataclass
class GraphFacts:
    """One graph's facts: ``types`` IRI -> classes, ``names`` IRI -> [[code, text, lang]],
    and IRI -> values for each of ``CONTEXT_KEY``'s keys."""

    data: dict[str, dict[str, list[Any]]] = field(
        default_factory=lambda: {k: {} for k in FACT_KEYS}
    )

    def add(self, key: str, iri: str, value: Any) -> None:
        vals = self.data[key].setdefault(iri, [])
        if value not in vals:
            vals.append(value)

    def add_triple(self, s: Any, p: str, o: Any) -> None:
        """Keep the triple if it is a fact the lookups need (named subjects only)."""
        if not isinstance(s, ox.NamedNode):
            return
        if p == vocab.TYPE.value:
            if isinstance(o, ox.NamedNode) and o.value in GAZ_CLASS_KIND:
                self.add("types", s.value, o.value)
        elif p in NAME_CODE:
            if isinstance(o, ox.Literal):
                self.add("names", s.value, [NAME_CODE[p], o.value, o.language or ""])
        elif p in CONTEXT_KEY and not isinstance(o, ox.Triple):
            self.add(CONTEXT_KEY[p], s.value, o.value)


@dataclass
class Facts:
    """Every graph's facts at one store version, and the source list they were read with."""

    version: str
    graphs: dict[str, GraphFacts]
    stamps: dict[str, list[Any]]

    def encode(self) -> bytes:
        """The cache file: a header line (format, version, SHA-256 and size of the body), then
        the body (stamps and graphs) as JSON (``write``'s bytes)."""
        buf = io.BytesIO()
        self.write(buf)
        return buf.getvalue()

    def write(self, fh: BinaryIO) -> None:
        """The cache file written to ``fh`` a piece at a time: the body is never whole in
        memory (at 200,000 works its text, its bytes and the file's bytes took ~70 MB for a
        moment). The header line is written last over a blank one of ``HEAD_WIDTH`` bytes
        (JSON allows the spaces that pad it)."""
        start = fh.tell()
        fh.write(b" " * HEAD_WIDTH + b"\n")
        digest, size = hashlib.sha256(), 0
        body = {"stamps": self.stamps, "graphs": {g: f.data for g, f in self.graphs.items()}}
        for piece in _json_pieces(body, levels=3):
            data = piece.encode("utf-8")
            digest.update(data)
            size += len(data)
            fh.write(data)
        head = {"format": FORMAT, "version": self.version,
                "sha256": digest.hexdigest(), "bytes": size}  # fmt: skip
        line = json.dumps(head).encode("utf-8")
        end = fh.tell()
        fh.seek(start)
        fh.write(line.ljust(HEAD_WIDTH))
        fh.seek(end)

    @classmethod
    def decode(cls, raw: bytes, version: str) -> Facts:
        """``encode``'s bytes back; ValueError unless whole, intact and of ``version``."""
        head_line, _, body = raw.partition(b"\n")
        head = json.loads(head_line)
        if head.get("format") != FORMAT or head.get("version") != version:
            raise ValueError("another format or version")
        if head.get("bytes") != len(body) or head.get("sha256") != hashlib.sha256(body).hexdigest():
            raise ValueError("the body does not match its checksum")
        d = json.loads(body)
        graphs = {g: GraphFacts(_checked(g, data)) for g, data in d["graphs"].items()}
        stamps = d["stamps"]
        if not isinstance(stamps, dict) or not all(isinstance(v, list) for v in stamps.values()):
            raise ValueError("stamps")
        return cls(version, graphs, stamps)

    def union(self, exclude: str | None) -> dict[str, dict[str, list[Any]]]:
        """All graphs' facts merged, without ``exclude``'s graph and the graphs nested in it."""
        skip = vocab.source_graph(exclude).value if exclude is not None else None
        out: dict[str, dict[str, list[Any]]] = {k: defaultdict(list) for k in FACT_KEYS}
        for g in sorted(self.graphs):
            if skip is not None and (g == skip or g.startswith(skip + "/graph/")):
                continue
            for key, per in self.graphs[g].data.items():
                merged = out[key]
                for iri, vals in per.items():
                    merged[iri].extend(vals)
        return out


def _json_pieces(obj: Any, levels: int) -> Iterator[str]:
    """``json.dumps(obj, ensure_ascii=False)`` in pieces: the dicts of the first ``levels``
    levels opened here, a deeper dict ``PIECE_ITEMS`` items at a time."""
    if not isinstance(obj, dict):
        yield json.dumps(obj, ensure_ascii=False)
        return
    yield "{"
    items = iter(obj.items())
    if levels > 0:
        for i, (k, v) in enumerate(items):
            yield (", " if i else "") + json.dumps(k, ensure_ascii=False) + ": "
            yield from _json_pieces(v, levels - 1)
    else:
        first = True
        while part := dict(itertools.islice(items, PIECE_ITEMS)):
            yield ("" if first else ", ") + json.dumps(part, ensure_ascii=False)[1:-1]
            first = False
    yield "}"


def _checked(graph: str, data: Any) -> dict[str, dict[str, list[Any]]]:
    """One graph's facts as read from JSON, their shape checked (ValueError if not)."""
    if not isinstance(data, dict) or set(data) != set(FACT_KEYS):
        raise ValueError(f"graph {graph}: unexpected keys")
    for key, per in data.items():
        if not isinstance(per, dict):
            raise ValueError(f"graph {graph}: {key} is not an object")
        for vals in per.values():
            if key == "names":
                ok = all(isinstance(v, list) and len(v) == 3 and all(isinstance(x, str) for x in v)
                         and v[0] in CODE_PROP for v in vals)  # fmt: skip
            else:
                ok = all(isinstance(v, str) for v in vals)
            if not isinstance(vals, list) or not ok:
                raise ValueError(f"graph {graph}: a malformed {key} entry")
    return data


def stamps_of(sources: dict[str, SourceInfo]) -> dict[str, list[Any]]:
    """Each source's graph, counts, time and content hash (the time as the store reads it)."""
    return {
        n: [s.graph, s.triples, s.records, s.ingested.replace("+00:00", "Z"), s.content_hash]
        for n, s in sources.items()
    }


def read_facts(store: Store, version: str) -> Facts:
    """Every graph's facts, read from the store (three named queries)."""
    graphs: dict[str, GraphFacts] = {g.value: GraphFacts() for g in store.graphs()}
    meta = vocab.META_GRAPH.value
    for name in ("types", "names", "context"):
        pred = vocab.TYPE.value if name == "types" else None
        for sol in store.query(load(f"lookups/{name}")):
            g = sol["g"].value
            if g == meta:
                continue
            facts = graphs.setdefault(g, GraphFacts())
            if pred is not None:
                facts.add_triple(sol["s"], pred, sol["c"])
            else:
                facts.add_triple(sol["s"], sol["p"].value, sol["o"])
    return Facts(version, graphs, stamps_of(store.sources()))


# the predicates ``GraphFacts.add_triple`` keeps something of
FACT_PREDICATES = frozenset(ox.NamedNode(p) for p in (vocab.TYPE.value, *NAME_CODE, *CONTEXT_KEY))


def facts_of_items(source: str, items: Iterable[ox.Triple | ox.Quad]) -> dict[str, GraphFacts]:
    """The facts of a source's triples (quads go to nested graphs, as the writer puts them)."""
    graph = vocab.source_graph(source)
    out: dict[str, GraphFacts] = {graph.value: GraphFacts()}
    wanted = FACT_PREDICATES
    for t in items:
        if t.predicate not in wanted:  # most triples (titles, abstracts, links) hold no fact
            continue
        g = graph_of(t, graph)
        out.setdefault(g.value, GraphFacts()).add_triple(t.subject, t.predicate.value, t.object)
    return out


class StoreLookups:
    """The gazetteer names and the resolver's known entities of ``store`` without the source
    ``exclude``. The constructor touches nothing; the cache is read at the first lookup."""

    def __init__(self, store: Store, exclude: str | None = None) -> None:
        self.store = store
        self.exclude = exclude
        self.facts: Facts | None = None
        self.rebuilt = False  # True when the facts were read from the store this time
        self._union: dict[str, dict[str, list[Any]]] | None = None

    @property
    def folder(self) -> Path:
        return self.store.state_dir / "lookups"

    def _versioned(self) -> bool:
        """Only the embedded store: its versions are immutable snapshots. A remote store's
        version token is a hash of its source list, and its graphs are the server's."""
        return self.store.kind == "oxigraph" and self.store.current_version() is not None

    def load(self) -> Facts:
        """The facts of the current version: the cache file when it is whole, else the store."""
        if self.facts is not None:
            return self.facts
        version = self.store.current_version()
        if version is None or not self._versioned():
            raise ValueError("only the embedded store keeps a lookup cache")
        path = self.folder / f"{version}.json"
        try:
            self.facts = Facts.decode(path.read_bytes(), version)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.facts = read_facts(self.store, version)
            self.rebuilt = True
            if self.store.current_version() == version:  # nobody published meanwhile
                self._save(self.facts)
        return self.facts

    def union(self) -> dict[str, dict[str, list[Any]]]:
        if self._union is None:
            self._union = self.load().union(self.exclude)
        return self._union

    def labels(self, kinds: Iterable[str] | None = None) -> list[Label]:
        """What ``labels_from_store(view, kinds)`` gives (the same set, in a fixed order)."""
        if not self._versioned():
            return labels_from_store(self._view(), kinds)
        wanted = set(kinds) if kinds else None
        u = self.union()
        out: set[Label] = set()
        for iri, classes in u["types"].items():
            if NOT_NAMES_SCHEMES.intersection(u["scheme"].get(iri, ())):
                continue
            own = {GAZ_CLASS_KIND[c] for c in classes}
            own = own if wanted is None else own & wanted
            if not own:
                continue
            for _, text, _ in u["names"].get(iri, ()):
                out.update(Label(text, k, iri) for k in own)
        return sorted(out, key=lambda lab: (lab.iri or "", lab.kind, lab.text))

    def known(self, kind: str) -> list[Mention]:
        """What ``known_from_store(view, kind)`` gives: the store's experts or institutions."""
        if not self._versioned():
            return known_from_store(self._view(), kind)
        u = self.union()
        classes = RESOLVER_CLASSES[kind]
        per: dict[str, dict[str, Any]] = {}
        for iri in sorted(u["types"]):
            if not classes & set(u["types"][iri]):
                continue
            d = _entity(u, iri, kind)
            if d["labels"]:
                per[iri] = d
        return mentions_of_known(per, kind)

    def _view(self) -> Store:
        return self.store.excluding(self.exclude) if self.exclude is not None else self.store

    def publish(self, source: str, items: Iterable[ox.Triple | ox.Quad], info: SourceInfo) -> bool:
        """After ``source`` was written: the new version's cache from the old facts and the
        source's own triples. Skipped (False) when the facts were never loaded or when the
        store's sources show another change than this one (the next ingest reads the store)."""
        if self.facts is None or not self._versioned():
            return False
        return self.publish_facts(source, facts_of_items(source, items), info)

    def own_facts(
        self, source: str, items: Iterable[ox.Triple | ox.Quad]
    ) -> dict[str, GraphFacts] | None:
        """The facts ``publish`` takes from ``source``'s triples, or None when it would publish
        nothing (no facts loaded, or a store without versions)."""
        if self.facts is None or not self._versioned():
            return None
        return facts_of_items(source, items)

    def publish_facts(self, source: str, own: dict[str, GraphFacts], info: SourceInfo) -> bool:
        """``publish`` with the source's facts already taken from its triples (``own_facts``:
        the writer gathers them in a thread while the store loads the triples)."""
        if self.facts is None or not self._versioned():
            return False
        skip = vocab.source_graph(source).value
        graphs = {
            g: f
            for g, f in self.facts.graphs.items()
            if not (g == skip or g.startswith(skip + "/graph/"))
        }
        graphs.update(own)
        stamps = {n: s for n, s in self.facts.stamps.items() if n != source}
        stamps |= stamps_of({source: info})
        version = self.store.current_version()
        now = stamps_of(self.store.sources())
        if version is None or self.store.current_version() != version or now != stamps:
            return False
        self._save(Facts(version, graphs, stamps))
        return True

    def _save(self, facts: Facts) -> None:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{facts.version}.{os.getpid()}.tmp"
        with tmp.open("wb") as fh:
            facts.write(fh)
        os.replace(tmp, folder / f"{facts.version}.json")
        old = sorted(folder.glob("v*.json"))
        for p in old[:-KEEP]:
            p.unlink(missing_ok=True)


def _entity(u: dict[str, dict[str, list[Any]]], iri: str, kind: str) -> dict[str, Any]:
    """One known entity as ``known_from_store`` aggregates it: labels ranked (pref/name first,
    English first), the smallest id, country and city, and an affiliation's name (where the
    query takes whichever row comes first, this takes the smallest value: a fixed choice)."""
    labels: dict[str, tuple[bool, bool]] = {}
    for code, text, lang in sorted(u["names"].get(iri, ())):
        if code == "h":
            continue
        rank = (code in ("p", "n"), lang == "en")
        if text not in labels or labels[text] < rank:
            labels[text] = rank
    ids = sorted(u["orcid" if kind == "person" else "ror"].get(iri, ()))
    aff = ""
    if kind == "person":  # the first affiliation's display name, English first
        for org in sorted(u["member"].get(iri, ())):
            names = [(lang != "en", text) for code, text, lang in u["names"].get(org, ())
                     if code in ("p", "n")]  # fmt: skip
            if names:
                aff = min(names)[1]
                break
    first = {f: sorted(map(str, u[f].get(iri, ())))[:1] for f in ("country", "city")}
    return {
        "labels": labels,
        "ids": ids[0] if ids else "",
        "aff": aff,
        "country": first["country"][0] if first["country"] else "",
        "city": first["city"][0] if first["city"] else "",
    }
