"""Neo4j output of the projection (``kg.export.projection``): push over Bolt with the official
driver, or a CSV bundle for ``neo4j-admin database import full``.

Cypher comes from ``queries/neo4j/*.cypher`` with ``$params``; the only text filled in is a
label list or relationship type, from the ontology's fixed term names checked against the
whitelist regexes (``{{LABEL}}``, ``{{LABELS}}``, ``{{TYPE}}`` in the files).
"""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg import queries
from kg.errors import ConfigError, StoreError
from kg.export.projection import BASE_LABEL, LABEL_RE, TYPE_RE, Node, Projection, project
from kg.store.base import Store

_SLOT = re.compile(r"\{\{([A-Z]+)\}\}")


def cypher(name: str, **slots: str) -> str:
    """A named Cypher statement with its template slots filled from whitelisted names."""
    text = queries.load(f"neo4j/{name}", kind="cypher")
    for key, value in slots.items():
        names = value.split(":") if key == "LABELS" else [value]
        regex = TYPE_RE if key == "TYPE" else LABEL_RE
        if not names or not all(regex.match(n) for n in names):
            raise ConfigError(f"refusing to put {value!r} into Cypher as {key}")
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
    filled = _SLOT.sub(lambda m: slots[m.group(1)], body)
    if "{{" in filled:
        raise ConfigError(f"queries/neo4j/{name}.cypher has an unfilled slot")
    return filled.strip()


def statements(proj: Projection) -> list[tuple[str, str]]:
    """Every Cypher statement a push of this projection runs, as (name, text)."""
    out = [(f"constraint {lb}", cypher("constraint", LABEL=lb)) for lb in proj.labels()]
    for labels in proj.label_sets():
        extra = [lb for lb in labels if lb != BASE_LABEL]
        if extra:
            out.append((f"nodes {':'.join(extra)}", cypher("merge_nodes", LABELS=":".join(extra))))
        else:
            out.append(("nodes", cypher("merge_nodes", LABELS=BASE_LABEL)))
    out += [(f"rels {t}", cypher("merge_rels", TYPE=t)) for t in sorted(proj.rels)]
    return out


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def push(proj: Projection, driver: Any, database: str | None = None, batch: int = 1000) -> dict:
    """Constraints, then nodes per label set, then relationships per type; idempotent."""
    if batch < 1:
        raise ConfigError("--batch must be at least 1")
    kw = {"database_": database} if database else {}
    for lb in proj.labels():
        driver.execute_query(cypher("constraint", LABEL=lb), **kw)
    for labels, nodes in proj.label_sets().items():
        extra = ":".join(lb for lb in labels if lb != BASE_LABEL) or BASE_LABEL
        text = cypher("merge_nodes", LABELS=extra)
        for rows in _batches(proj.node_rows(nodes), batch):
            driver.execute_query(text, {"rows": rows}, **kw)
    for typ, pairs in sorted(proj.rels.items()):
        text = cypher("merge_rels", TYPE=typ)
        rows = [{"start": a, "end": b} for a, b in sorted(pairs)]
        for chunk in _batches(rows, batch):
            driver.execute_query(text, {"rows": chunk}, **kw)
    return proj.counts()


def push_store(
    store: Store, uri: str, user: str, password: str, database: str | None = None, batch: int = 1000
) -> dict:
    import neo4j

    proj = project(store)
    try:
        with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
            driver.verify_connectivity()
            return push(proj, driver, database, batch)
    except neo4j.exceptions.AuthError as e:
        raise ConfigError(
            f"Neo4j at {uri} refused the credentials of {user!r}: {e.message}"
        ) from None
    except (neo4j.exceptions.ServiceUnavailable, OSError) as e:
        raise StoreError(
            f"cannot reach Neo4j at {uri}: {str(e).replace(chr(10), ' ')}; is it running?"
        ) from None
    except neo4j.exceptions.Neo4jError as e:
        raise StoreError(f"Neo4j at {uri} refused a statement: {e.message}") from None


# -- the neo4j-admin import bundle ---------------------------------------------------------

ARRAY_DELIMITER = ";"


def _kind(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _cell(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return str(value)
    return repr(float(value)) if kind == "double" else str(int(value))


def _file_name(parts: list[str]) -> str:
    return "_".join(parts)


def export_bundle(store: Store, output: Path) -> int:
    """Write nodes_<labels>.csv, rels_<TYPE>.csv and import.sh into ``output``; returns the
    number of nodes plus relationships written."""
    proj = project(store)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create {output}: {e}") from None
    args: list[str] = []
    total = 0
    for labels, nodes in proj.label_sets().items():
        name = f"nodes_{_file_name([lb for lb in labels if lb != BASE_LABEL] or [BASE_LABEL])}.csv"
        _write_nodes(output / name, proj, labels, nodes)
        args.append(f"--nodes={name}")
        total += len(nodes)
    for typ, pairs in sorted(proj.rels.items()):
        name = f"rels_{typ}.csv"
        with (output / name).open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([":START_ID(node)", ":END_ID(node)", ":TYPE"])
            for a, b in sorted(pairs):
                w.writerow([a, b, typ])
        args.append(f"--relationships={name}")
        total += len(pairs)
    script = [
        "#!/bin/sh",
        "# Import this bundle into a new, stopped database (Neo4j 5.x):",
        "#   sh import.sh [DATABASE]   (run it from this folder, as the neo4j user)",
        'cd "$(dirname "$0")"',
        'neo4j-admin database import full "${1:-neo4j}" --overwrite-destination '
        f"--array-delimiter={shlex.quote(ARRAY_DELIMITER)} --multiline-fields=true "
        "--id-type=string \\",
        "  " + " \\\n  ".join(args),
        "",
    ]
    (output / "import.sh").write_text("\n".join(script), encoding="utf-8")
    return total


def _write_nodes(path: Path, proj: Projection, labels: tuple[str, ...], nodes: list[Node]) -> None:
    lists = proj.list_props(nodes)
    keys = sorted({k for n in nodes for k in n.props})
    kinds = {k: _kind([v for n in nodes for v in n.props.get(k, [])]) for k in keys}
    header = ["iri:ID(node)"]
    header += [f"{k}:{kinds[k]}{'[]' if k in lists else ''}" for k in keys]
    header += ["iri:string", ":LABEL"]
    label_cell = ARRAY_DELIMITER.join(labels)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for n in sorted(nodes, key=lambda x: x.iri):
            row = [n.iri]
            for k in keys:
                vals = sorted(n.props.get(k, []), key=lambda v: (str(type(v)), v))
                if not vals:
                    row.append("")
                elif k in lists:
                    row.append(ARRAY_DELIMITER.join(_cell(v, kinds[k]) for v in vals))
                else:
                    row.append(_cell(vals[0], kinds[k]))
            row += [n.iri, label_cell]
            w.writerow(row)
