"""OpenAlex works, in the real API shape: a JSON array, an API page (``results``), one work,
or JSON Lines. A bad JSON line or a work without id/title is quarantined, the rest lands.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pycountry
from pyoxigraph import NamedNode

from ingest.extract.affiliations import institutions
from ingest.loaders import fields as b
from ingest.loaders import register
from ingest.loaders.textio import read_text
from ingest.types import LoadContext, Record, TextField
from kg import vocab
from kg.errors import InputError, LimitError

_INST_TYPES = {
    "education": vocab.UNIVERSITY,
    "company": vocab.ENTERPRISE,
    "government": vocab.GOVERNMENT_AGENCY,
    "facility": vocab.RESEARCH_INSTITUTE,
    "archive": vocab.LIBRARY,
}
_WORK_TYPES = {"report": vocab.REPORT, "standard": vocab.STANDARD, "patent": vocab.PATENT}


def iso3(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 3:
        return code
    c = pycountry.countries.get(alpha_2=code)
    return c.alpha_3 if c else None


def short_id(value: str | None) -> str | None:
    if not value:
        return None
    return str(value).rstrip("/").rsplit("/", 1)[-1]


def _depth(obj: Any, limit: int) -> None:
    """Refuse JSON nested deeper than ``limit`` (the root is level 0, its values level 1...).
    Level by level over the containers only: the many numbers of an abstract index cost no call."""
    level, frontier = 0, [obj]
    while frontier:
        if level > limit:
            raise LimitError(f"JSON nesting deeper than {limit} levels (raise IKG_MAX_JSON_DEPTH)")
        below: list[Any] = []
        for o in frontier:
            values = o.values() if isinstance(o, dict) else o
            if values and level + 1 > limit:
                raise LimitError(
                    f"JSON nesting deeper than {limit} levels (raise IKG_MAX_JSON_DEPTH)"
                )
            below.extend(v for v in values if isinstance(v, (dict, list)))
        frontier, level = below, level + 1


def parse_json_text(text: str, path: Path, max_depth: int) -> Any:
    try:
        obj = json.loads(text)
    except RecursionError:
        raise LimitError(f"{path}: JSON nested too deeply to read") from None
    if isinstance(obj, (dict, list)):
        _depth(obj, max_depth)
    elif max_depth < 0:
        raise LimitError(f"JSON nesting deeper than {max_depth} levels (raise IKG_MAX_JSON_DEPTH)")
    return obj


def parse_lines(
    lines: Iterable[tuple[int, str]], path: Path, ctx: LoadContext
) -> list[tuple[str, Any]]:
    """(locator, work or the error that stands for it) of numbered JSON Lines; blank lines
    are skipped, a bad line is an error record (quarantined), never fatal."""
    out: list[tuple[str, Any]] = []
    for n, line in lines:
        if not line.strip():
            continue
        try:
            out.append((f"line {n}", parse_json_text(line, path, ctx.settings.max_json_depth)))
        except LimitError as e:
            out.append((f"line {n}", e))
        except json.JSONDecodeError as e:
            msg = f"line is not valid JSON ({e.msg} at column {e.colno}); fix or remove it"
            out.append((f"line {n}", InputError(msg)))
    return out


def looks_like_openalex(obj: Any) -> bool:
    if isinstance(obj, dict):
        if "results" in obj and isinstance(obj["results"], list):
            return (
                all(looks_like_openalex(r) for r in obj["results"][:3]) if obj["results"] else True
            )
        return "authorships" in obj or str(obj.get("id", "")).startswith("https://openalex.org/W")
    if isinstance(obj, list):
        return bool(obj) and all(isinstance(o, dict) and looks_like_openalex(o) for o in obj[:3])
    return False


def abstract_from_index(index: dict[str, list[int]] | None) -> str:
    if not isinstance(index, dict):
        return ""
    positions: list[tuple[int, str]] = []
    for word, places in index.items():
        for p in places if isinstance(places, list) else [places]:
            if isinstance(p, int):
                positions.append((p, word))
    return " ".join(w for _, w in sorted(positions))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _objects(rec: Record, value: Any, field: str) -> list[dict[str, Any]]:
    """A field that OpenAlex gives as a list of objects; another shape is a warning on the
    record naming the field (the rest of the work still lands), never dropped without a word."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        rec.warnings.append(
            f"field {field!r} is {type(value).__name__} {str(value)[:60]!r}, not a list of "
            "objects; ignored"
        )
        return []
    items = [v for v in value if isinstance(v, dict)]
    if len(items) < len(value):
        rec.warnings.append(
            f"field {field!r}: {len(value) - len(items)} of {len(value)} items are not objects; "
            "those were ignored"
        )
    return items


