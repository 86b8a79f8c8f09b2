"""Every IKG term defined in kg/vocab.py or used in the code is declared in ontology/*.ttl."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg import vocab
from kg.vocab import IKG, RDF

ROOT = Path(__file__).resolve().parents[1]
_USE_RE = re.compile(r"""\bIKG(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([^"']+)["']\s*\])""")
_LITERAL_RE = re.compile(r"""["']""" + re.escape(IKG.iri) + r"""([^"'\s>]*)""")
# attributes of the Namespace object itself, not terms
_NOT_TERMS = {"iri"}


def declared_terms(ontology_dir: Path) -> set[str]:
    """IRIs that have an rdf:type in the union of ``ontology_dir/*.ttl``."""
    store = ox.Store()
    for path in sorted(ontology_dir.glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    return {
        q.subject.value
        for q in store.quads_for_pattern(None, RDF.type, None)
        if isinstance(q.subject, ox.NamedNode)
    }


def module_terms() -> dict[str, str]:
    """IKG NamedNodes defined as attributes of kg.vocab (attribute name -> IRI)."""
    out = {}
    for name, value in vars(vocab).items():
        if isinstance(value, ox.NamedNode) and value.value.startswith(IKG.iri):
            out[name] = value.value
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, ox.NamedNode) and item.value.startswith(IKG.iri):
                    out[f"{name}[{key!r}]"] = item.value
    return out


def code_terms(paths: list[Path]) -> dict[str, str]:
    """IKG terms used in the given .py files (``file:line`` -> IRI)."""
    out: dict[str, str] = {}
    for path in paths:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in _USE_RE.finditer(line):
                local = m.group(1) or m.group(2)
                if local in _NOT_TERMS:
                    continue
                out[f"{path}:{lineno}:{local}"] = IKG.iri + local
            for m in _LITERAL_RE.finditer(line):
                if m.group(1):
                    out[f"{path}:{lineno}:{m.group(1)}"] = IKG.iri + m.group(1)
    return out


def python_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for sub in ("kg", "ingest"):
        if (root / sub).is_dir():
            files.extend(sorted((root / sub).rglob("*.py")))
    if (root / "app.py").is_file():
        files.append(root / "app.py")
    return files


def undeclared(used: dict[str, str], declared: set[str]) -> list[str]:
    return sorted(f"{where} -> {iri}" for where, iri in used.items() if iri not in declared)


def test_vocab_terms_declared() -> None:
    declared = declared_terms(ROOT / "ontology")
    missing = undeclared(module_terms(), declared)
    assert not missing, (
        "IKG terms in kg/vocab.py not declared in ontology/*.ttl (add them with rdfs:label "
        "@en/@zh and rdfs:comment):\n" + "\n".join(missing)
    )
    used = code_terms(python_files(ROOT))
    assert used, "the grep found no IKG usages at all: the checker is broken"
    missing = undeclared(used, declared)
    assert not missing, (
        "IKG terms used in code but not declared in ontology/*.ttl (declare them in "
        "ontology/<area>.ttl):\n" + "\n".join(missing)
    )


def test_vocab_checker_finds_missing_term(tmp_path: Path) -> None:
    onto = tmp_path / "ontology"
    onto.mkdir()
    (onto / "mini.ttl").write_text(
        f"<{IKG.iri}Expert> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8"
    )
    code = tmp_path / "kg"
    code.mkdir()
    (code / "uses.py").write_text(
        "from kg.vocab import IKG\n"
        "a = IKG.Expert\n"
        "b = IKG.notDeclaredAnywhere\n"
        'c = IKG["alsoMissing"]\n'
        f'd = "{IKG.iri}literalMissing"\n'
        "e = IKG.iri\n",
        encoding="utf-8",
    )
    declared = declared_terms(onto)
    missing = undeclared(code_terms(python_files(tmp_path)), declared)
    names = sorted(m.rsplit("#", 1)[1] for m in missing)
    assert names == ["alsoMissing", "literalMissing", "notDeclaredAnywhere"]
    # the real ontology declares the whole module, the mini one does not
    assert undeclared(module_terms(), declared)
