"""``ikg serve``: a SPARQL 1.1 Protocol endpoint on Starlette + uvicorn.

- ``GET /sparql?query=``, form ``POST`` (``query=`` / ``update=``), direct ``POST``
  (``application/sparql-query`` / ``application/sparql-update``); ``/`` without a query shows
  the HTML page, ``GET /sparql`` without a query answers the Service Description.
- Each query runs in a worker process (``kg.server.pool``) that is killed at the timeout;
  results are capped at the result limit (header ``IKG-Truncated: true`` when cut).
- Update needs ``Authorization: Bearer <token>``, the token being the value of the environment
  variable named by ``token_env`` (``IKG_UPDATE_TOKEN`` by default): no token configured → 403,
  no header → 401, wrong token → 403. Updates go through the store's single writer.
- Anonymous queries see a redacted copy of the store without e-mail/telephone values; the same
  bearer token unlocks the full store.

The watch feeds under ``/feeds/`` are ``kg.server.feeds``. Other modules add routes by appending a factory to
``ROUTE_FACTORIES``: ``def routes(ctx: ServerContext) -> list[BaseRoute]``; or by naming their
module in ``PLUGIN_MODULES`` (imported at app creation; it exposes ``routes(ctx)``).
"""

from __future__ import annotations

import contextlib
import hmac
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from kg import vocab
from kg.errors import ConfigError
from kg.server import feeds
from kg.server.negotiate import SHORT, choose_rdf, prefers_html
from kg.server.pages import html_page, service_description, void_description
from kg.server.pool import Reply, WorkerPool
from kg.server.remote_access import RemoteAccessRefused, check_remote_access, remote_targets
from kg.settings import Settings
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore

DEFAULT_TOKEN_ENV = "IKG_UPDATE_TOKEN"
MAX_QUERY_BYTES = 1 << 20
MAX_UPDATE_BYTES = 64 << 20


@dataclass
class ServerContext:
    store: Store  # an OxigraphStore
    settings: Settings
    timeout: float
    limit: int
    token_env: str
    pool: WorkerPool

    @property
    def allowed_services(self) -> list[str]:
        return self.settings.allowed_services.split()

    def token(self) -> str | None:
        value = os.environ.get(self.token_env, "")
        return value or None


ROUTE_FACTORIES: list[Callable[[ServerContext], list[BaseRoute]]] = []
PLUGIN_MODULES: list[str] = [
    m for m in os.environ.get("IKG_SERVER_PLUGINS", "").split(",") if m.strip()
]


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def _auth(ctx: ServerContext, request: Request) -> bool | Response:
    """True with a valid bearer token, False without one; a Response when it is wrong."""
    header = request.headers.get("authorization")
    if not header:
        return False
    scheme, _, given = header.partition(" ")
    token = ctx.token()
    if token is None:
        return _text(403, f"no update token is configured on this server (set {ctx.token_env})")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        return _text(403, "the bearer token is not valid")
    return True


def _from_reply(reply: Reply) -> Response:
    return Response(
        reply.body,
        status_code=reply.status,
        media_type=reply.content_type,
        headers=reply.headers or None,
    )


def _rdf_response(triples: list[ox.Triple], accept: str | None) -> Response:
    fmt, ctype = choose_rdf(accept)
    if fmt is None:
        fmt, ctype = ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8"
    prefixes = {**vocab.PREFIXES, "sd": "http://www.w3.org/ns/sparql-service-description#"}
    body = ox.serialize(
        triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None
    )
    return Response(body or b"", media_type=ctype)


async def _read_params(request: Request) -> tuple[dict[str, list[str]], str | None, str | None]:
    """(params, query text, update text) from the URL and the body, per the SPARQL Protocol."""
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    query = update = None
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        limit = MAX_UPDATE_BYTES
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise ValueError(f"request body over {limit} bytes")
        if ctype == "application/sparql-query":
            query = body.decode("utf-8")
        elif ctype == "application/sparql-update":
            update = body.decode("utf-8")
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif body:
            raise ValueError(
                f"unsupported content type {ctype!r}: use application/sparql-query, "
                "application/sparql-update or application/x-www-form-urlencoded"
            )
    if query is None and params.get("query"):
        query = params["query"][0]
    if update is None and params.get("update"):
        update = params["update"][0]
    return params, query, update


