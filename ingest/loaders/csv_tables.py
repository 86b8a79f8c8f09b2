"""The CSV records tables (regions, institutions, technologies, experts, works, patents,
projects, demands): their columns in the documented file order and the required ones. The one
column list: the loader (csv_records.py) checks files against it and scripts/make_samples.py
writes the sample files with it."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.loaders.csv_aliases import patent_header


@dataclass(frozen=True)
class Table:
    """One CSV records table: its columns in the documented file order (what
    scripts/make_samples.py writes), those a file must have, and the loading priority."""

    kind: str
    id_column: str
    required: tuple[str, ...]
    columns: tuple[str, ...]
    priority: int

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.required)


TABLES: dict[str, Table] = {
    t.kind: t
    for t in [
        Table(
            "region",
            "region_id",
            ("region_id", "name"),
            ("region_id", "name", "name_zh", "country", "parent_id", "lat", "lon"),
            0,
        ),
        Table(
            "institution",
            "institution_id",
            ("institution_id", "name", "type"),
            (
                "institution_id",
                "name",
                "name_zh",
                "acronym",
                "alt_names",
                "type",
                "country",
                "region",
                "city",
                "ror",
                "uscc",
                "parent_id",
                "technologies",
            ),
            1,
        ),
        Table(
            "technology",
            "technology_id",
            ("technology_id", "name"),
            (
                "technology_id",
                "name",
                "name_zh",
                "broader",
                "alt_names",
                "alt_names_zh",
                "trl",
                "description",
                "enables",
                "depends_on",
                "industry_codes",
            ),
            2,
        ),
        Table(
            "expert",
            "expert_id",
            ("expert_id", "name"),
            (
                "expert_id",
                "name",
                "name_zh",
                "name_variants",
                "orcid",
                "email",
                "phone",
                "title",
                "institution_ids",
                "country",
                "region",
                "technologies",
                "keywords",
                "bio",
            ),
            3,
        ),
        Table(
            "work",
            "work_id",
            ("work_id", "type", "title"),
            (
                "work_id",
                "type",
                "title",
                "title_zh",
                "abstract",
                "year",
                "authors",
                "institutions",
                "technologies",
                "keywords",
                "doi",
                "venue",
            ),
            4,
        ),
        Table(
            "patent",
            "patent_id",
            ("patent_id", "title", "year"),
            (
                "patent_id",
                "number",
                "title",
                "title_zh",
                "abstract",
                "year",
                "inventors",
                "assignees",
                "technologies",
                "keywords",
                "country",
                "ipc",
            ),
            4,
        ),
        Table(
            "project",
            "project_id",
            ("project_id", "title"),
            (
                "project_id",
                "title",
                "title_zh",
                "abstract",
                "start_year",
                "end_year",
                "pi",
                "members",
                "institutions",
                "funder",
                "technologies",
                "keywords",
                "budget",
            ),
            4,
        ),
        Table(
            "demand",
            "demand_id",
            ("demand_id", "title"),
            (
                "demand_id",
                "title",
                "title_zh",
                "description",
                "enterprise_id",
                "enterprise_name",
                "region",
                "year",
                "technologies",
                "keywords",
            ),
            5,
        ),
    ]
}


def table_for_header(header: list[str]) -> Table | None:
    cols = set(header)
    for t in TABLES.values():
        if t.id_column in cols:
            return t
    if patent_header(header) is not None:
        return TABLES["patent"]
    return None
