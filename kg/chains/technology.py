"""Technology chains over a store: a technology's enables/dependsOn neighbourhood, its
maturity and holders; the built-in technology names shared with the industry-chain view.

Every figure comes from named SPARQL in ``queries/chains/``.
"""

from __future__ import annotations

import csv
import functools
from typing import Any

from kg.chains.maturity import maturity
from kg.errors import NotFoundError
from kg.queries import load
from kg.settings import VOCAB_DIR
from kg.store.base import Store, py, stable_rows
from kg.vocab import mint

TECH_DEPTH = 3  # technology-chain hops shown in each direction


def term_text(term: Any) -> str | None:
    """A term's lexical value (None stays None)."""
    return None if term is None else str(term.value)


def iri_ref(value: str) -> str:
    """An IRI as a SPARQL term, ``<value>``, for a bound parameter."""
    return f"<{value}>"


@functools.lru_cache(maxsize=1)
def builtin_tech_labels() -> dict[str, tuple[str, str]]:
    """Names of the built-in technology scheme (used when the store holds no label)."""
    path = VOCAB_DIR / "technologies.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            mint("technology", r["technology_id"]).value: (r.get("name", ""), r.get("name_zh", ""))
            for r in csv.DictReader(fh)
            if r.get("technology_id")
        }


def resolve_technology(store: Store, name_or_iri: str) -> str:
    """A technology by IRI, built-in id, or label (en/zh, case-insensitive)."""
    want = name_or_iri.strip().strip("<>")
    candidates = []
    if want.startswith(("http://", "https://", "urn:")):
        candidates.append(want)
    else:
        candidates.append(mint("technology", want).value)
    for c in candidates:
        rows = store.select(load("chains/tech_info"), {"tech": iri_ref(c)})
        if any(r["typed"] is not None or r["label"] is not None for r in rows):
            return c
        if c in builtin_tech_labels():
            return c
    hits = sorted({py(r["tech"]) for r in store.select(load("chains/tech_find"), {"q": want})})
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise NotFoundError(
            f"technology {name_or_iri!r} is ambiguous: "
            + ", ".join(f"<{h}>" for h in hits)
            + "; name it by its IRI"
        )
    raise NotFoundError(
        f"no technology with id, label or IRI {name_or_iri!r}; see ontology/vocab/"
        "technologies.csv for ids, or `ikg query` for the technologies in the store"
    )


def tech_label(store: Store, tech: str) -> tuple[str, str | None]:
    rows = stable_rows(store.select(load("chains/tech_info"), {"tech": iri_ref(tech)}))
    b_en, b_zh = builtin_tech_labels().get(tech, ("", ""))
    en = next((term_text(r["label"]) for r in rows if r["label"] is not None), None) or b_en
    zh = next((term_text(r["label_zh"]) for r in rows if r["label_zh"] is not None), None) or b_zh
    return en or zh or tech.rsplit("/", 1)[-1], zh


def narrower(store: Store, tech: str) -> list[str]:
    """The technology and every narrower one (skos:broader*), for queries that take ``sub``."""
    return [
        py(r["sub"]) for r in store.select(load("chains/tech_narrower"), {"tech": iri_ref(tech)})
    ]


def holder_rows(store: Store, tech: str) -> list[dict[str, Any]]:
    """Institutions and experts holding a technology or a narrower one, most works first:
    holder IRI, kind ("institution" | "expert"), name (else the Chinese name), country, works."""
    rows = store.select(load("chains/tech_holders"), {"sub": narrower(store, tech)})
    iris = sorted({py(r["holder"]) for r in rows})
    names = {
        py(r["holder"]): r
        for r in store.select(load("chains/holder_names"), {"holder": iris})
        if iris
    }
    out = []
    for r in rows:
        iri, n = py(r["holder"]), names.get(py(r["holder"]), {})
        out.append(
            {
                "holder": iri,
                "kind": py(r["kind"]),
                "name": term_text(n.get("name")) or term_text(n.get("name_zh")),
                "country": term_text(n.get("country")),
                "works": int(py(r["works"]) or 0),
            }
        )
    return out