def make_sparql_handler(ctx: ServerContext, html_root: bool = False):
    async def handler(request: Request) -> Response:
        try:
            params, query, update = await _read_params(request)
        except (ValueError, UnicodeDecodeError) as e:
            return _text(400, f"bad request: {e}")
        accept = request.headers.get("accept")
        if params.get("format"):
            accept = SHORT.get(params["format"][0], params["format"][0])
        auth = _auth(ctx, request)
        if isinstance(auth, Response):
            return auth
        if update is not None:
            if query is not None:
                return _text(400, "give either query or update, not both")
            if ctx.token() is None:
                return _text(403, f"updates are disabled: no token configured ({ctx.token_env})")
            if not auth:
                return _text(
                    401,
                    "SPARQL Update needs Authorization: Bearer <token>",
                    {"WWW-Authenticate": 'Bearer realm="ikg"'},
                )
            if request.method != "POST":
                return _text(405, "SPARQL Update must be sent with POST")
            try:
                check_remote_access(update, ctx.allowed_services)
            except RemoteAccessRefused as e:
                return _text(400, str(e))
            reply = await ctx.pool.run({"kind": "update", "text": update}, ctx.timeout)
            return _from_reply(reply)
        if query is None:
            if html_root or prefers_html(accept):
                return HTMLResponse(html_page("/sparql", ctx.timeout, ctx.limit))
            return _rdf_response(service_description(str(request.url_for("sparql"))), accept)
        if len(query.encode()) > MAX_QUERY_BYTES:
            return _text(413, f"query over {MAX_QUERY_BYTES} bytes")
        try:
            check_remote_access(query, ctx.allowed_services)
        except RemoteAccessRefused as e:
            return _text(400, str(e))
        job = {
            "remote": bool(remote_targets(query)),
            "kind": "query",
            "text": query,
            "accept": accept,
            "full": bool(auth),
            "limit": ctx.limit,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        return _from_reply(await ctx.pool.run(job, ctx.timeout))

    return handler


def make_void_handler(ctx: ServerContext):
    async def handler(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        base = str(request.base_url).rstrip("/")
        triples = await run_in_threadpool(
            void_description, ctx.store, str(request.url_for("sparql")), base
        )
        return _rdf_response(triples, request.headers.get("accept"))

    return handler


async def _health(request: Request) -> Response:
    return _text(200, "ok")


def create_app(
    store: Store,
    settings: Settings | None = None,
    *,
    timeout: float | None = None,
    limit: int | None = None,
    token_env: str = DEFAULT_TOKEN_ENV,
    workers: int | None = None,
    cors_origins: list[str] | None = None,
) -> Starlette:
    """The ASGI app on an embedded store (an ``OxigraphStore``)."""
    settings = settings or store.settings
    if not isinstance(store, OxigraphStore):
        raise ConfigError("ikg serve needs the embedded store (a directory), not a remote endpoint")
    pool = WorkerPool(str(Path(store.path).resolve()), workers or min(4, os.cpu_count() or 2))
    ctx = ServerContext(
        store=store,
        settings=settings,
        timeout=float(timeout if timeout is not None else settings.query_timeout_s),
        limit=int(limit if limit is not None else settings.result_limit),
        token_env=token_env,
        pool=pool,
    )
    routes: list[BaseRoute] = [
        Route("/", make_sparql_handler(ctx, html_root=True), methods=["GET", "POST"]),
        Route("/sparql", make_sparql_handler(ctx), methods=["GET", "POST"], name="sparql"),
        Route("/.well-known/void", make_void_handler(ctx), methods=["GET"], name="void"),
        Route("/health", _health, methods=["GET"]),
    ]
    routes += feeds.routes(ctx)
    for name in PLUGIN_MODULES:
        routes += importlib.import_module(name.strip()).routes(ctx)
    for factory in ROUTE_FACTORIES:
        routes += factory(ctx)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=cors_origins or ["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Authorization", "Content-Type"],
            expose_headers=["IKG-Truncated"],
        )
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.ikg = ctx
    return app


def serve(app: Starlette, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", lifespan="on")
