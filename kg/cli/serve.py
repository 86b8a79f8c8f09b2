"""``ikg serve``: the SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import sys

import typer

from kg.cli.common import StoreOpt, get_store
from kg.server.app import create_app
from kg.server.app import serve as run


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    timeout: float = typer.Option(
        None, "--timeout", help="Seconds per query before it is cut (default: query_timeout_s)."
    ),
    limit: int = typer.Option(
        None, "--limit", help="Most rows/triples per answer (default: result_limit)."
    ),
    workers: int = typer.Option(
        None, "--workers", help="Query worker processes (default: CPUs, max 4)."
    ),
    token_env: str = typer.Option(
        "IKG_UPDATE_TOKEN",
        "--token-env",
        help="Environment variable holding the bearer token for updates and contact details.",
    ),
    cors: list[str] = typer.Option([], "--cors-origin", help="Allowed CORS origin (default *)."),
    store: str = StoreOpt,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint (GET/POST query, token-guarded update)."""

    st = get_store(store)
    app = create_app(
        st,
        timeout=timeout,
        limit=limit,
        token_env=token_env,
        workers=workers,
        cors_origins=cors or None,
    )
    ctx = app.state.ikg
    sys.stderr.write(
        f"ikg: SPARQL endpoint on http://{host}:{port}/sparql (store {st.path}; timeout "
        f"{ctx.timeout:g} s; limit {ctx.limit}; updates "
        f"{'enabled' if ctx.token() else 'disabled, set ' + token_env})\n"
    )
    run(app, host=host, port=port)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
