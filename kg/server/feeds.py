"""The watch feeds of ``ikg serve``: ``GET /feeds/`` (the watches, JSON) and
``GET /feeds/NAME.atom`` (a watch's latest matching items as Atom)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import KGError, NotFoundError
from kg.watch import feed, list_watches


def routes(ctx: Any) -> list[Any]:
    """``GET /feeds/`` (the watches, JSON) and ``GET /feeds/NAME.atom`` (a watch's feed)."""

    async def feed_handler(request: Request) -> Response:
        name = request.path_params["name"]
        base = str(request.base_url).rstrip("/")
        try:
            body = await run_in_threadpool(feed, ctx.store, name, base)
        except NotFoundError as e:
            return PlainTextResponse(str(e) + "\n", status_code=404)
        except KGError as e:
            return PlainTextResponse(str(e) + "\n", status_code=500)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    async def list_handler(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        rows = await run_in_threadpool(list_watches, ctx.store)
        for r in rows:
            r["feed"] = f"{base}/feeds/{r['name']}.atom"
        return JSONResponse({"watches": rows})

    return [
        Route("/feeds/", list_handler, methods=["GET"]),
        Route("/feeds/{name}.atom", feed_handler, methods=["GET"]),
    ]
