"""Institution resolution: one cluster per organisation, built around canonical names.

1. Mentions with the same normalised name (``orgnames.org``), country, ROR and graph entity
   are one node; a graph entity's labels are one cluster from the start, and so are nodes
   sharing a ROR.
2. Spelling variants: nodes, most frequent first, join the cluster whose *anchor* names
   (the first name of a new cluster, every label of a graph entity) they match letter by
   letter (``typo_sim``). Comparing with anchors, never with every member, stops chains.
3. Families: a cluster whose anchor is a shorter name contained in another cluster's anchor
   ("Honeywell" in "Honeywell Information Systems") absorbs it when that shorter name is the
   only, most specific one contained; added unit words (institute, department, university …)
   keep a unit apart from its parent.
4. Acronyms: a one-word name printed in capitals joins the one cluster whose name it
   abbreviates, or which the graph (or a mention such as "… (CNRS)") gives it as a label.

Two clusters never merge across different RORs, countries or graph entities. Ambiguous
families and acronyms, near misses and blocked same-name pairs go to the review queue with the
evidence for and against.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from ingest.resolve.model import (
    ENTITY_KIND,
    Candidate,
    Mention,
    Resolution,
    find_root,
    normalise_country,
)
from ingest.resolve.names import find_ror, simple_key
from ingest.resolve.orgnames import (
    Org,
    contained,
    extra_words,
    near_sim,
    near_words,
    org,
    typo_sim,
)
from kg import vocab

NEAR = 0.8  # letter similarity worth a review when below the merge threshold
MAX_BLOCK = 300  # larger blocks are skipped: a rarer key of the same names covers them


@dataclass
class _Node:
    org: Org
    names: Counter[str]
    country: str
    ror: str
    entity: str
    group: str
    canonical: str
    mentions: list[str] = field(default_factory=list)


class _Clusters:
    """Union-find over nodes with the facts the merge guard needs per cluster."""

    def __init__(self, nodes: list[_Node], forbidden: set[tuple[str, str]]) -> None:
        self.nodes = nodes
        self.forbidden = forbidden
        self.parent = list(range(len(nodes)))
        self.facts = [
            ({n.country} - {""}, {n.ror} - {""}, {n.entity} - {""}, {n.group} - {""})
            for n in nodes
        ]  # fmt: skip

    def find(self, i: int) -> int:
        return find_root(self.parent, i)

    def conflict(self, a: int, b: int) -> str:
        fa, fb = self.facts[self.find(a)], self.facts[self.find(b)]
        if fa[1] and fb[1]:
            return "" if fa[1] & fb[1] else "different RORs"
        whys = ("different countries", "", "different graph entities")
        for x, y, why in zip(fa[:3], fb[:3], whys, strict=True):
            if why and x and y and not x & y:
                return why
        if self.forbidden and any(
            tuple(sorted((x, y))) in self.forbidden for x in fa[3] for y in fb[3]
        ):
            return "rejected in review"
        return ""

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        merged = tuple(x | y for x, y in zip(self.facts[ra], self.facts[rb], strict=True))
        self.facts[ra] = merged  # type: ignore[assignment]
        return ra


def _nodes(mentions: list[Mention]) -> tuple[list[_Node], dict[str, int]]:
    index: dict[tuple[str, ...], int] = {}
    nodes: list[_Node] = []
    of_mention: dict[str, int] = {}
    for m in mentions:
        o = org(m.name)
        ror = (find_ror(m.ror) or m.ror) if m.ror else ""
        country = normalise_country(m.country) if m.country else ""
        sig = (o.squash, country, ror, m.entity, m.group)
        i = index.get(sig)
        if i is None:
            i = index[sig] = len(nodes)
            nodes.append(_Node(o, Counter(), country, ror, m.entity, m.group, m.canonical))
        nodes[i].names[m.name] += 1
        nodes[i].mentions.append(m.id)
        of_mention[m.id] = i
    for n in nodes:  # the node's name: its most frequent spelling, capitals from any of them
        o = org(n.names.most_common(1)[0][0])
        caps = frozenset().union(*(org(x).caps for x in n.names))
        n.org = replace(o, caps=caps, upper=len(o.tokens) == 1 and o.tokens[0] in caps)
    return nodes, of_mention


def _block_keys(o: Org, df: Counter[str]) -> list[str]:
    """Squashed prefix and suffix, and the two rarest words (spelling variants share one)."""
    if o.han:
        return ["h" + o.key[:2], "z" + o.key[-4:]]
    rare = sorted((t for t in set(o.tokens) if len(t) > 3), key=lambda t: (df[t], t))[:2]
    return ["q" + o.squash[:4], "e" + o.squash[-4:], *("t" + t for t in rare)]


class _Resolver:
    def __init__(self, nodes: list[_Node], forbidden: set[tuple[str, str]]) -> None:
        self.nodes = nodes
        self.uf = _Clusters(nodes, forbidden)
        self.df: Counter[str] = Counter(t for n in nodes for t in set(n.org.tokens))
        self.anchors: dict[int, list[Org]] = defaultdict(list)  # cluster root -> anchor names
        self.blocks: dict[str, list[int]] = defaultdict(list)
        self.review: list[tuple[float, int, int, list[str]]] = []
        self.aliases: dict[str, set[int]] = defaultdict(set)  # "CNRS" -> its cluster

    def _anchor(self, root: int, o: Org) -> None:
        if any(a.squash == o.squash for a in self.anchors[root]):
            return
        self.anchors[root].append(o)
        for k in _block_keys(o, self.df):
            self.blocks[k].append(root)

    def seed(self, forced: list[tuple[str, str]]) -> None:
        """Graph entities (all their labels), shared RORs and pairs accepted in review are
        clusters from the start."""
        first: dict[str, int] = {}
        for i, n in enumerate(self.nodes):
            for key in (("g", n.group), ("r", n.ror)):
                if key[1]:
                    k = "\0".join(key)
                    if k in first:
                        self.uf.union(first[k], i)
                    else:
                        first[k] = i
        for a, b in forced:
            if "g\0" + a in first and "g\0" + b in first:
                self.uf.union(first["g\0" + a], first["g\0" + b])
        for i, n in enumerate(self.nodes):
            if n.entity or n.group:
                self._anchor(self.uf.find(i), n.org)

    def spelling(self) -> None:
        order = sorted(
            range(len(self.nodes)),
            key=lambda i: (not self.nodes[i].entity, -sum(self.nodes[i].names.values()), i),
        )
        for i in order:
            n = self.nodes[i]
            root = self.uf.find(i)
            best, target, near = 0.0, -1, (0.0, -1)
            for r in self._candidates(n.org, root):
                for a in self.anchors[r]:
                    s = typo_sim(n.org, a)
                    if s > best:
                        best, target = s, r
                    elif not s and r != target:
                        ns = near_sim(n.org, a)
                        if ns >= NEAR and ns > near[0] and near_words(n.org, a):
                            near = (ns, r)
            if target >= 0 and not self._merge(i, target, best, [f"spelling {best:.2f}"]):
                target = -1
            if target < 0 and near[1] >= 0:
                self.review.append((near[0] * 0.9, i, near[1], [f"letters {near[0]:.2f}",
                                    "against: different words"]))  # fmt: skip
            if target < 0 and not self.anchors[self.uf.find(i)]:
                self._anchor(self.uf.find(i), n.org)

    def _candidates(self, o: Org, own: int) -> set[int]:
        out: set[int] = set()
        for k in _block_keys(o, self.df):
            b = self.blocks.get(k, ())
            if len(b) <= MAX_BLOCK:
                out.update(self.uf.find(r) for r in b)
        out.discard(self.uf.find(own))
        return out

    def _merge(self, i: int, j: int, s: float, reasons: list[str]) -> bool:
        why = self.uf.conflict(i, j)
        if why:
            self.review.append((s * 0.9, i, j, [*reasons, f"against: {why}"]))
            return False
        anchors = self.anchors.pop(self.uf.find(i), []) + self.anchors.pop(self.uf.find(j), [])
        root = self.uf.union(i, j)
        for a in anchors:
            self._anchor(root, a)
        return True

    def families(self) -> None:
        """A cluster joins the one cluster whose anchor is the most specific name it contains."""
        by_token: dict[str, list[tuple[int, Org]]] = defaultdict(list)
        pairs = [(r, a) for r in sorted(self.anchors) for a in self.anchors[r]]
        for r, a in pairs:
            for t in set(a.tokens) if not a.han else ("\0han",):
                by_token[t].append((r, a))
        for r, big in pairs:
            self._family(self.uf.find(r), big, by_token)

    def _family(self, r: int, big: Org, by_token: dict[str, list[tuple[int, Org]]]) -> None:
        pool: list[tuple[int, Org]] = []
        for t in set(big.tail) if not big.han else ("\0han",):
            if len(by_token.get(t, ())) <= MAX_BLOCK:
                pool += by_token.get(t, [])
        found: list[tuple[int, int, Org]] = []
        for x0, small in pool:
            x = self.uf.find(x0)
            if x != self.uf.find(r) and contained(small, big):
                found.append((len(small.tokens) if not small.han else len(small.key), x, small))
        if not found:
            return
        top = max(f[0] for f in found)
        best = {x: small for n, x, small in found if n == top}
        if len(best) > 1:
            for x, small in best.items():
                self.review.append((0.7, r, x, [f"{big.raw!r} contains {small.raw!r}",
                                    "against: it contains several other names"]))  # fmt: skip
            return
        x, small = next(iter(best.items()))
        extra = extra_words(small, big)
        merged = self._merge(r, x, 0.9, [f"{big.raw!r} = {small.raw!r} + {' '.join(extra)!r}"])
        if merged and len(extra) == 1 and extra[0] in big.caps and big.tail[-1] == extra[0]:
            self.aliases[extra[0]].add(self.uf.find(x))  # "… Scientifique (CNRS)"

    def acronyms(self) -> None:
        """A capitalised one-word name joins the one cluster it abbreviates."""
        acr: dict[str, set[int]] = defaultdict(set)
        for r, anchors in self.anchors.items():
            for a in anchors:
                for x in a.acronyms:
                    if len(x) >= 3:
                        acr[x].add(r)
        for a, rs in self.aliases.items():
            acr[a] |= rs
        for r0, a in [(r, a) for r in sorted(self.anchors) for a in self.anchors[r]]:
            r = self.uf.find(r0)
            if a.upper:
                self._acronym(r, a, acr)

    def _acronym(self, r: int, a: Org, acr: dict[str, set[int]]) -> None:
        roots = {self.uf.find(x) for x in acr.get(a.key, ())} - {r}
        if len(roots) == 1:
            self._merge(r, roots.pop(), 0.88, [f"{a.raw!r} abbreviates the name"])
        for x in roots if len(roots) > 1 else ():
            self.review.append((0.65, r, x, [f"{a.raw!r} abbreviates the name",
                                "against: it abbreviates several names"]))  # fmt: skip


def display_rank(name: str, count: int) -> tuple[int, ...]:
    """The most complete name first: not an acronym, no unit before a comma, no abbreviations."""
    o = org(name)
    return (
        0 if o.upper else 1,
        0 if "," in name or "，" in name else 1,
        -name.count("."),
        0 if o.han else 1,
        count,
        len(name),
    )


def resolve_institutions(
    mentions: list[Mention],
    forced: list[tuple[str, str]] | None = None,
    forbidden: set[tuple[str, str]] | None = None,
) -> Resolution:
    """Cluster institution mentions (graph pseudo-mentions carry ``entity``/``group``)."""
    nodes, of_mention = _nodes(mentions)
    res = _Resolver(nodes, forbidden or set())
    res.seed(forced or [])
    res.spelling()
    res.families()
    res.acronyms()
    uf = res.uf
    roots: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        roots[uf.find(i)].append(i)
    ident: dict[int, tuple[str, str]] = {}
    used: Counter[str] = Counter()
    linked: set[str] = set()
    for root in sorted(roots):
        members = [nodes[i] for i in roots[root]]
        ents = sorted({n.entity for n in members if n.entity})
        if ents:
            first = next(n for n in members if n.entity == ents[0])
            ident[root] = (ents[0], first.canonical or next(iter(first.names)))
            linked.add(ents[0])
            continue
        forms: Counter[str] = Counter()
        for n in members:
            forms.update(n.names)
        canonical = max(forms, key=lambda f: (display_rank(f, forms[f]), f))
        base = vocab.mint(ENTITY_KIND["institution"], "resolve", "name:" + simple_key(canonical))
        used[base.value] += 1
        k = used[base.value]
        ident[root] = (base.value if k == 1 else f"{base.value}-{k}", canonical)
    assignments = {mid: ident[uf.find(i)] for mid, i in of_mention.items()}
    return Resolution(assignments, _candidates(res, ident), len(roots), linked)


def _candidates(res: _Resolver, ident: dict[int, tuple[str, str]]) -> list[Candidate]:
    best: dict[tuple[int, int], tuple[float, int, int, list[str]]] = {}
    for s, i, j, reasons in res.review:
        ra, rb = res.uf.find(i), res.uf.find(j)
        if ra == rb:
            continue
        key = (min(ra, rb), max(ra, rb))
        if key not in best or best[key][0] < s:
            best[key] = (s, i, j, reasons)
    out = []
    for s, i, j, reasons in sorted(best.values(), key=lambda v: -v[0]):
        a, b = res.nodes[i], res.nodes[j]
        ia, ib = ident[res.uf.find(i)], ident[res.uf.find(j)]
        out.append(Candidate("institution", ia[0], ib[0], ia[1], ib[1], s, reasons,
                             a.mentions[:5] + b.mentions[:5]))  # fmt: skip
    return out