def _text(w: dict[str, Any], field: str) -> str:
    """A text field; a list, object or number where OpenAlex gives text quarantines the work."""
    value = w.get(field)
    if value is None or isinstance(value, str):
        return value or ""
    raise ValueError(f"field {field!r} is {type(value).__name__}, not text; fix the record")


class OpenAlexLoader:
    name = "openalex"
    priority = 20

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n\t")
        if not text.startswith(("{", "[")) or '"@context"' in text or '"@graph"' in text:
            return False
        return "openalex.org" in text or '"authorships"' in text

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        for f in files:
            text = read_text(f, ctx.settings.max_file_bytes, ctx.encoding)
            stripped = text.lstrip()
            works: list[tuple[str, Any]] = []
            try:
                obj = parse_json_text(stripped, f, ctx.settings.max_json_depth)
                items = obj.get("results", [obj]) if isinstance(obj, dict) else obj
                if isinstance(obj, dict) and "works" in obj and "authorships" not in obj:
                    items = obj["works"]
                works = [(f"record {i}", w) for i, w in enumerate(_as_list(items), start=1)]
            except json.JSONDecodeError:
                # JSON Lines: one work per line; a bad line is quarantined, not fatal
                lines = stripped.splitlines()
                if not lines or not lines[0].strip().startswith("{"):
                    raise InputError(f"{f}: not JSON or JSON Lines; check the file") from None
                works = parse_lines(enumerate(text.split("\n"), start=1), f, ctx)
            for locator, work in works:
                yield self.record(f, locator, work, ctx)

    def record(self, f: Path, locator: str, work: Any, ctx: LoadContext) -> Record:
        """One work's record (a parse error or a non-object is the record's error)."""
        rec = Record(file=str(f), locator=locator)
        if isinstance(work, Exception):
            rec.errors.append(str(work))
        elif not isinstance(work, dict):
            rec.errors.append("a work must be a JSON object")
        else:
            wid = short_id(work.get("id"))
            if wid:
                rec.locator = f"{locator} (id={wid})"
            try:
                self.build(rec, work, ctx)
            except (ValueError, TypeError, AttributeError) as e:
                rec.errors.append(f"not an OpenAlex work: {e}")
        return rec

    def line_records(
        self, f: Path, lines: Iterable[tuple[int, str]], ctx: LoadContext
    ) -> list[Record]:
        """The records of numbered JSON Lines (what ``run`` gives for those lines of ``f``)."""
        return [self.record(f, loc, w, ctx) for loc, w in parse_lines(lines, f, ctx)]

    def build(self, rec: Record, w: dict[str, Any], ctx: LoadContext) -> None:
        wid = short_id(w.get("id"))
        title = b.clean(_text(w, "title") or _text(w, "display_name"))
        if not wid:
            raise ValueError("the work has no id; every OpenAlex work has one like W2741809807")
        if not title:
            raise ValueError("the work has no title or display_name")
        b.check_length(rec, "title", title, ctx.settings.max_field_chars)
        node = rec.own(vocab.mint("work", "openalex", wid))
        rec.add(node, vocab.TYPE, _WORK_TYPES.get(str(w.get("type", "")).lower(), vocab.PAPER))
        rec.add(node, vocab.OPENALEX_ID, b.plain(wid))
        lang = w.get("language") if w.get("language") in ("en", "zh") else None
        rec.add(node, vocab.TITLE, b.text_lit(title, lang))
        year = b.parse_year(w.get("publication_year"), "publication_year")
        if year is not None:
            rec.add(node, vocab.YEAR, b.int_lit(year))
        if _text(w, "doi"):
            rec.add(node, vocab.DOI, b.plain(b.parse_doi(w["doi"])))
        abstract = b.clean(abstract_from_index(w.get("abstract_inverted_index")))
        if abstract:
            rec.add(node, vocab.ABSTRACT, b.text_lit(abstract[: ctx.settings.max_field_chars]))
        loc = w.get("primary_location") or {}
        src = loc.get("source") if isinstance(loc, dict) else None
        if isinstance(src, dict) and src.get("display_name"):
            rec.add(node, vocab.VENUE, b.text_lit(b.clean(src["display_name"])))
        kws = [k.get("display_name", "") for k in _objects(rec, w.get("keywords"), "keywords")]
        kws += [
            c.get("display_name", "")
            for c in _objects(rec, w.get("concepts"), "concepts")
            if int(c.get("level", 9) or 9) >= 1
        ]
        kws += [t.get("display_name", "") for t in _objects(rec, w.get("topics"), "topics")]
        for k in dict.fromkeys(b.clean(k) for k in kws if isinstance(k, str) and k):
            rec.add(node, vocab.KEYWORD, b.text_lit(k))
        rec.texts.append(TextField(node, " ".join([title, abstract, *kws])))
        authorships = _objects(rec, w.get("authorships"), "authorships")
        for pos, a in enumerate(authorships, start=1):
            self._authorship(rec, ctx, node, a, pos, len(authorships))

    def _authorship(
        self,
        rec: Record,
        ctx: LoadContext,
        work: NamedNode,
        a: dict[str, Any],
        pos: int,
        count: int,
    ) -> None:
        author = a.get("author") or {}
        if not isinstance(author, dict):
            rec.warnings.append(
                f"field 'authorships[{pos}].author' is {type(author).__name__}, not an object; "
                "ignored (raw_author_name used if given)"
            )
            author = {}
        name = b.clean(author.get("display_name") or a.get("raw_author_name") or "")
        if not name:
            return
        orcid = None
        if author.get("orcid"):
            orcid = b.parse_orcid(str(author["orcid"]))
        aid = short_id(author.get("id"))
        person = b.person_iri("openalex", orcid=orcid, local_id=aid, name=name)
        rec.own(person)
        rec.add(person, vocab.TYPE, vocab.EXPERT)
        rec.add(person, vocab.NAME, b.text_lit(name))
        rec.add(person, vocab.PREF_LABEL, b.text_lit(name))
        raw = b.clean(a.get("raw_author_name") or "")
        if raw and raw != name:
            rec.add(person, vocab.ALT_LABEL, b.text_lit(raw))
        if orcid:
            rec.add(person, vocab.ORCID, b.plain(orcid))
        if aid:
            rec.add(person, vocab.OPENALEX_ID, b.plain(aid))
        rec.add(work, vocab.CREATOR, person)
        c = rec.own(NamedNode(f"{work.value}/contribution/author/{pos}"))
        rec.add(work, vocab.CONTRIBUTION_P, c)
        rec.add(c, vocab.TYPE, vocab.CONTRIBUTION)
        rec.add(c, vocab.AGENT, person)
        rec.add(c, vocab.ROLE, b.plain("author"))
        rec.add(c, vocab.AUTHOR_POSITION, b.int_lit(pos))
        rec.add(c, vocab.AUTHOR_COUNT, b.int_lit(count))
        linked = False
        for inst in _objects(rec, a.get("institutions"), f"authorships[{pos}].institutions"):
            if not isinstance(inst.get("display_name"), str) or not inst["display_name"]:
                continue
            linked = True
            ror = b.parse_ror(str(inst["ror"])) if inst.get("ror") else None
            iid = short_id(inst.get("id"))
            node = rec.own(
                b.institution_iri("openalex", ror=ror, local_id=iid, name=inst["display_name"])
            )
            rec.add(node, vocab.TYPE, _INST_TYPES.get(str(inst.get("type", "")), vocab.INSTITUTION))
            rec.add(node, vocab.PREF_LABEL, b.text_lit(b.clean(inst["display_name"])))
            if ror:
                rec.add(node, vocab.ROR, b.plain(ror))
            if iid:
                rec.add(node, vocab.OPENALEX_ID, b.plain(iid))
            cc = iso3(inst.get("country_code"))
            if cc:
                rec.add(node, vocab.COUNTRY_CODE, b.plain(cc))
            rec.add(person, vocab.MEMBER_OF, node)
            rec.add(work, vocab.AFFILIATED_INSTITUTION, node)
        for raw_aff in _as_list(a.get("raw_affiliation_strings")):
            if isinstance(raw_aff, str) and raw_aff.strip():
                rec.add(c, vocab.DESCRIPTION, b.text_lit(b.clean(raw_aff)[:2000]))
                if not linked:
                    _parsed_institutions(rec, b.clean(raw_aff)[:2000], person, work)


def _parsed_institutions(rec: Record, raw: str, person: NamedNode, work: NamedNode) -> None:
    """An authorship OpenAlex matched to no institution: the institutions its raw affiliation
    string names (``ingest.extract.affiliations``), by name; the resolver merges them with the
    institutions the graph knows."""
    for seg in institutions(raw):
        node = rec.own(b.institution_iri("openalex", name=seg.text))
        rec.add(node, vocab.TYPE, vocab.INSTITUTION)
        rec.add(node, vocab.PREF_LABEL, b.text_lit(seg.text))
        rec.add(person, vocab.MEMBER_OF, node)
        rec.add(work, vocab.AFFILIATED_INSTITUTION, node)


LOADER = register(OpenAlexLoader())
