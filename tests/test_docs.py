"""Docs stay honest: every CLI command and named query is in the README, the set-up
commands are the two the README promises, and CI runs the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import typer

from kg.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[str]:

    root = typer.main.get_command(app)
    out: list[str] = []

    def walk(cmd, prefix: str) -> None:
        if getattr(cmd, "commands", None):
            for name, sub in cmd.commands.items():
                walk(sub, f"{prefix} {name}")
        else:
            out.append(prefix)

    walk(root, "ikg")
    return sorted(out)


def test_docs_every_command_is_in_the_readme():
    paths = command_paths()
    assert len(paths) >= 20, paths  # the suite collected the whole CLI
    missing = [p for p in paths if p not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_docs_named_query_table_is_current():
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout


def test_docs_two_setup_commands_and_ci():
    setup = README.split("## Set up: two commands", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", setup, re.S).group(1)
    commands = [ln.split("#")[0].strip() for ln in block.splitlines() if ln.strip()]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
