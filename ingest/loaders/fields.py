"""Small helpers loaders share to turn field values into RDF terms, with checks."""

from __future__ import annotations

import functools
import re
import unicodedata

from pyoxigraph import Literal, NamedNode

from ingest.types import Record
from kg import vocab
from kg.ipc import ipc_concept

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ORCID_RE = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dXx])$")
_ROR_RE = re.compile(r"^(?:https?://ror\.org/)?(0[a-hj-km-np-tv-z0-9]{6}[0-9]{2})$")
_DOI_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.I)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def lang_of(text: str) -> str:
    return "zh" if has_cjk(text) else "en"


def clean(text: str | None) -> str:
    """NFC, collapse whitespace, drop control characters."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    if text.isprintable():
        # no control, format or separator character but the ASCII space (most field values):
        # only spaces to collapse, without looking at each character in Python
        return " ".join(text.split())
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return re.sub(r"\s+", " ", text).strip()


def text_lit(text: str, lang: str | None = None) -> Literal:
    """A language-tagged literal; the language is guessed (zh/en) when not given."""
    return Literal(text, language=lang or lang_of(text))


def plain(text: str) -> Literal:
    return Literal(text)


_XSD_INTEGER = vocab.XSD.integer


def int_lit(value: int) -> Literal:
    return Literal(str(int(value)), datatype=_XSD_INTEGER)


def dec_lit(value: float) -> Literal:
    """An xsd:decimal in plain notation (never ``1e-07``, which is not a valid decimal)."""
    from decimal import Decimal

    text = format(Decimal(str(float(value))).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=vocab.XSD.decimal)


def bool_lit(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=vocab.XSD.boolean)


def parse_year(value: str | int | None, field: str) -> int | None:
    """A 4-digit year or None; raises ValueError with a message for anything else."""
    if value is None or value == "":
        return None
    s = str(value).strip()
    m = re.match(r"^(\d{4})(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?)?(?:\.0)?$", s) or re.match(
        r"^(\d{4})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$", s
    )  # 2021, 2021-12-20, 2021.12.20, 2021年12月20日, 20211220
    if not m:
        raise ValueError(f"{field} {s!r} is not a year; write a 4-digit year such as 2021")
    y = int(m.group(1))
    if not 1900 <= y <= 2100:
        raise ValueError(f"{field} {y} is outside 1900-2100; fix the year")
    return y


def orcid_checksum_ok(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    return digits[-1].upper() == expected


def parse_orcid(value: str) -> str:
    """Normalised ORCID iD; raises ValueError with a fix-it message when invalid."""
    m = _ORCID_RE.match(value.strip())
    if not m:
        raise ValueError(
            f"ORCID {value!r} is malformed; it must look like 0000-0002-1825-0097 "
            "(16 digits in groups of 4, the last may be X)"
        )
    orcid = m.group(1).upper()
    if not orcid_checksum_ok(orcid):
        raise ValueError(f"ORCID {value!r} fails its check digit (ISO 7064 11,2); fix the typo")
    return orcid


def parse_ror(value: str) -> str:
    m = _ROR_RE.match(value.strip())
    if not m:
        raise ValueError(
            f"ROR id {value!r} is malformed; it must look like 034t3zs45 or https://ror.org/034t3zs45"
        )
    return m.group(1)


def parse_doi(value: str) -> str:
    m = _DOI_RE.match(value.strip())
    if not m:
        raise ValueError(f"DOI {value!r} is malformed; it must start with 10.")
    return m.group(1).lower()


@functools.lru_cache(maxsize=1 << 16)
def person_iri(
    source: str, *, orcid: str | None = None, local_id: str | None = None, name: str | None = None
) -> NamedNode:
    """Global IRI from an ORCID when known, else source-scoped by id, else by name."""
    if orcid:
        return vocab.mint("expert", "orcid", orcid)
    if local_id:
        return vocab.mint("expert", source, local_id)
    return vocab.mint("expert", source, "name", normalise_name(name or "_"))


@functools.lru_cache(maxsize=1 << 16)
def institution_iri(
    source: str, *, ror: str | None = None, local_id: str | None = None, name: str | None = None
) -> NamedNode:
    if ror:
        return vocab.mint("institution", "ror", ror)
    if local_id:
        return vocab.mint("institution", source, local_id)
    return vocab.mint("institution", source, "name", normalise_name(name or "_"))


def normalise_name(name: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff]+", " ", unicodedata.normalize("NFKC", name).lower()).strip()


def add_labels(
    rec: Record, node: NamedNode, en: str = "", zh: str = "", alts: list[str] | None = None
) -> None:
    en, zh = clean(en), clean(zh)
    if en:
        rec.add(node, vocab.PREF_LABEL, text_lit(en, "zh" if has_cjk(en) else "en"))
    if zh and zh != en:
        # one prefLabel per language: a second Chinese name becomes an altLabel
        pref = has_cjk(zh) and not has_cjk(en)
        rec.add(node, vocab.PREF_LABEL if pref else vocab.ALT_LABEL, text_lit(zh))
    for alt in alts or []:
        alt = clean(alt)
        if alt and alt not in (en, zh):
            rec.add(node, vocab.ALT_LABEL, text_lit(alt))


def check_length(rec: Record, field: str, value: str, limit: int) -> str:
    if len(value) > limit:
        rec.errors.append(
            f"field {field} has {len(value)} characters, over the limit of {limit} "
            "(raise IKG_MAX_FIELD_CHARS)"
        )
        return value[:limit]
    return value


def slug_hash(*parts: object) -> str:
    """A short stable id from some values (for records that carry no id of their own)."""
    import hashlib

    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def link_ipc(rec: Record, work: NamedNode, code: str) -> NamedNode | None:
    """A patent's IPC/CPC symbol makes its IPC subclass a subject (dcterms:subject) of it."""
    concept = ipc_concept(code)
    if concept is not None:
        rec.add(work, vocab.SUBJECT, concept)
    return concept