CO_OCCURRING_MIN_WORKS = 2  # an industry named with a technology in fewer works is not shown


def tech_industries(store: Store, tech: str, tech_works: int) -> list[dict[str, Any]]:
    """Industries of a technology: declared links (confidence 1) and industries named as
    subjects of the same works (confidence = shared works / the technology's works)."""
    out = []
    for r in store.select(load("chains/tech_industries"), {"tech": iri_ref(tech)}):
        declared, works = bool(py(r["declared"])), int(py(r["works"]) or 0)
        if not declared and works < CO_OCCURRING_MIN_WORKS:
            continue
        share = min(1.0, works / tech_works) if tech_works else 0.0
        out.append(
            {
                "iri": py(r["industry"]),
                "notation": term_text(r["notation"]),
                "label": term_text(r["label"]) or term_text(r["label_zh"]) or py(r["industry"]),
                "label_zh": term_text(r["label_zh"]),
                "basis": "declared" if declared else "co-occurrence",
                "works": works,
                "confidence": 1.0 if declared else round(share, 3),
            }
        )
    return sorted(out, key=lambda x: (-x["confidence"], -x["works"], x["iri"]))


def technology_chain(store: Store, name_or_iri: str, depth: int = TECH_DEPTH) -> dict[str, Any]:
    """A technology with its enables/dependsOn neighbourhood, maturity and holders."""
    tech = resolve_technology(store, name_or_iri)
    label, label_zh = tech_label(store, tech)
    seen = {tech: 0}
    frontier = [tech]
    edges: set[tuple[str, str, str]] = set()
    labels: dict[str, str] = {tech: label}
    labels_zh: dict[str, str | None] = {tech: label_zh}
    for d in range(1, max(0, depth) + 1):
        nxt = []
        for node in frontier:
            for r in stable_rows(store.select(load("chains/tech_edges"), {"tech": iri_ref(node)})):
                other, rel = py(r["other"]), py(r["rel"]).rsplit("#", 1)[-1]
                frm, to = (node, other) if py(r["dir"]) == "out" else (other, node)
                edges.add((frm, rel, to))
                labels.setdefault(other, term_text(r["label"]) or term_text(r["label_zh"]) or other)
                zh = term_text(r["label_zh"]) or builtin_tech_labels().get(other, ("", ""))[1]
                labels_zh[other] = labels_zh.get(other) or zh or None
                if other not in seen:  # cycle-safe: each technology is expanded once
                    seen[other] = d
                    nxt.append(other)
        frontier = nxt

    def near(rel: str, outward: bool) -> list[dict[str, Any]]:
        out = []
        for frm, r, to in edges:
            if r != rel:
                continue
            if outward and frm == tech:
                out.append(to)
            elif not outward and to == tech:
                out.append(frm)
        return [
            {"iri": x, "label": labels[x], "label_zh": labels_zh.get(x)}
            for x in sorted(set(out), key=lambda x: (labels[x], x))
        ]

    holders: dict[str, list[dict]] = {"institutions": [], "experts": []}
    for r in holder_rows(store, tech):
        kind = "experts" if r["kind"] == "expert" else "institutions"
        holders[kind].append(
            {
                "iri": r["holder"],
                "name": r["name"] or r["holder"],
                "country": r["country"],
                "works": r["works"],
            }
        )
    m = maturity(store, tech)
    return {
        "technology": {"iri": tech, "label": label, "label_zh": label_zh},
        "maturity": m.as_json(),
        "industries": tech_industries(store, tech, m.works),
        "enables": near("enables", True),
        "depends_on": near("dependsOn", True),
        "enabled_by": near("enables", False),
        "required_by": near("dependsOn", False),
        "nodes": [
            {"iri": n, "label": labels[n], "label_zh": labels_zh.get(n), "depth": d}
            for n, d in seen.items()
        ],
        "edges": [
            {"from": f, "relation": r, "to": t}
            for f, r, t in sorted(edges, key=lambda e: (seen.get(e[0], 99), e))
        ],
        "holders": holders,
    }
