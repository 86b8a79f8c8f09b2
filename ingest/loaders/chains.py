"""Industry-chain CSV files: chains, segments, items, links, providers, shares.

Each file is recognised by its header row (column order free, extra columns ignored, BOM and
GBK handled by ``read_csv``). All chain files of one ingest are read together so that ids
refer across files; ids become IRIs under the source (``ctx.mint(kind, id)``). One ``Record``
per CSV row; a bad row is quarantined with a message naming the file, the line and the fix,
and everything else lands. Cycles in ``input_of``/``type_of``/``upstream_of`` are reported as
warnings on the rows that form them (the data is kept; readers never follow them forever).
The format is documented in the README.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from ingest.loaders import fields as b
from ingest.loaders import register
from ingest.loaders.chain_format import (
    FALSE_WORDS,
    ISO3_RE,
    ITEM_KINDS,
    KINDS,
    POSITIONS,
    PROVIDER_KINDS,
    RELATIONS,
    SHARE_WARN_SUM,
    TRUE_WORDS,
    Row,
    classify,
    header_of,
    parse_share,
    strongly_connected,
    technology_iri,
)
from ingest.loaders.textio import read_csv, split_list
from ingest.types import LoadContext, Record
from kg import vocab
from kg.errors import KGError
from kg.schemes import industry_iri


class ChainsLoader:
    name = "chains"
    priority = 50

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.suffix.lower() not in (".csv", ".tsv", ".txt", ""):
            return False
        return classify(header_of(head)) is not None

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        rows: dict[str, list[Row]] = {k: [] for k in KINDS}
        for f in files:
            header, it = read_csv(
                f, ctx.settings.max_file_bytes, ctx.settings.max_field_chars, ctx.encoding
            )
            fk = classify(header)
            if fk is None:
                continue
            missing = [c for c in fk.required if c not in header]
            rows[fk.kind].extend(Row(fk, str(f), line, data, missing) for line, data in it)
        yield from Builder(ctx, rows).build()


register(ChainsLoader())


# --- building -------------------------------------------------------------------------------


class Builder:
    """Turns the parsed rows of one file set into records (cross-file checks included)."""

    def __init__(self, ctx: LoadContext, rows: dict[str, list[Row]]) -> None:
        self.ctx = ctx
        self.rows = rows
        self.ids: dict[str, set[str]] = {}
        for kind, col in (
            ("chains", "chain_id"),
            ("segments", "segment_id"),
            ("items", "item_id"),
            ("providers", "provider_id"),
        ):
            self.ids[kind] = {r.get(col) for r in rows[kind] if r.get(col)}
        for kind in ("chain", "segment", "item", "provider"):
            ctx.known_ids.setdefault(kind, set()).update(self.ids[kind + "s"])
        self.seg_chain = {r.get("segment_id"): r.get("chain_id") for r in rows["segments"]}
        self._share_nodes: set[NamedNode] = set()
        self.provider_kind = {
            r.get("provider_id"): r.get("kind").lower() for r in rows["providers"]
        }

    def build(self) -> Iterator[Record]:
        for kind in ("chains", "segments", "items", "providers", "links", "shares"):
            for row in self.rows[kind]:
                if row.missing:
                    cols = ", ".join(row.missing)
                    row.error(
                        f"the {kind} file has no column {cols}; add it to the header "
                        f"(the {kind} file needs {','.join(row.fk.required)})"
                    )
                    continue
                try:
                    getattr(self, "_" + kind)(row)
                except (KGError, ValueError) as e:
                    row.error(str(e))
        self._check_shares_sum()
        self._check_cycles()
        for kind in ("chains", "segments", "items", "providers", "links", "shares"):
            for row in self.rows[kind]:
                yield row.record

    # -- helpers --------------------------------------------------------------------------
    def _need(self, row: Row, *cols: str) -> dict[str, str]:
        out = {}
        for c in cols:
            v = row.get(c)
            if not v:
                raise ValueError(f"the {c} column is empty; fill it in")
            out[c] = v
        return out

    def _labels(self, row: Row, node: NamedNode) -> None:
        rec = row.record
        name, name_zh = row.get("name"), row.get("name_zh")
        if not name and not name_zh:
            raise ValueError("the name column is empty; fill name or name_zh")
        b.add_labels(rec, node, name, name_zh)
        desc = row.get("description")
        if desc:
            rec.add(node, vocab.DESCRIPTION, b.text_lit(desc))

    def _codes(self, row: Row, node: NamedNode) -> None:
        for code in split_list(row.get("industry_codes")):
            try:
                row.record.add(node, vocab.INDUSTRY_CODE, industry_iri(code))
            except KGError as e:
                row.warn(f"industry code {code!r} skipped: {e}")

    def _chain_of(self, row: Row, chain_id: str) -> NamedNode:
        if chain_id not in self.ids["chains"]:
            known = ", ".join(sorted(self.ids["chains"])) or "none"
            raise ValueError(
                f"chain_id {chain_id!r} is not defined in any chains file (known: {known}); "
                "fix the id or add the chain to the chains file"
            )
        return self.ctx.mint("chain", chain_id)

    # -- one builder per file kind ----------------------------------------------------------
    def _chains(self, row: Row) -> None:
        cid = self._need(row, "chain_id")["chain_id"]
        node = row.record.own(self.ctx.mint("chain", cid))
        row.record.add(node, vocab.TYPE, vocab.INDUSTRY_CHAIN)
        row.record.add(node, vocab.CHAIN_ID, Literal(cid))
        self._labels(row, node)
        self._codes(row, node)

    def _segments(self, row: Row) -> None:
        v = self._need(row, "chain_id", "segment_id", "position", "order")
        rec = row.record
        position = v["position"].lower()
        if position not in POSITIONS:
            raise ValueError(
                f"position {v['position']!r} is not one of {', '.join(POSITIONS)}; fix it"
            )
        try:
            order = int(Decimal(v["order"]))
            if Decimal(v["order"]) != order:
                raise InvalidOperation
        except InvalidOperation:
            raise ValueError(f"order {v['order']!r} is not an integer; write 1, 2, 3…") from None
        chain = self._chain_of(row, v["chain_id"])
        node = rec.own(self.ctx.mint("segment", v["segment_id"]))
        rec.add(node, vocab.TYPE, vocab.CHAIN_SEGMENT)
        rec.add(node, vocab.CHAIN_ID, Literal(v["segment_id"]))
        rec.add(node, vocab.CHAIN_P, chain)
        rec.add(node, vocab.POSITION, Literal(position))
        rec.add(node, vocab.ORDER, b.int_lit(order))
        self._labels(row, node)
        self._codes(row, node)
        # upstreamOf from order: each segment is upstream of the segments of the next order
        later = []
        for other in self.rows["segments"]:
            if other.get("chain_id") != v["chain_id"] or other is row:
                continue
            try:
                o = int(Decimal(other.get("order")))
            except (InvalidOperation, ValueError):
                continue
            if o > order:
                later.append((o, other.get("segment_id")))
        if later:
            nxt = min(o for o, _ in later)
            for o, sid in later:
                if o == nxt and sid:
                    rec.add(node, vocab.UPSTREAM_OF, self.ctx.mint("segment", sid))

    def _items(self, row: Row) -> None:
        v = self._need(row, "item_id", "kind")
        rec = row.record
        kind = v["kind"].lower()
        if kind not in ITEM_KINDS:
            raise ValueError(f"kind {v['kind']!r} is not one of {', '.join(ITEM_KINDS)}; fix it")
        seg = row.get("segment_id")
        if seg and seg not in self.ids["segments"]:
            raise ValueError(
                f"segment_id {seg!r} is not defined in any segments file; fix the id, add the "
                "segment, or leave segment_id empty"
            )
        chain_id = row.get("chain_id")
        if not chain_id:
            if seg and self.seg_chain.get(seg):
                chain_id = self.seg_chain[seg]
            elif len(self.ids["chains"]) == 1:
                chain_id = next(iter(self.ids["chains"]))
            else:
                raise ValueError(
                    "chain_id is empty and the file set holds "
                    f"{len(self.ids['chains'])} chains; fill chain_id"
                )
        chain = self._chain_of(row, chain_id)
        if seg and self.seg_chain.get(seg) and self.seg_chain[seg] != chain_id:
            row.warn(f"segment {seg!r} belongs to chain {self.seg_chain[seg]!r}, not {chain_id!r}")
        node = rec.own(self.ctx.mint("item", v["item_id"]))
        rec.add(node, vocab.TYPE, vocab.PRODUCT)
        rec.add(node, vocab.CHAIN_ID, Literal(v["item_id"]))
        rec.add(node, vocab.CHAIN_P, chain)
        rec.add(node, vocab.ITEM_KIND, Literal(kind))
        if seg:
            rec.add(node, vocab.SEGMENT_P, self.ctx.mint("segment", seg))
        self._labels(row, node)
        for t in split_list(row.get("technologies")):
            rec.add(node, vocab.USES_TECHNOLOGY, technology_iri(t, self.ctx.find_technology))

    def _providers(self, row: Row) -> None:
        v = self._need(row, "provider_id", "kind")
        rec = row.record
        kind = v["kind"].lower()
        if kind not in PROVIDER_KINDS:
            raise ValueError(
                f"kind {v['kind']!r} is not one of {', '.join(PROVIDER_KINDS)}; fix it"
            )
        agg = row.get("aggregate").lower()
        if agg not in TRUE_WORDS and agg not in FALSE_WORDS:
            raise ValueError(f"aggregate {row.get('aggregate')!r} must be yes or empty")
        country = row.get("country").upper()
        if country and not ISO3_RE.match(country):
            raise ValueError(
                f"country {row.get('country')!r} is not an ISO 3166-1 alpha-3 code (e.g. CHN, "
                "USA, DEU); fix it or leave it empty when unknown"
            )
        node = rec.own(self.ctx.mint("provider", v["provider_id"]))
        rec.add(node, vocab.TYPE, vocab.PROVIDER)
        rec.add(node, vocab.CHAIN_ID, Literal(v["provider_id"]))
        rec.add(node, vocab.PROVIDER_KIND, Literal(kind))
        rec.add(node, vocab.AGGREGATE, b.bool_lit(agg in TRUE_WORDS))
        if country:
            rec.add(node, vocab.COUNTRY_CODE, Literal(country))
        self._labels(row, node)
        region = row.get("region")
        if region:
            rnode = self.ctx.mint("region", region)
            rec.add(node, vocab.REGION_P, rnode)
            if region not in self.ctx.known_ids.get("region", set()):
                rec.own(rnode)
                rec.add(rnode, vocab.TYPE, vocab.REGION)
                rec.add(rnode, vocab.PREF_LABEL, b.text_lit(region))
        inst = row.get("institution")
        if inst:
            if inst.startswith(("http://", "https://")):
                rec.add(node, vocab.INSTITUTION_P, NamedNode(inst))
            elif inst in self.ctx.known_ids.get("institution", set()):
                rec.add(node, vocab.INSTITUTION_P, self.ctx.mint("institution", inst))
            else:  # by name, as the csv-records loader does (the resolver may merge it later)
                inode = b.institution_iri(self.ctx.source, name=inst)
                rec.add(node, vocab.INSTITUTION_P, inode)
                rec.own(inode)
                rec.add(inode, vocab.TYPE, vocab.INSTITUTION)
                rec.add(inode, vocab.PREF_LABEL, b.text_lit(inst))
                if country:
                    rec.add(inode, vocab.COUNTRY_CODE, Literal(country))

    def _node_of(self, ident: str) -> tuple[str, NamedNode] | None:
        if ident in self.ids["items"]:
            return "item", self.ctx.mint("item", ident)
        if ident in self.ids["segments"]:
            return "segment", self.ctx.mint("segment", ident)
        return None

    def _links(self, row: Row) -> None:
        v = self._need(row, "from_id", "relation", "to_id")
        rel = v["relation"].lower().replace(" ", "_").replace("-", "_")
        if rel not in RELATIONS:
            raise ValueError(
                f"relation {v['relation']!r} is not one of {', '.join(RELATIONS)}; fix it"
            )
        ends = []
        for col in ("from_id", "to_id"):
            found = self._node_of(v[col])
            if found is None:
                raise ValueError(
                    f"{col} {v[col]!r} is not an item_id or segment_id defined in the items or "
                    "segments files; fix the id or add the item"
                )
            ends.append(found)
        (fkind, fnode), (tkind, tnode) = ends
        want = "segment" if rel == "upstream_of" else "item"
        if fkind != want or tkind != want:
            raise ValueError(
                f"{rel} links two {want}s, but {v['from_id']!r} is a {fkind} and "
                f"{v['to_id']!r} is a {tkind}; fix the ids or the relation"
            )
        pred = {
            "input_of": vocab.INPUT_OF,
            "type_of": vocab.TYPE_OF,
            "upstream_of": vocab.UPSTREAM_OF,
        }[rel]
        row.record.add(fnode, pred, tnode)

    def _shares(self, row: Row) -> None:
        v = self._need(row, "provider_id", "item_id")
        rec = row.record
        if v["provider_id"] not in self.ids["providers"]:
            raise ValueError(
                f"provider_id {v['provider_id']!r} is not defined in any providers file; fix the "
                "id or add the provider"
            )
        target = self._node_of(v["item_id"])
        if target is None:
            raise ValueError(
                f"item_id {v['item_id']!r} is not an item_id or segment_id defined in the items "
                "or segments files; fix the id or add the item"
            )
        value = parse_share(row.get("share"))
        year = b.parse_year(row.get("year"), "year")
        local = f"{v['provider_id']}~{v['item_id']}~{year or 'na'}"
        node = self.ctx.mint("share", local)
        n = 2
        while node in self._share_nodes:
            node = self.ctx.mint("share", f"{local}~{n}")
            n += 1
        self._share_nodes.add(node)
        rec.own(node)
        rec.add(node, vocab.TYPE, vocab.SHARE)
        rec.add(node, vocab.PROVIDER_P, self.ctx.mint("provider", v["provider_id"]))
        rec.add(node, vocab.SHARE_OF, target[1])
        if value is not None:
            rec.add(node, vocab.SHARE_VALUE, Literal(f"{value:f}", datatype=vocab.XSD.decimal))
        if year is not None:
            rec.add(node, vocab.YEAR, b.int_lit(year))
        src = row.get("source")
        if src:
            rec.add(node, vocab.DCT_SOURCE, Literal(src))
        row.data["__value__"] = "" if value is None else str(value)
        row.data["__year__"] = "" if year is None else str(year)

    # -- whole-file-set checks ------------------------------------------------------------------
    def _check_shares_sum(self) -> None:
        groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        for row in self.rows["shares"]:
            if row.record.errors or not row.data.get("__value__"):
                continue
            level = self.provider_kind.get(row.get("provider_id"), "")
            groups[(row.get("item_id"), level, row.data.get("__year__", ""))].append(row)
        for (item, level, year), grp in groups.items():
            total = sum(Decimal(r.data["__value__"]) for r in grp)
            if total > Decimal(str(SHARE_WARN_SUM)):
                lines = ", ".join(str(r.line) for r in grp)
                for r in grp:
                    r.warn(
                        f"the {level} shares of {item!r}"
                        + (f" in {year}" if year else "")
                        + f" sum to {total:f}%, over {SHARE_WARN_SUM:g}% (lines {lines}); "
                        "check them (the data is kept)"
                    )

    def _check_cycles(self) -> None:
        edges: dict[str, dict[str, list[tuple[str, str, Row]]]] = {r: {} for r in RELATIONS}
        for row in self.rows["links"]:
            if row.record.errors:
                continue
            rel = row.get("relation").lower().replace(" ", "_").replace("-", "_")
            edges[rel].setdefault(row.get("from_id"), []).append(
                (row.get("from_id"), row.get("to_id"), row)
            )
        for rel, graph in edges.items():
            for comp in strongly_connected(graph):
                cyc = sorted(
                    (e for n in comp for e in graph.get(n, []) if e[1] in comp),
                    key=lambda e: (e[2].file, e[2].line),
                )
                if not cyc:
                    continue
                path = " -> ".join(sorted(comp)) + " -> " + sorted(comp)[0]
                where = ", ".join(f"{Path(r.file).name} line {r.line}" for _, _, r in cyc)
                for _, _, r in cyc:
                    r.warn(
                        f"cycle in {rel}: {path} (rows: {where}); the links are kept, readers "
                        "stop at the cycle; remove one of these rows if it is a mistake"
                    )
