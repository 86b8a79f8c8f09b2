"""Regenerate the generated parts of README.md: the named-query table.

.venv/bin/python scripts/gen_docs.py          # rewrite README.md in place
.venv/bin/python scripts/gen_docs.py --check  # exit 1 when README.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import queries  # noqa: E402

START, END = "<!-- queries:start -->", "<!-- queries:end -->"


def query_table() -> str:
    rows = ["| query | kind | parameters | what it returns |", "|---|---|---|---|"]
    for kind in ("rq", "cypher"):
        for name in queries.available(kind):
            text = queries.load(name, kind)
            params = ", ".join(f"`{p}`" for p in queries.parameters(text)) or "—"
            desc = queries.description(text).replace("|", "\\|")
            label = "SPARQL" if kind == "rq" else "Cypher"
            rows.append(f"| `{name}` | {label} | {params} | {desc} |")
    return "\n".join(rows)


def render(readme: str) -> str:
    block = f"{START}\n{query_table()}\n{END}"
    if START in readme and END in readme:
        head, rest = readme.split(START, 1)
        _, tail = rest.split(END, 1)
        return head + block + tail
    return readme.rstrip("\n") + "\n\n## Named queries\n\n" + block + "\n"


def main() -> int:
    path = ROOT / "README.md"
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in sys.argv:
        if new != old:
            print("README.md is out of date: run .venv/bin/python scripts/gen_docs.py")
            return 1
        return 0
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
