"""Lazy command loading for ``ikg``: a command's module is imported when that command runs.

``ikg --help`` and ``ikg experts`` used to import every command module (spaCy, the sentence
models, the briefing's office libraries...) before doing anything: 3-4 s of start-up. Each area
now declares an :class:`Area`: the module whose ``register(app)`` adds its commands, the one-line
help of each command it owns (what ``ikg --help`` lists without importing it), and the groups
owned by another area that it adds subcommands to (``eval``, ``topics``).

:class:`LazyGroup` is the top-level click group. Its ``commands`` mapping lists every declared
name and builds a command on first access: the owning area's ``register`` runs on a scratch
``typer.Typer``, then the areas that join the same group, in declaration order. This module is
the one place that imports project modules by name at run time (``importlib``); a module that
cannot be imported because a third-party package is missing becomes
:class:`~kg.errors.MissingDependency` (exit 2, naming what to install) for the commands that
need it, never for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import click
import typer
from typer.core import TyperGroup
from typer.main import get_group

from kg.errors import ConfigError, MissingDependency

PROJECT_PACKAGES = ("kg", "ingest")


@dataclass(frozen=True)
class Area:
    """Commands one module adds to ``ikg`` (its ``register(app: typer.Typer)``)."""

    module: str
    commands: Mapping[str, str]  # command or group name -> one-line help for `ikg --help`
    joins: tuple[str, ...] = ()  # groups owned by another area that this one adds to
    register: str = "register"


def scratch_app() -> typer.Typer:
    """An empty Typer with the top-level app's settings, for an area to register into."""
    return typer.Typer(add_completion=False, rich_markup_mode=None)


def load_area(area: Area, app: typer.Typer, name: str) -> None:
    """Import ``area.module`` and run its register on ``app``."""
    try:
        module = importlib.import_module(area.module)
    except ModuleNotFoundError as e:
        if (e.name or "").split(".")[0] in PROJECT_PACKAGES:
            raise
        raise MissingDependency.of(e, f"`ikg {name}`") from e
    getattr(module, area.register)(app)


class Registry:
    """The declared areas: which ones own or join each top-level name."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self.areas = list(areas)
        self.owner: dict[str, Area] = {}
        self.joiners: dict[str, list[Area]] = {}
        for area in self.areas:
            for name in area.commands:
                if name in self.owner:
                    raise ConfigError(
                        f"`ikg {name}` is declared by both {self.owner[name].module} and "
                        f"{area.module}: one area owns a name, others join it"
                    )
                self.owner[name] = area
            for name in area.joins:
                self.joiners.setdefault(name, []).append(area)
        orphans = sorted(set(self.joiners) - set(self.owner))
        if orphans:
            raise ConfigError(f"groups joined but owned by no area: {orphans}")

    def names(self) -> list[str]:
        return list(self.owner)

    def help(self, name: str) -> str:
        return self.owner[name].commands[name]

    def build(self, name: str) -> click.Command:
        """The click command for ``name``: its owner's register, then its joiners'."""
        app = scratch_app()
        for area in [self.owner[name], *self.joiners.get(name, [])]:
            load_area(area, app, name)
        group = get_group(app)
        if name not in group.commands:
            raise ConfigError(
                f"{self.owner[name].module}.register did not add `ikg {name}`, which it declares"
            )
        return group.commands[name]


class LazyCommands(MutableMapping[str, click.Command]):
    """Every declared command by name; a command is built the first time it is read."""

    def __init__(self, registry: Registry, eager: Mapping[str, click.Command]) -> None:
        self.registry = registry
        self.loaded: dict[str, click.Command] = dict(eager)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            if name not in self.registry.owner:
                raise KeyError(name)
            self.loaded[name] = self.registry.build(name)
        return self.loaded[name]

    def __setitem__(self, name: str, cmd: click.Command) -> None:
        self.loaded[name] = cmd

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.loaded
        yield from (n for n in self.registry.names() if n not in self.loaded)

    def __len__(self) -> int:
        return len(set(self.loaded) | set(self.registry.owner))


class LazyGroup(TyperGroup):
    """The ``ikg`` group: lists declared commands from their help lines, imports on use."""

    registry: Registry = Registry([])

    def __init__(self, *, commands: Any = None, **kwargs: Any) -> None:
        super().__init__(commands=commands, **kwargs)
        self.commands = LazyCommands(self.registry, self.commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the declared help lines (nothing is imported for it)."""
        lazy = self.commands
        assert isinstance(lazy, LazyCommands)
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(n) for n in names), default=0)
        rows = []
        for name in names:
            cmd = lazy.loaded.get(name)
            if cmd is None:
                help_line = click.Command(name, help=self.registry.help(name))
                rows.append((name, help_line.get_short_help_str(limit)))
            elif not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def lazy_group(areas: Iterable[Area]) -> type[LazyGroup]:
    """A LazyGroup class bound to these areas (typer instantiates the class it is given)."""
    return type("IkgGroup", (LazyGroup,), {"registry": Registry(areas)})
