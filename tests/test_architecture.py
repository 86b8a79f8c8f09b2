"""The layout's rules, checked on the source: imports point down (kg/ never imports ingest/),
no import cycles, project modules imported at module top, every command reachable."""

from __future__ import annotations

import ast
from pathlib import Path

from kg.cli.main import app
from kg.settings import PROJECT_ROOT

PACKAGES = ("kg", "ingest")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(p): p
        for pkg in PACKAGES
        for p in sorted((PROJECT_ROOT / pkg).rglob("*.py"))
        if ".venv" not in p.parts
    }


def imported(node: ast.Import | ast.ImportFrom, known: set[str]) -> list[str]:
    """The project modules an import statement names (``from pkg import module`` included)."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    elif node.level or node.module is None:
        return []  # the tree uses absolute imports only (checked below)
    else:
        names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return [n for n in names if n in known]


def imports_of(path: Path, known: set[str]) -> tuple[set[str], list[str], list[int]]:
    """(modules imported at top, function-level imports as 'line: module', relative imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    nested: list[str] = []
    relative: list[int] = []
    funcs = (ast.FunctionDef, ast.AsyncFunctionDef)

    def walk(node: ast.AST, in_func: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ImportFrom) and child.level:
                relative.append(child.lineno)
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for m in imported(child, known):
                    if in_func:
                        nested.append(f"{child.lineno}: {m}")
                    else:
                        top.add(m)
            walk(child, in_func or isinstance(child, funcs))

    walk(tree, False)
    return top, nested, relative


def graph() -> tuple[dict[str, set[str]], dict[str, list[str]], dict[str, list[int]]]:
    mods = modules()
    known = set(mods)
    edges, nested, relative = {}, {}, {}
    for name, path in mods.items():
        edges[name], n, r = imports_of(path, known)
        edges[name].discard(name)
        if n:
            nested[name] = n
        if r:
            relative[name] = r
    return edges, nested, relative


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path a -> b -> ... -> a, or None (iterative DFS)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for root in sorted(edges):
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(edges[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges.get(nxt, ()))))
    return None


def test_architecture_finds_a_planted_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    cycle = find_cycle(edges)
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_architecture_no_import_cycles() -> None:
    edges, _, _ = graph()
    assert len(edges) > 80  # the walk saw the tree
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges) or [])


def test_architecture_kg_never_imports_ingest() -> None:
    edges, _, _ = graph()
    upward = sorted(
        f"{m} imports {d}"
        for m, deps in edges.items()
        if m.split(".")[0] == "kg"
        for d in deps
        if d.split(".")[0] == "ingest"
    )
    assert not upward, upward


def test_architecture_project_imports_at_module_top() -> None:
    _, nested, relative = graph()
    assert not nested, nested
    assert not relative, relative


def test_architecture_help_lists_every_command() -> None:
    """Every command group of kg/ and ingest/ reaches ``ikg --help``."""
    from typer.main import get_command

    names = set(get_command(app).commands)  # type: ignore[attr-defined]
    expected = {
        "ingest", "demo", "validate", "stats", "query", "export", "app", "extract", "resolve",
        "review", "eval", "experts", "match", "shortlist", "chain", "brief", "watch", "serve",
        "neo4j",
    }  # fmt: skip
    assert expected <= names, sorted(expected - names)
    evals = set(get_command(app).commands["eval"].commands)  # type: ignore[attr-defined]
    assert {"experts", "extract", "resolve"} <= evals, evals
