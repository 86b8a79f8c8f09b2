"""``ikg eval``: the one sub-app shared by the areas that evaluate against gold files.

Each area adds its subcommand with ``eval_group(app).command("NAME")(fn)``; the group is
created on the first call and found again on later ones (one per top-level app).
"""

from __future__ import annotations

import typer

HELP = "Evaluations against gold files."


def eval_group(app: typer.Typer) -> typer.Typer:
    """The ``ikg eval`` group of ``app`` (created by whichever area registers first)."""
    for info in app.registered_groups:
        if info.name == "eval" and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help=HELP, no_args_is_help=True)
    app.add_typer(group, name="eval")
    return group
