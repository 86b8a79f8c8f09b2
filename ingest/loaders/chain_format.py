"""The industry-chain CSV format: file kinds by header, row values, shares and cycles.

Used by the chain loader (``ingest/loaders/chains.py``); the format is documented in the
README ("Industry chains and technology chains").
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import NamedNode

from ingest.loaders import fields as b
from ingest.loaders.textio import split_list
from ingest.types import Record
from kg import vocab
from kg.ipc import ipc_code_concept
from kg.settings import VOCAB_DIR

POSITIONS = ("upstream", "midstream", "downstream")
ITEM_KINDS = ("product", "material", "equipment", "process", "service")
PROVIDER_KINDS = ("country", "organization")
RELATIONS = ("input_of", "type_of", "upstream_of")
SHARE_WARN_SUM = 105.0
TRUE_WORDS = {"yes", "y", "true", "1", "x", "是", "✓"}
FALSE_WORDS = {"", "no", "n", "false", "0", "否"}
ISO3_RE = re.compile(r"^[A-Z]{3}$")
# text -> the store's technologies it names (kg.tech_names.TechnologyNames.find)
FindTechnology = Callable[[str], list[NamedNode]]


@dataclass(frozen=True)
class FileKind:
    kind: str
    columns: tuple[str, ...]  # the DESIGN.md column set
    required: tuple[str, ...]  # a file without one of these quarantines every row
    id_column: str


KINDS: dict[str, FileKind] = {
    k.kind: k
    for k in [
        FileKind(
            "chains",
            ("chain_id", "name", "name_zh", "industry_codes", "description"),
            ("chain_id", "name"),
            "chain_id",
        ),
        FileKind(
            "segments",
            (
                "chain_id",
                "segment_id",
                "name",
                "name_zh",
                "position",
                "order",
                "industry_codes",
                "description",
            ),
            ("chain_id", "segment_id", "name", "position", "order"),
            "segment_id",
        ),
        FileKind(
            "items",
            (
                "item_id",
                "chain_id",
                "name",
                "name_zh",
                "kind",
                "segment_id",
                "technologies",
                "description",
            ),
            ("item_id", "name", "kind"),
            "item_id",
        ),
        FileKind(
            "links", ("from_id", "relation", "to_id"), ("from_id", "relation", "to_id"), "from_id"
        ),
        FileKind(
            "providers",
            (
                "provider_id",
                "name",
                "name_zh",
                "kind",
                "aggregate",
                "country",
                "region",
                "institution",
            ),
            ("provider_id", "name", "kind"),
            "provider_id",
        ),
        FileKind(
            "shares",
            ("provider_id", "item_id", "share", "year", "source"),
            ("provider_id", "item_id", "share"),
            "item_id",
        ),
    ]
}


def classify(header: list[str] | set[str]) -> FileKind | None:
    """Which chain file a header row belongs to, or None (tolerates one or two missing columns)."""
    cols = {h.strip().lower().lstrip("\ufeff") for h in header}
    if len(cols & {"from_id", "relation", "to_id"}) >= 2:
        kind = "links"
    elif {"provider_id", "item_id"} <= cols:
        kind = "shares"
    elif "provider_id" in cols:
        kind = "providers"
    elif "item_id" in cols:
        kind = "items"
    elif "segment_id" in cols:
        kind = "segments"
    elif "chain_id" in cols:
        kind = "chains"
    else:
        return None
    fk = KINDS[kind]
    overlap = len(cols & set(fk.columns))
    return fk if overlap >= 2 else None


def header_of(head: bytes) -> list[str]:
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            text = head[len(bom) :].decode(enc, "ignore")
            break
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = head.decode("gb18030", "ignore")
    first = text.splitlines()[0] if text else ""
    delim = max(",;\t", key=first.count)
    try:
        return next(csv.reader(io.StringIO(first), delimiter=delim))
    except (StopIteration, csv.Error):
        return []


# --- references to other vocabularies -----------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@functools.lru_cache(maxsize=1)
def technology_lookup() -> tuple[frozenset[str], dict[str, str]]:
    """Ids of the built-in technology scheme and a label -> id map (en, zh, alternative names)."""
    path = VOCAB_DIR / "technologies.csv"
    ids: set[str] = set()
    labels: dict[str, str] = {}
    if not path.exists():
        return frozenset(), {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            tid = (row.get("technology_id") or "").strip()
            if not tid:
                continue
            ids.add(tid)
            names = [row.get("name") or "", row.get("name_zh") or ""]
            names += split_list(row.get("alt_names") or "")
            names += split_list(row.get("alt_names_zh") or "")
            for n in names:
                if n.strip():
                    labels.setdefault(_norm(n), tid)
    return frozenset(ids), labels


def technology_iri(value: str, find: FindTechnology | None = None) -> NamedNode:
    """The technology a ``technologies`` cell names: an IRI, a built-in technology id, an
    IPC code (``H01L``, ``H01L 21/00`` -> its subclass), a built-in label, or the id or a
    label of any technology in the store (``find``, e.g. a user scheme's concept).

    Raises ValueError naming the value when it names no technology or several."""
    value = value.strip()
    if value.startswith(("http://", "https://", "urn:")):
        try:
            return NamedNode(value.strip("<>"))
        except ValueError:
            raise ValueError(f"technology {value!r} is not a valid IRI; fix it") from None
    ids, labels = technology_lookup()
    if value in ids:
        return vocab.mint("technology", value)
    ipc = ipc_code_concept(value)
    if ipc is not None:
        return ipc
    tid = labels.get(_norm(value))
    if tid:
        return vocab.mint("technology", tid)
    hits = find(value) if find is not None else []
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ValueError(
            f"technology {value!r} names {len(hits)} technologies ("
            + ", ".join(f"<{h.value}>" for h in hits[:5])
            + "); write the IRI or the id of the one meant"
        )
    raise ValueError(
        f"technology {value!r} is no technology: not an IRI, an id or label of "
        "ontology/vocab/technologies.csv, an IPC code (e.g. H01L) nor the id or a label of a "
        "technology in the store; fix the name, or ingest the scheme that defines it first"
    )


# --- parsing -------------------------------------------------------------------------------


@dataclass
class Row:
    fk: FileKind
    file: str
    line: int
    data: dict[str, str]
    missing: list[str]
    record: Record = field(init=False)

    def __post_init__(self) -> None:
        rid = self.data.get(self.fk.id_column, "")
        loc = f"line {self.line}"
        if self.fk.kind == "links":
            loc += (
                f" ({self.data.get('from_id', '')} {self.data.get('relation', '')} "
                f"{self.data.get('to_id', '')})"
            )
        elif self.fk.kind == "shares":
            loc += f" (provider_id={self.data.get('provider_id', '')}, item_id={rid})"
        elif rid:
            loc += f" ({self.fk.id_column}={rid})"
        self.record = Record(file=self.file, locator=loc)

    def get(self, col: str) -> str:
        return b.clean(self.data.get(col, ""))

    def error(self, message: str) -> None:
        self.record.errors.append(f"{Path(self.file).name} line {self.line}: {message}")

    def warn(self, message: str) -> None:
        self.record.warnings.append(f"{Path(self.file).name} line {self.line}: {message}")


def parse_share(text: str) -> Decimal | None:
    """A percent 0–100, None when empty (a known provider with an unknown share)."""
    s = text.strip().rstrip("%").strip().replace(",", ".") if text else ""
    if not s:
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise ValueError(
            f"share {text!r} is not a number; write a percent between 0 and 100 (e.g. 35.5), "
            "or leave it empty when unknown"
        ) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValueError(
            f"share {text!r} is outside 0–100; write a percent between 0 and 100 (e.g. 35.5, "
            "not 0.355), or leave it empty when unknown"
        )
    return value.to_integral_value() if value == value.to_integral_value() else value


def strongly_connected(graph: dict[str, list[tuple[str, str, Row]]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: components with a cycle (size > 1 or a self-loop)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    nodes = set(graph) | {t for es in graph.values() for _, t, _ in es}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = [t for _, t, _ in graph.get(node, [])]
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                comp = set()
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.add(w)
                    if w == node:
                        break
                if len(comp) > 1 or node in succ:
                    out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out
