"""`ikg` imports a command's module only when that command runs (kg/cli/lazy.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from kg.cli.lazy import Area, Registry
from kg.cli.main import app
from kg.errors import ConfigError, MissingDependency

HEAVY = ["spacy", "ingest.cli", "kg.cli.experts", "kg.cli.brief", "kg.experts.index", "fpdf"]


def modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (with the ikg app)."""
    script = (
        "import io, json, sys, contextlib\n"
        "from kg.cli.main import app\n"
        "from typer.main import get_command\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    {code}\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_cli_lazy_help_imports_no_command_module() -> None:
    loaded = modules_after("app(['--help'], standalone_mode=False)")
    assert "kg.cli.main" in loaded
    assert not [m for m in HEAVY if m in loaded], [m for m in HEAVY if m in loaded]


def test_cli_lazy_experts_loads_only_its_area() -> None:
    loaded = modules_after("get_command(app).commands['experts']")
    assert "kg.cli.experts" in loaded and "kg.experts.rank" in loaded
    others = ["spacy", "ingest.cli", "kg.cli.brief", "kg.cli.chains", "fpdf"]
    assert not [m for m in others if m in loaded], [m for m in others if m in loaded]


def test_cli_lazy_declared_help_is_the_commands_own() -> None:
    group = get_command(app)
    registry = group.registry  # type: ignore[attr-defined]
    assert len(registry.names()) >= 19
    for name in registry.names():
        real = group.commands[name].get_short_help_str(10_000)  # type: ignore[attr-defined]
        assert real == registry.help(name), name


def test_cli_lazy_joined_group_has_every_area_subcommand() -> None:
    group = get_command(app)
    evals = group.commands["eval"]  # type: ignore[attr-defined]
    assert {"experts", "extract", "resolve"} <= set(evals.commands)
    assert "accept" in group.commands["topics"].commands  # type: ignore[attr-defined]


def test_cli_lazy_missing_package_is_named(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ikg_area_needing_pkg.py").write_text(
        "import ikg_no_such_package_xyz\n\ndef register(app):\n    pass\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry([Area("ikg_area_needing_pkg", {"thing": "Does a thing."})])
    with pytest.raises(MissingDependency) as e:
        registry.build("thing")
    assert "ikg_no_such_package_xyz" in str(e.value) and "`ikg thing`" in str(e.value)


def test_cli_lazy_declared_but_not_registered_is_an_error(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ikg_area_forgetful.py").write_text(
        "def register(app):\n    @app.command('other')\n    def other() -> None:\n"
        "        pass\n\n    @app.command('more')\n    def more() -> None:\n        pass\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry([Area("ikg_area_forgetful", {"thing": "Does a thing."})])
    with pytest.raises(ConfigError, match="did not add `ikg thing`"):
        registry.build("thing")


def test_cli_lazy_one_owner_per_name() -> None:
    with pytest.raises(ConfigError, match="declared by both"):
        Registry([Area("a", {"x": "X."}), Area("b", {"x": "X."})])
    with pytest.raises(ConfigError, match="owned by no area"):
        Registry([Area("a", {"x": "X."}, joins=("y",))])


def test_cli_lazy_unknown_command_is_a_usage_error(cli) -> None:
    r = cli("no-such-command")
    assert r.code == 2 and "No such command" in r.stderr
