"""``ikg eval``: a sub-app shared by the areas that evaluate against gold files.

Each area adds its subcommand to ``eval_app`` (``eval_app.command("experts")(fn)``) and calls
``register(app)``, which adds the sub-app once.
"""

from __future__ import annotations

import typer

eval_app = typer.Typer(help="Evaluations against gold files.", no_args_is_help=True)
_registered: set[int] = set()


def register(app: typer.Typer) -> None:
    if id(app) in _registered:
        return
    _registered.add(id(app))
    app.add_typer(eval_app, name="eval")
