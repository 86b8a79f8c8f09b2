"""Named queries: files under ``queries/<area>/<name>.rq`` (SPARQL) and ``.cypher`` (Cypher).

A query is referred to by its path without extension (``stats/classes``). Values are always
bound as parameters (SPARQL substitutions, Cypher ``$params``), never formatted into the text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import NotFoundError, QueryError
from kg.settings import QUERIES_DIR

_NAME_RE = re.compile(r"^[a-z0-9_\-]+(/[a-z0-9_\-]+)*$")


def available(kind: str = "rq") -> list[str]:
    return sorted(
        p.relative_to(QUERIES_DIR).with_suffix("").as_posix()
        for p in QUERIES_DIR.rglob(f"*.{kind}")
    )


@functools.lru_cache(maxsize=512)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load(name_or_path: str, kind: str = "rq") -> str:
    """The text of a named query, or of an ad-hoc ``.rq`` file given by path."""
    p = Path(name_or_path)
    if p.suffix in (".rq", ".sparql", ".cypher") and p.exists():
        try:
            return p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read query file {p}: {e}") from None
    if not _NAME_RE.match(name_or_path):
        raise NotFoundError(
            f"no query named {name_or_path!r}: give a name from `ikg query --list` "
            "or a path to an existing .rq file"
        )
    path = QUERIES_DIR / f"{name_or_path}.{kind}"
    if not path.exists():
        raise NotFoundError(
            f"no query named {name_or_path!r} (looked for {path}); see `ikg query --list`"
        )
    return _read(path)


def parameters(text: str) -> list[str]:
    """Parameters a query declares in ``# param: name`` (SPARQL) or ``// param: name``
    (Cypher) comment lines; for Cypher without such lines, its ``$name`` parameters."""
    declared = re.findall(r"^\s*(?:#|//)\s*param:\s*([A-Za-z_][A-Za-z0-9_]*)", text, flags=re.M)
    if declared:
        return declared
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    if "MATCH" in code.upper() or "MERGE" in code.upper():
        return list(dict.fromkeys(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", code)))
    return []


def description(text: str) -> str:
    """The first comment line of a query that is not a ``param:`` line."""
    for line in text.splitlines():
        stripped = line.strip()
        for mark in ("#", "//"):
            if stripped.startswith(mark):
                body = stripped[len(mark) :].strip()
                if body and not body.startswith("param:"):
                    return body
                break
    return ""


_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.I)


def bind_values(sparql: str, terms: Mapping[str, str | Sequence[str]]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the outermost WHERE group.

    ``terms`` maps variable names to terms already serialised in N-Triples syntax by the RDF
    library (``str(pyoxigraph term)``), which escapes quotes, backslashes and newlines: user
    input is never spliced into the query as raw text. Works on every SPARQL 1.1 store. A
    list of terms binds the variable to each of them (one VALUES row per term; an empty list
    leaves no row, so the query answers nothing).
    """
    if not terms:
        return sparql
    for name in terms:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    m = _WHERE_RE.search(strip_comments_and_strings(sparql))
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
    names = " ".join(f"?{n}" for n in terms)
    columns = [[v] if isinstance(v, str) else list(v) for v in terms.values()]
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*columns))
    block = f" VALUES ({names}) {{ {rows} }} "
    return sparql[: m.end()] + block + sparql[m.end() :]


def strip_comments_and_strings(text: str) -> str:
    """Same length as ``text`` with comments and string literals blanked (for searching)."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        elif c in "\"'":
            q = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(q)
            while j < n and text[j : j + len(q)] != q:
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(q))
            out[i:j] = " " * (j - i)
            i = j
        elif c == "<" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "=<":
            j = text.find(">", i)
            if j < 0 or "\n" in text[i:j]:
                i += 1
                continue
            out[i : j + 1] = " " * (j + 1 - i)
            i = j + 1
        else:
            i += 1
    return "".join(out)
