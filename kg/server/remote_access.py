"""Which remote endpoints a SPARQL request would make the server contact.

pyoxigraph runs SPARQL federation (``SERVICE <url> { … }``) and ``LOAD <url>`` by fetching the
URL, so a public endpoint that ran any client's text would fetch internal addresses for anyone
(SSRF). :func:`remote_targets` lists what a query or update would fetch, reading the text the way
a SPARQL parser does: strings, comments and IRIs are single tokens, so ``"SERVICE"``,
``# SERVICE`` or ``<http://x/service>`` are no keywords while ``SeRvIcE`` is. SPARQL 1.1 §19.2
decodes ``\\uXXXX`` escapes in the whole text before parsing while pyoxigraph decodes them only
in strings and IRIs, so the text is read both ways and what either reading would fetch counts.
:func:`check_remote_access` refuses everything but the endpoints the operator named in settings
(``allowed_services``, env ``IKG_ALLOWED_SERVICES``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.errors import KGError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-.\\]|\\.)*)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class RemoteAccessRefused(KGError):
    """A client's query or update would make the server contact another endpoint."""


@dataclass(frozen=True)
class RemoteTarget:
    keyword: str  # "SERVICE" or "LOAD"
    iri: str | None  # None: a variable or an IRI that cannot be resolved without fetching


def unescape_codepoints(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append((kind, m.group()))
    return out


def remote_targets(text: str) -> list[RemoteTarget]:
    """Every SERVICE / LOAD in a SPARQL query or update, with its IRI where it is a constant."""
    found = _targets(text)
    decoded = unescape_codepoints(text)
    if decoded != text:
        found += [t for t in _targets(decoded) if t not in found]
    return found


def _targets(text: str) -> list[RemoteTarget]:
    toks = _tokens(text)
    prefixes: dict[str, str] = {}
    found: list[RemoteTarget] = []
    for i, (kind, value) in enumerate(toks):
        if kind != "word":
            continue
        word = value.upper()
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        if word not in ("SERVICE", "LOAD"):
            continue
        j = i + 1
        if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
            j += 1
        target = toks[j] if j < len(toks) else ("other", "")
        found.append(RemoteTarget(word, _resolve(target, prefixes)))
    return found


def _resolve(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, value = token
    if kind == "iri":
        iri = value[1:-1]
    elif kind == "pname":
        pfx, _, local = value.partition(":")
        if pfx not in prefixes:
            return None
        iri = prefixes[pfx] + re.sub(r"\\(.)", r"\1", local)
    else:
        return None
    return iri if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri) else None


def check_remote_access(text: str, allowed: Iterable[str] = ()) -> None:
    """Raise RemoteAccessRefused unless every SERVICE/LOAD target is an allowed endpoint."""
    allow = set(allowed)
    for t in remote_targets(text):
        if t.iri is not None and t.iri in allow:
            continue
        what = f"<{t.iri}>" if t.iri else "a variable or relative endpoint"
        raise RemoteAccessRefused(
            f"{t.keyword} {what} refused: this endpoint does not contact other servers for a "
            "client (federated queries and LOAD are off). The operator can allow named "
            "endpoints: IKG_ALLOWED_SERVICES='<iri> <iri>' (settings.allowed_services)."
        )
