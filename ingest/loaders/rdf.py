"""RDF files: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, parsed by pyoxigraph.

Parsing and storing use the same library, so nothing rdflib would accept slips past the
store's rules. Each subject is one record (blank nodes travel with the subject that
refers to them). Named graphs in the input are kept as graphs nested under the source's
graph by the writer, never written as given. DOCTYPE/ENTITY declarations are refused
(entity expansion bombs), and no remote ``@context`` is ever fetched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ingest.loaders import register
from ingest.loaders.textio import decode, read_bytes
from ingest.types import LoadContext, Record
from kg import vocab
from kg.errors import InputError, LimitError

EXT_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
_NQ_LINE = re.compile(r"^\s*(<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s+\S")
_TURTLE_HINT = re.compile(r"^\s*(@prefix|@base|PREFIX|BASE)\b", re.M | re.I)


def sniff_format(path: Path, head: str) -> ox.RdfFormat | None:
    text = head.lstrip("\ufeff \r\n\t")
    ext = EXT_FORMATS.get(path.suffix.lower())
    if text.startswith(("<?xml", "<rdf:RDF")) or re.match(r"<\w+:RDF\b", text):
        return ox.RdfFormat.RDF_XML if "rdf-syntax-ns#" in head or "RDF" in head[:300] else None
    if text.startswith(("{", "[")):
        return ox.RdfFormat.JSON_LD if re.search(r'"@(context|graph|id|type)"', head) else None
    if _TURTLE_HINT.search(head):
        return (
            ox.RdfFormat.TRIG
            if ext == ox.RdfFormat.TRIG or re.search(r"^\s*(GRAPH\s+)?<[^>]*>\s*\{", head, re.M)
            else ox.RdfFormat.TURTLE
        )
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    if _NQ_LINE.match(first):
        if ext in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N_TRIPLES):
            return ext
        return ox.RdfFormat.N_QUADS  # N-Triples is a subset of N-Quads
    return None


class RdfLoader:
    name = "rdf"
    priority = 60

    def sniff(self, path: Path, head: bytes) -> bool:
        return sniff_format(path, head.decode("utf-8", "ignore")) is not None

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        for f in files:
            data = read_bytes(f, ctx.settings.max_file_bytes)
            text = decode(data, f, ctx.encoding)
            fmt = sniff_format(f, text[:65536])
            if fmt is None:
                raise InputError(f"{f}: not a supported RDF serialisation")
            if fmt == ox.RdfFormat.RDF_XML and re.search(r"<!(DOCTYPE|ENTITY)", text[:65536]):
                raise LimitError(
                    f"{f}: RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity "
                    "expansion); remove the DTD and write the IRIs out"
                )
            if fmt == ox.RdfFormat.JSON_LD and re.search(r'"@context"\s*:\s*"https?:', text):
                raise InputError(
                    f"{f}: the JSON-LD @context is a remote URL, which ikg never fetches; "
                    "inline the context object in the file"
                )
            try:
                quads = list(
                    ox.parse(text.encode("utf-8"), format=fmt, base_iri=f"file:///{f.name}")
                )
            except SyntaxError as e:
                raise InputError(f"{f}: {fmt.name} does not parse: {e}; fix the file") from None
            except (ValueError, OSError) as e:
                raise InputError(f"{f}: cannot read as {fmt.name}: {e}") from None
            yield from _records(f, quads, ctx)


def _records(f: Path, quads: list[ox.Quad], ctx: LoadContext) -> Iterator[Record]:
    by_subject: dict[object, list[ox.Quad]] = defaultdict(list)
    referrer: dict[ox.BlankNode, object] = {}
    for q in quads:
        by_subject[q.subject].append(q)
        if isinstance(q.object, ox.BlankNode) and q.object not in referrer:
            referrer[q.object] = q.subject
    limit = ctx.settings.max_field_chars * 10
    owner: dict[object, object] = {}
    for s in by_subject:
        root, hops = s, 0
        while isinstance(root, ox.BlankNode) and root in referrer and hops < 64:
            root, hops = referrer[root], hops + 1
        owner[s] = root
    grouped: dict[object, list[ox.Quad]] = defaultdict(list)
    for s, qs in by_subject.items():
        grouped[owner[s]].extend(qs)
    for n, (root, qs) in enumerate(grouped.items(), start=1):
        label = root.value if isinstance(root, ox.NamedNode) else f"blank node {n}"
        rec = Record(
            file=str(f), locator=f"subject <{label}>" if isinstance(root, ox.NamedNode) else label
        )
        for q in qs:
            if isinstance(q.object, ox.Literal) and len(q.object.value) > limit:
                rec.errors.append(
                    f"a literal of {len(q.object.value)} characters is over the limit of {limit}"
                )
                break
            rec.triples.append(
                q
                if not isinstance(q.graph_name, ox.DefaultGraph)
                else ox.Triple(q.subject, q.predicate, q.object)
            )
            if isinstance(q.subject, ox.NamedNode):
                rec.subjects.add(q.subject)
        rec.triples += concepts_as_technologies(rec.triples)
        yield rec


def concepts_as_technologies(triples: list[ox.Triple | ox.Quad]) -> list[ox.Triple]:
    """A user's SKOS scheme is a technology scheme: each ``skos:Concept`` that has no ikg class
    (ikg:Industry, ikg:Technology, ...) becomes an ``ikg:Technology`` as well, and a
    ``skos:narrower`` statement also gets its ``skos:broader`` (what the views follow)."""
    typed: dict[ox.NamedNode, set[str]] = defaultdict(set)
    out: list[ox.Triple] = []
    for t in triples:
        if t.predicate == vocab.TYPE and isinstance(t.subject, ox.NamedNode):
            typed[t.subject].add(t.object.value)
        elif t.predicate == vocab.SKOS.narrower and isinstance(t.object, ox.NamedNode):
            out.append(ox.Triple(t.object, vocab.BROADER, t.subject))
    out += [
        ox.Triple(s, vocab.TYPE, vocab.TECHNOLOGY)
        for s, classes in typed.items()
        if vocab.SKOS.Concept.value in classes
        and not any(c.startswith(vocab.IKG.iri) for c in classes)
    ]
    return out


LOADER = register(RdfLoader())
