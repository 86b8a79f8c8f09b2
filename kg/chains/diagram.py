"""The industry-chain diagram: segments as columns left to right (upstream -> downstream),
items inside them, the chain CSV's ``input_of`` links as edges, provider counts as marker size
and the weak links (``kg.chains.weak_links``) marked with their score and reasons.

``build(view, weak)`` lays the diagram out once from ``industry_chain`` and ``weak_links``
results (no store access); ``figure(...)`` draws it as an interactive Plotly figure (the app)
and ``kg.briefing.charts.chain_diagram_png`` draws the same layout with matplotlib (briefings).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from kg.chains.technology import holder_rows
from kg.store.base import Store

WEAK_MIN = 0.3  # a scored item at or above this weak-link score is marked as a weak link
ROW = 1.0  # vertical distance between two items of a column
LABEL_CHARS = 26  # item captions are cut here (the hover shows the whole label)
DENSE_COLUMNS = 6  # from this many columns captions are shorter and scores only in the hover
SCORE_COLORS = ((0.0, "#2b8a3e"), (0.2, "#f2c14e"), (0.45, "#e8590c"), (1.0, "#c92a2a"))


@dataclass
class Column:
    iri: str
    id: str | None
    label: str
    label_zh: str | None
    position: str | None
    x: int


@dataclass
class Node:
    iri: str
    id: str | None
    label: str
    label_zh: str | None
    kind: str  # "segment" for a column head, else the item kind
    x: int
    y: float = 0.0
    providers: int = 0  # distinct named providers (organizations and countries)
    score: float | None = None
    reasons: list[str] = field(default_factory=list)
    top_provider: str | None = None
    top_share: float | None = None
    weak: bool = False  # scored at or above the diagram's weak-link threshold


@dataclass
class Diagram:
    chain: dict[str, Any]
    columns: list[Column]
    nodes: dict[str, Node]  # iri -> node (items and segment heads)
    edges: list[tuple[str, str]]  # (input, item), both in ``nodes``

    @property
    def items(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind != "segment"]

    @property
    def weak_nodes(self) -> list[Node]:
        return sorted((n for n in self.nodes.values() if n.weak), key=lambda n: -(n.score or 0))


def _named(providers: list[dict[str, Any]]) -> int:
    return len({p["iri"] for p in providers if not p.get("aggregate")})


def build(
    view: dict[str, Any],
    weak: dict[str, Any] | None = None,
    segments: Iterable[str] | None = None,
    weak_min: float = WEAK_MIN,
) -> Diagram:
    """Lay out ``industry_chain`` (``view``) with the scores of ``weak_links`` (``weak``, every
    row). ``segments``: the segment IRIs to keep (None: all; "" names the column of items
    without a segment). Edges whose ends are both kept are drawn. A node scored at or above
    ``weak_min`` is a weak link."""
    keep = set(segments) if segments is not None else None
    scores = {r["iri"]: r for r in (weak or {}).get("rows", [])}
    columns: list[Column] = []
    members: list[list[dict[str, Any]]] = []
    nodes: dict[str, Node] = {}
    segs = [s for s in view["segments"] if keep is None or s["iri"] in keep]
    loose = view.get("unassigned_items") or []
    if loose and (keep is None or "" in keep):
        segs = segs + [
            {
                "iri": "",
                "id": None,
                "label": "Unassigned",
                "label_zh": "未归入环节",
                "position": None,
                "providers": [],
                "items": loose,
            }
        ]
    for x, s in enumerate(segs):
        columns.append(
            Column(s["iri"], s.get("id"), s["label"], s.get("label_zh"), s.get("position"), x)
        )
        members.append(s["items"])
        if s["iri"]:
            nodes[s["iri"]] = _node(s, "segment", x, scores)
        for it in s["items"]:
            nodes[it["iri"]] = _node(it, it.get("kind") or "item", x, scores)
    edges = sorted(
        {
            (src["iri"], it["iri"])
            for col in members
            for it in col
            for src in it.get("inputs", [])
            if src["iri"] in nodes and nodes[src["iri"]].kind != "segment"
        }
    )
    for n in nodes.values():
        n.weak = n.score is not None and n.score >= weak_min
    _place(columns, members, nodes, edges)
    return Diagram(dict(view["chain"]), columns, nodes, edges)


def _node(obj: dict[str, Any], kind: str, x: int, scores: dict[str, dict]) -> Node:
    row = scores.get(obj["iri"]) or {}
    return Node(
        iri=obj["iri"],
        id=obj.get("id"),
        label=obj.get("label") or obj.get("id") or obj["iri"],
        label_zh=obj.get("label_zh"),
        kind=kind,
        x=x,
        providers=_named(obj.get("providers", [])),
        score=row.get("score"),
        reasons=list(row.get("reasons", [])),
        top_provider=row.get("top_provider"),
        top_share=row.get("top_share"),
    )


def _place(
    columns: list[Column],
    members: list[list[dict[str, Any]]],
    nodes: dict[str, Node],
    edges: list[tuple[str, str]],
) -> None:
    """Order each column to keep edges short: by the mean row of an item's inputs (a forward
    sweep), then of its outputs (a backward sweep); then centre the columns."""
    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for a, b in edges:
        ins.setdefault(b, []).append(a)
        outs.setdefault(a, []).append(b)
    order = [
        sorted((it["iri"] for it in col), key=lambda i: nodes[i].label.casefold())
        for col in members
    ]

    def assign(col: list[str]) -> None:
        for k, iri in enumerate(col):
            nodes[iri].y = -k * ROW + (len(col) - 1) * ROW / 2

    for col in order:
        assign(col)
    forward, backward = range(1, len(order)), range(len(order) - 2, -1, -1)
    for sweep, links in ((forward, ins), (backward, outs)):
        for x in sweep:
            col = order[x]

            def key(i: str, links: dict[str, list[str]] = links) -> tuple[float, str]:
                ys = [nodes[j].y for j in links.get(i, [])]
                return (-(sum(ys) / len(ys)) if ys else -nodes[i].y, nodes[i].label.casefold())

            col.sort(key=key)
            assign(col)
    top = max((len(c) for c in order), default=0) * ROW / 2 + ROW
    for c in columns:
        if c.iri in nodes:
            nodes[c.iri].y = top


def search(d: Diagram, text: str, lang: str = "en") -> list[str]:
    """IRIs of the items whose id or label (en or zh) contains ``text`` (case-insensitive)."""
    q = text.strip().casefold()
    if not q:
        return []
    return [
        n.iri
        for n in d.nodes.values()
        if any(q in (s or "").casefold() for s in (n.label, n.label_zh, n.id))
    ]


def edge_path(a: Node, b: Node, steps: int = 12) -> tuple[list[float], list[float]]:
    """A smooth S-curve from ``a`` to ``b`` (a loop to the right within one column)."""
    x0, y0, x1, y1 = a.x, a.y, b.x, b.y
    if x0 == x1:
        c0, c1 = (x0 + 0.35, y0), (x1 + 0.35, y1)
    else:
        mid = (x1 - x0) / 2
        c0, c1 = (x0 + mid, y0), (x1 - mid, y1)
    xs, ys = [], []
    for k in range(steps + 1):
        t = k / steps
        u = 1 - t
        xs.append(u**3 * x0 + 3 * u * u * t * c0[0] + 3 * u * t * t * c1[0] + t**3 * x1)
        ys.append(u**3 * y0 + 3 * u * u * t * c0[1] + 3 * u * t * t * c1[1] + t**3 * y1)
    return xs, ys


def marker_size(n: Node) -> float:
    return 9 + 4 * math.sqrt(min(n.providers, 25))


def score_color(score: float | None) -> str:
    if score is None:
        return "#adb5bd"
    color = SCORE_COLORS[0][1]
    for at, c in SCORE_COLORS:
        if score >= at:
            color = c
    return color


def short(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


Words = Callable[[str], str]  # interface words: "providers", "score", "weak_link", …


def node_label(n: Node | Column, lang: str) -> str:
    """The Chinese label in zh when there is one, else the English one."""
    return (n.label_zh if lang == "zh" else None) or n.label


def _hover(
    n: Node, lang: str, words: Words, reason: Callable[[str], str], names: dict[str, str]
) -> str:
    lines = [f"<b>{node_label(n, lang)}</b>"]
    if lang == "zh" and n.label_zh and n.label != n.label_zh:
        lines.append(n.label)
    lines.append(f"{words(n.kind)} · {words('providers')}: {n.providers}")
    if n.score is not None:
        flag = f" — {words('weak_link')}" if n.weak else ""
        lines.append(f"{words('score')}: {n.score:.2f}{flag}")
    if n.top_provider:
        share = f" ({n.top_share:g}%)" if n.top_share is not None else ""
        top = (names.get(n.top_provider) if lang == "zh" else None) or n.top_provider
        lines.append(f"{words('top_provider')}: {top}{share}")
    lines += [f"· {reason(r)}" for r in n.reasons]
    return "<br>".join(lines)


def figure(
    d: Diagram,
    lang: str = "en",
    words: Words = str,
    reason: Callable[[str], str] = str,
    highlight: Iterable[str] = (),
    selected: str | None = None,
    names: dict[str, str] | None = None,
) -> go.Figure:
    """The diagram as a Plotly figure: edge traces, one item trace (customdata = IRI, so a
    click selects an item), the segment heads and a ring-and-score trace for the weak links."""
    hi = set(highlight)
    zh = names or {}
    dense = len(d.columns) >= DENSE_COLUMNS
    chars = 18 if dense else LABEL_CHARS
    fig = go.Figure()
    near = {e for e in d.edges if selected in e} if selected else set()
    for group, color, width in (
        ([e for e in d.edges if e not in near], "rgba(120,130,140,0.45)", 1.1),
        (sorted(near), "#1c7ed6", 2.6),
    ):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b in group:
            px, py = edge_path(d.nodes[a], d.nodes[b])
            xs += [*px, None]
            ys += [*py, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"color": color, "width": width},
                name="links",
            )
        )
    items = d.items
    faded = bool(hi)
    fig.add_trace(
        go.Scatter(
            x=[n.x for n in items],
            y=[n.y for n in items],
            mode="markers+text",
            text=[short(node_label(n, lang), chars) for n in items],
            textposition="middle right",
            textfont={"size": 10},
            customdata=[n.iri for n in items],
            hovertext=[_hover(n, lang, words, reason, zh) for n in items],
            hoverinfo="text",
            marker={
                "size": [marker_size(n) for n in items],
                "color": [score_color(n.score) for n in items],
                "opacity": [1.0 if not faded or n.iri in hi else 0.25 for n in items],
                "line": {
                    "color": ["#1c7ed6" if n.iri == selected else "#ffffff" for n in items],
                    "width": [3 if n.iri == selected else 1 for n in items],
                },
            },
            name="items",
            showlegend=False,
        )
    )
    weak = [n for n in d.weak_nodes if n.kind != "segment"]
    fig.add_trace(
        go.Scatter(
            x=[n.x for n in weak],
            y=[n.y for n in weak],
            mode="markers" if dense else "markers+text",
            text=[f"⚠ {n.score:.2f}" for n in weak],
            textposition="middle left",
            textfont={"size": 9, "color": "#c92a2a"},
            customdata=[n.iri for n in weak],
            hovertext=[_hover(n, lang, words, reason, zh) for n in weak],
            hoverinfo="text",
            marker={
                "size": [marker_size(n) + 9 for n in weak],
                "color": "rgba(0,0,0,0)",
                "line": {"color": "#c92a2a", "width": 2.5},
            },
            name="weak_links",
            showlegend=False,
        )
    )
    heads = [d.nodes[c.iri] for c in d.columns if c.iri in d.nodes]
    fig.add_trace(
        go.Scatter(
            x=[n.x for n in heads],
            y=[n.y for n in heads],
            mode="markers",
            customdata=[n.iri for n in heads],
            hovertext=[_hover(n, lang, words, reason, zh) for n in heads],
            hoverinfo="text",
            marker={
                "symbol": "square",
                "size": 12,
                "color": [score_color(n.score) for n in heads],
                "line": {"color": ["#c92a2a" if n.weak else "#495057" for n in heads], "width": 2},
            },
            name="segments",
            showlegend=False,
        )
    )
    top = max((n.y for n in heads), default=0) + 0.6
    for c in d.columns:
        pos = f"{words(c.position)}<br>" if c.position else ""
        fig.add_annotation(
            x=c.x,
            y=top,
            text=f"{pos}<b>{short(node_label(c, lang), chars + 2 if dense else 30)}</b>",
            showarrow=False,
            yanchor="bottom",
            xanchor="left",
            font={"size": 11},
        )
    rows = max((sum(1 for n in items if n.x == c.x) for c in d.columns), default=1)
    fig.update_layout(
        height=int(min(1400, max(420, 120 + rows * 30))),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="#ffffff",
        dragmode="pan",
        hoverlabel={"align": "left"},
        clickmode="event+select",
        uirevision=d.chain.get("iri"),
    )
    fig.update_xaxes(visible=False, range=[-0.3, max(len(d.columns), 1) - 0.1])
    fig.update_yaxes(visible=False)
    return fig


def experts_for(store: Store, techs: Iterable[str], limit: int = 10) -> list[dict[str, Any]]:
    """Experts who hold any of ``techs`` (works on them or stated expertise, named query
    ``chains/tech_holders``), most works first."""
    best: dict[str, dict[str, Any]] = {}
    for tech in techs:
        for r in holder_rows(store, tech):
            if r["kind"] != "expert":
                continue
            iri = r["holder"]
            e = best.setdefault(
                iri,
                {
                    "iri": iri,
                    "name": r["name"] or iri,
                    "works": 0,
                    "country": r["country"],
                    "technologies": [],
                },
            )
            e["works"] += r["works"]
            e["technologies"].append(tech)
    return sorted(best.values(), key=lambda e: (-e["works"], str(e["name"])))[:limit]


def find_node(view: dict[str, Any], iri: str) -> dict[str, Any]:
    """The segment or item ``iri`` of an ``industry_chain`` view ({} when absent)."""
    for seg in view["segments"]:
        if seg["iri"] == iri:
            return seg
        for it in seg["items"]:
            if it["iri"] == iri:
                return it
    return next((it for it in view.get("unassigned_items", []) if it["iri"] == iri), {})


def zh_names(view: dict[str, Any]) -> dict[str, str]:
    """English -> Chinese names of a view's providers, technologies, items and segments (to
    put the Chinese names into the weak-link reasons and top providers of a zh page)."""
    out: dict[str, str] = {}
    segs = view["segments"]
    nodes = [*segs, *(it for s in segs for it in s["items"]), *view.get("unassigned_items", [])]
    for n in nodes:
        if n.get("label_zh"):
            out[n["label"]] = n["label_zh"]
        for p in n.get("providers", []):
            if p.get("name_zh"):
                out[p["name"]] = p["name_zh"]
        for t in n.get("technologies", []):
            if t.get("label_zh"):
                out[t["label"]] = t["label_zh"]
    return out
