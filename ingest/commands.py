"""ingest's commands in the ``ikg`` CLI, declared for lazy loading.

This module is the ``ikg.commands`` entry point (pyproject.toml): ``kg.cli.main`` reads the
:class:`~kg.cli.lazy.Area` below to list the commands in ``ikg --help`` and imports
``ingest.cli`` (spaCy, the pipeline...) only when one of them runs. Keep it light: it imports
nothing but kg.cli.lazy. A test checks each help line against the command's own.
"""

from __future__ import annotations

from kg.cli.lazy import Area

AREAS = [
    Area(
        "ingest.cli",
        {
            "ingest": "Load files/folders as one source; re-running a source replaces its graph.",
            "demo": "Ingest data/samples, validate, and start the app: the main job on the "
            "embedded store.",
            "extract": "Entity mentions (Person, Organization, Technology, Industry, Product, "
            "Place) with character offsets into the input text; nothing is written to the store.",
            "resolve": 'Cluster name mentions; one JSON line per input: {"id","name","entity",'
            '"canonical"}.',
            "review": "Uncertain merges: list, accept, reject.",
        },
        joins=("eval", "topics"),
    )
]
