"""CSV record tables: experts, institutions, technologies, works, patents, projects, demands, regions.

Each table is recognised by its header row (the id column names the table). Lists are
``;``-separated. References between tables use the ids of the same file set; a reference
that is not a known id is taken as a plain name (a person or institution the resolver may
later link). The column sets are documented in the README ("Input formats").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pyoxigraph import NamedNode

from ingest.loaders import fields as b
from ingest.loaders import register
from ingest.loaders.csv_aliases import patent_header, rename_row
from ingest.loaders.csv_tables import Table, table_for_header
from ingest.loaders.textio import detect_encoding, read_csv, split_list
from ingest.types import LoadContext, Record, TextField
from kg import vocab
from kg.errors import InputError
from kg.schemes import industry_iri


class CsvRecordsLoader:
    name = "csv-records"
    priority = 10

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.suffix.lower() not in (".csv", ".tsv", ".txt", ""):
            return False
        line = head.split(b"\n", 1)[0]
        try:
            first = line.decode(detect_encoding(line), "ignore")
        except (InputError, LookupError):
            first = line.decode("utf-8", "ignore")
        first = first.lstrip("\ufeff").lower()
        cols = [c.strip().strip('"') for c in first.replace("\t", ",").replace(";", ",").split(",")]
        return table_for_header(cols) is not None

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        parsed = []
        for f in files:
            header, rows = read_csv(
                f, ctx.settings.max_file_bytes, ctx.settings.max_field_chars, ctx.encoding
            )
            table = table_for_header(header)
            if table is None:
                continue
            rows_list = list(rows)
            aliases = patent_header(header)
            if aliases is not None:  # a patent database export: canonical column names
                rows_list = [(n, rename_row(r, aliases)) for n, r in rows_list]
                header = sorted({c for _, r in rows_list for c in r} | set(aliases.values()))
                header += ["patent_id"] if "patent_id" not in header else []
            parsed.append((table, f, header, rows_list))
            ids = ctx.known_ids.setdefault(table.kind, set())
            ids.update(r.get(table.id_column, "") for _, r in rows_list if r.get(table.id_column))
            _global_ids(table, rows_list, ctx)
        parsed.sort(key=lambda p: p[0].priority)
        for table, f, header, rows_list in parsed:
            missing = [c for c in table.required if c not in header]
            build = _BUILDERS[table.kind]
            for line, row in rows_list:
                rec = Record(file=str(f), locator=f"line {line}")
                rid = row.get(table.id_column, "")
                if rid:
                    rec.locator = f"line {line} ({table.id_column}={rid})"
                if missing:
                    rec.errors.append(
                        f"the file has no column {', '.join(missing)}; add it to the header "
                        f"(required for a {table.kind} table: {', '.join(table.required)})"
                    )
                    yield rec
                    continue
                empty = [c for c in table.required if not row.get(c, "").strip()]
                if empty:
                    rec.errors.append(f"required column {', '.join(empty)} is empty; fill it in")
                    yield rec
                    continue
                for col, val in row.items():
                    b.check_length(rec, col, val, ctx.settings.max_field_chars)
                if rec.errors:
                    yield rec
                    continue
                try:
                    build(rec, {k: b.clean(v) for k, v in row.items()}, ctx)
                except ValueError as e:
                    rec.errors.append(str(e))
                yield rec


def _global_ids(table: Table, rows: list[tuple[int, dict[str, str]]], ctx: LoadContext) -> None:
    """Experts with a valid ORCID and institutions with a valid ROR get the global IRI, so
    the same person or institution from OpenAlex or another source is the same node."""
    col, kind = {"expert": ("orcid", "expert"), "institution": ("ror", "institution")}.get(
        table.kind, ("", "")
    )
    if not col:
        return
    for _, row in rows:
        local, value = row.get(table.id_column, ""), row.get(col, "")
        if not (local and value):
            continue
        try:
            norm = b.parse_orcid(value) if col == "orcid" else b.parse_ror(value)
        except ValueError:
            continue  # the row is quarantined when it is built
        ctx.global_iris[(kind, local)] = vocab.mint(kind, col, norm)


# --- builders ------------------------------------------------------------------------------


def _ref(ctx: LoadContext, kind: str, value: str) -> NamedNode:
    """An id of the file set, a technology id/IRI of the built-in scheme, or a name."""
    if value.startswith(("http://", "https://")):
        return NamedNode(value)
    if kind == "technology":  # technology tables mint global IRIs, like the built-in scheme
        return vocab.mint("technology", value)
    if value in ctx.known_ids.get(kind, set()):
        return ctx.mint(kind, value)
    if kind == "expert":
        return b.person_iri(ctx.source, name=value)
    if kind == "institution":
        return b.institution_iri(ctx.source, name=value)
    return ctx.mint(kind, value)


def _named_stub(rec: Record, ctx: LoadContext, kind: str, value: str) -> NamedNode:
    """Reference ``value``; a plain name (not a known id) becomes a minimal entity of its own."""
    node = _ref(ctx, kind, value)
    if value not in ctx.known_ids.get(kind, set()) and not value.startswith("http"):
        rec.own(node)
        if kind == "expert":
            rec.add(node, vocab.TYPE, vocab.EXPERT)
            rec.add(node, vocab.NAME, b.text_lit(value))
            rec.add(node, vocab.PREF_LABEL, b.text_lit(value))
        elif kind == "institution":
            rec.add(node, vocab.TYPE, vocab.INSTITUTION)
            rec.add(node, vocab.PREF_LABEL, b.text_lit(value))
    return node


def _technologies(
    rec: Record, ctx: LoadContext, node: NamedNode, value: str, pred: NamedNode = vocab.SUBJECT
) -> None:
    for t in split_list(value):
        rec.add(node, pred, _ref(ctx, "technology", t))


def _keywords(rec: Record, node: NamedNode, value: str) -> None:
    for k in split_list(value):
        rec.add(node, vocab.KEYWORD, b.text_lit(k))


def _region(rec: Record, ctx: LoadContext, node: NamedNode, value: str) -> None:
    if value:
        rec.add(node, vocab.REGION_P, ctx.mint("region", value))


def build_region(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    node = rec.own(ctx.mint("region", row["region_id"]))
    rec.add(node, vocab.TYPE, vocab.REGION)
    b.add_labels(rec, node, row["name"], row.get("name_zh", ""))
    if row.get("country"):
        rec.add(node, vocab.COUNTRY_CODE, b.plain(row["country"].upper()))
    if row.get("parent_id"):
        rec.add(node, vocab.CONTAINED_IN_PLACE, ctx.mint("region", row["parent_id"]))
    for col, pred, lo, hi in (
        ("lat", vocab.LATITUDE, -90, 90),
        ("lon", vocab.LONGITUDE, -180, 180),
    ):
        if row.get(col):
            try:
                v = float(row[col])
            except ValueError:
                raise ValueError(f"{col} {row[col]!r} is not a number") from None
            if not lo <= v <= hi:
                raise ValueError(f"{col} {v} is outside {lo}..{hi}")
            rec.add(node, pred, b.dec_lit(v))


def build_institution(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    ror = b.parse_ror(row["ror"]) if row.get("ror") else None
    node = rec.own(ctx.mint("institution", row["institution_id"]))
    typ = row["type"].lower().replace(" ", "_").replace("-", "_")
    if typ not in vocab.INSTITUTION_TYPES:
        raise ValueError(f"type {row['type']!r} is not one of {', '.join(vocab.INSTITUTION_TYPES)}")
    rec.add(node, vocab.TYPE, vocab.INSTITUTION_TYPES[typ])
    alts = split_list(row.get("alt_names", "")) + split_list(row.get("acronym", ""))
    b.add_labels(rec, node, row["name"], row.get("name_zh", ""), alts)
    if ror:
        rec.add(node, vocab.ROR, b.plain(ror))
    if row.get("uscc"):
        rec.add(node, vocab.USCC, b.plain(row["uscc"]))
    if row.get("country"):
        rec.add(node, vocab.COUNTRY_CODE, b.plain(row["country"].upper()))
    if row.get("city"):
        rec.add(node, vocab.CITY, b.text_lit(row["city"]))
    _region(rec, ctx, node, row.get("region", ""))
    if row.get("parent_id"):
        rec.add(node, vocab.SUB_ORGANIZATION_OF, _ref(ctx, "institution", row["parent_id"]))
    _technologies(rec, ctx, node, row.get("technologies", ""), vocab.WORKS_ON)


def build_technology(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    node = rec.own(vocab.mint("technology", row["technology_id"]))
    rec.add(node, vocab.TYPE, vocab.TECHNOLOGY)
    rec.add(node, vocab.TYPE, vocab.SKOS.Concept)
    scheme = vocab.mint("scheme", ctx.source)  # the user's scheme: one per source
    rec.add(scheme, vocab.TYPE, vocab.SKOS.ConceptScheme)
    rec.add(scheme, vocab.PREF_LABEL, b.text_lit(ctx.source))
    rec.add(node, vocab.IN_SCHEME, scheme)
    alts = split_list(row.get("alt_names", "")) + split_list(row.get("alt_names_zh", ""))
    b.add_labels(rec, node, row["name"], row.get("name_zh", ""), alts)
    if row.get("broader"):
        rec.add(node, vocab.BROADER, vocab.mint("technology", row["broader"]))
    if row.get("trl"):
        trl = int(row["trl"]) if row["trl"].isdigit() else -1
        if not 1 <= trl <= 9:
            raise ValueError(f"trl {row['trl']!r} must be an integer 1..9")
        rec.add(node, vocab.TRL, b.int_lit(trl))
    if row.get("description"):
        rec.add(node, vocab.DESCRIPTION, b.text_lit(row["description"]))
    _technologies(rec, ctx, node, row.get("enables", ""), vocab.ENABLES)
    _technologies(rec, ctx, node, row.get("depends_on", ""), vocab.DEPENDS_ON)
    if row.get("industry_codes"):
        for code in split_list(row["industry_codes"]):
            rec.add(node, vocab.RELATED_INDUSTRY, industry_iri(code))


def build_expert(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    node = rec.own(ctx.mint("expert", row["expert_id"]))
    rec.add(node, vocab.TYPE, vocab.EXPERT)
    for name in [row["name"], row.get("name_zh", "")] + split_list(row.get("name_variants", "")):
        if name:
            rec.add(node, vocab.NAME, b.text_lit(name))
    b.add_labels(rec, node, row["name"], row.get("name_zh", ""))
    if row.get("orcid"):
        rec.add(node, vocab.ORCID, b.plain(b.parse_orcid(row["orcid"])))
    if row.get("email"):
        if "@" not in row["email"]:
            raise ValueError(f"email {row['email']!r} is not an e-mail address")
        rec.add(node, vocab.EMAIL, b.plain(row["email"]))
    if row.get("phone"):
        rec.add(node, vocab.TELEPHONE, b.plain(row["phone"]))
    if row.get("title"):
        for t in split_list(row["title"].replace("/", ";")):
            rec.add(node, vocab.JOB_TITLE, b.text_lit(t))
    for inst in split_list(row.get("institution_ids", "")):
        rec.add(node, vocab.MEMBER_OF, _named_stub(rec, ctx, "institution", inst))
    if row.get("country"):
        rec.add(node, vocab.COUNTRY_CODE, b.plain(row["country"].upper()))
    _region(rec, ctx, node, row.get("region", ""))
    _technologies(rec, ctx, node, row.get("technologies", ""), vocab.HAS_EXPERTISE)
    _keywords(rec, node, row.get("keywords", ""))
    if row.get("bio"):
        rec.add(node, vocab.DESCRIPTION, b.text_lit(row["bio"]))
        rec.texts.append(TextField(node, row["bio"]))


def _contributions(
    rec: Record, ctx: LoadContext, work: NamedNode, people: list[str], role: str, pred: NamedNode
) -> None:
    for pos, person in enumerate(people, start=1):
        agent = _named_stub(rec, ctx, "expert", person)
        rec.add(work, pred, agent)
        if pred != vocab.CREATOR:
            rec.add(work, vocab.CREATOR, agent)
        c = NamedNode(f"{work.value}/contribution/{role}/{pos}")
        rec.own(c)
        rec.add(work, vocab.CONTRIBUTION_P, c)
        rec.add(c, vocab.TYPE, vocab.CONTRIBUTION)
        rec.add(c, vocab.AGENT, agent)
        rec.add(c, vocab.ROLE, b.plain(role))
        rec.add(c, vocab.AUTHOR_POSITION, b.int_lit(pos))
        rec.add(c, vocab.AUTHOR_COUNT, b.int_lit(len(people)))


def _work_common(
    rec: Record, ctx: LoadContext, node: NamedNode, row: dict[str, str], year_col: str = "year"
) -> None:
    rec.add(node, vocab.TITLE, b.text_lit(row["title"]))
    if row.get("title_zh"):
        rec.add(node, vocab.TITLE, b.text_lit(row["title_zh"], "zh"))
    if row.get("abstract"):
        rec.add(node, vocab.ABSTRACT, b.text_lit(row["abstract"]))
    year = b.parse_year(row.get(year_col), year_col)
    if year is not None:
        rec.add(node, vocab.YEAR, b.int_lit(year))
    _technologies(rec, ctx, node, row.get("technologies", ""))
    _keywords(rec, node, row.get("keywords", ""))
    text = " ".join(row.get(c, "") for c in ("title", "title_zh", "abstract", "keywords"))
    rec.texts.append(TextField(node, text.replace(";", " ")))


def build_work(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    typ = row["type"].lower()
    if typ not in vocab.WORK_TYPES:
        raise ValueError(f"type {row['type']!r} is not one of {', '.join(vocab.WORK_TYPES)}")
    node = rec.own(ctx.mint("work", row["work_id"]))
    rec.add(node, vocab.TYPE, vocab.WORK_TYPES[typ])
    _work_common(rec, ctx, node, row)
    if row.get("doi"):
        rec.add(node, vocab.DOI, b.plain(b.parse_doi(row["doi"])))
    if row.get("venue"):
        rec.add(node, vocab.VENUE, b.text_lit(row["venue"]))
    _contributions(rec, ctx, node, split_list(row.get("authors", "")), "author", vocab.CREATOR)
    for inst in split_list(row.get("institutions", "")):
        rec.add(node, vocab.AFFILIATED_INSTITUTION, _named_stub(rec, ctx, "institution", inst))


def build_patent(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    node = rec.own(ctx.mint("patent", row["patent_id"]))
    rec.add(node, vocab.TYPE, vocab.PATENT)
    _work_common(rec, ctx, node, row)
    if row.get("number"):
        rec.add(node, vocab.PATENT_NUMBER, b.plain(row["number"]))
    if row.get("country"):
        rec.add(node, vocab.COUNTRY_CODE, b.plain(row["country"].upper()))
    for ipc in split_list(row.get("ipc", "")):
        rec.add(node, vocab.IPC, b.plain(ipc))
        b.link_ipc(rec, node, ipc)
    _contributions(rec, ctx, node, split_list(row.get("inventors", "")), "inventor", vocab.INVENTOR)
    for inst in split_list(row.get("assignees", "")):
        a = _named_stub(rec, ctx, "institution", inst)
        rec.add(node, vocab.ASSIGNEE, a)
        rec.add(node, vocab.AFFILIATED_INSTITUTION, a)


def build_project(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    node = rec.own(ctx.mint("project", row["project_id"]))
    rec.add(node, vocab.TYPE, vocab.PROJECT)
    _work_common(rec, ctx, node, row, year_col="start_year")
    end = b.parse_year(row.get("end_year"), "end_year")
    if end is not None:
        rec.add(node, vocab.END_YEAR, b.int_lit(end))
    if row.get("pi"):
        _contributions(rec, ctx, node, [row["pi"]], "pi", vocab.PRINCIPAL_INVESTIGATOR)
    members = [m for m in split_list(row.get("members", "")) if m != row.get("pi")]
    for pos, person in enumerate(members, start=2):
        agent = _named_stub(rec, ctx, "expert", person)
        rec.add(node, vocab.CREATOR, agent)
        c = rec.own(NamedNode(f"{node.value}/contribution/member/{pos}"))
        rec.add(node, vocab.CONTRIBUTION_P, c)
        rec.add(c, vocab.TYPE, vocab.CONTRIBUTION)
        rec.add(c, vocab.AGENT, agent)
        rec.add(c, vocab.ROLE, b.plain("member"))
        rec.add(c, vocab.AUTHOR_POSITION, b.int_lit(pos))
    for inst in split_list(row.get("institutions", "")):
        rec.add(node, vocab.AFFILIATED_INSTITUTION, _named_stub(rec, ctx, "institution", inst))
    if row.get("funder"):
        rec.add(node, vocab.FUNDER, _named_stub(rec, ctx, "institution", row["funder"]))
    if row.get("budget"):
        try:
            rec.add(node, vocab.BUDGET, b.dec_lit(float(row["budget"])))
        except ValueError:
            raise ValueError(f"budget {row['budget']!r} is not a number") from None


def build_demand(rec: Record, row: dict[str, str], ctx: LoadContext) -> None:
    node = rec.own(ctx.mint("demand", row["demand_id"]))
    rec.add(node, vocab.TYPE, vocab.DEMAND)
    rec.add(node, vocab.TITLE, b.text_lit(row["title"]))
    if row.get("title_zh"):
        rec.add(node, vocab.TITLE, b.text_lit(row["title_zh"], "zh"))
    if row.get("description"):
        rec.add(node, vocab.DESCRIPTION, b.text_lit(row["description"]))
    ent = row.get("enterprise_id") or row.get("enterprise_name")
    if ent:
        rec.add(node, vocab.REQUESTER, _named_stub(rec, ctx, "institution", ent))
    _region(rec, ctx, node, row.get("region", ""))
    year = b.parse_year(row.get("year"), "year")
    if year is not None:
        rec.add(node, vocab.YEAR, b.int_lit(year))
    _technologies(rec, ctx, node, row.get("technologies", ""))
    _keywords(rec, node, row.get("keywords", ""))
    text = " ".join(row.get(c, "") for c in ("title", "title_zh", "description", "keywords"))
    rec.texts.append(TextField(node, text.replace(";", " ")))


_BUILDERS: dict[str, Callable[[Record, dict[str, str], LoadContext], None]] = {
    "region": build_region,
    "institution": build_institution,
    "technology": build_technology,
    "expert": build_expert,
    "work": build_work,
    "patent": build_patent,
    "project": build_project,
    "demand": build_demand,
}

LOADER = register(CsvRecordsLoader())
