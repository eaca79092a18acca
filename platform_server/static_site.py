"""The customer web page under `/c/`, and security headers for every response.

The page is static (HTML, JS, CSS in `platform_server/static/`); its scripts talk to the API and
the WebSocket of the same origin. The Content-Security-Policy allows only that: own scripts and
styles, XHR/WebSocket to this host, camera/microphone streams and blob: media; nothing inline,
no frames, no plugins.
"""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

from platform_server.httpkit import Handler

STATIC_DIR = Path(__file__).parent / "static"
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def content_security_policy(host: str) -> str:
    """The page's CSP; WebSocket URLs are named explicitly because older browsers do not let
    `'self'` cover ws: and wss:."""
    sockets = f" ws://{host} wss://{host}" if _HOST.match(host) else ""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "media-src 'self' blob: mediastream:",
            f"connect-src 'self'{sockets}",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    if response.prepared:  # a WebSocket has already sent its headers
        return response
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.path.startswith("/c/") or request.path == "/c":
        response.headers["Content-Security-Policy"] = content_security_policy(request.host)
        response.headers["Permissions-Policy"] = "camera=(self), microphone=(self)"
        response.headers["Cache-Control"] = "no-cache"
    else:
        response.headers.setdefault("Content-Security-Policy", "default-src 'none'")
    return response


def ensure_placeholder_page() -> None:
    """Create a minimal page when the real one has not been written yet."""
    index = STATIC_DIR / "index.html"
    if not index.exists():
        STATIC_DIR.mkdir(parents=True, exist_ok=True)
        index.write_text(
            '<!doctype html>\n<html lang="de"><head><meta charset="utf-8">'
            "<title>Beratung</title></head>\n<body><p>Die Kundenseite folgt.</p></body></html>\n",
            encoding="utf-8",
        )


async def redirect_to_page(_request: web.Request) -> web.Response:
    raise web.HTTPFound("/c/")


async def page_index(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


def add_routes(app: web.Application) -> None:
    ensure_placeholder_page()
    app.router.add_get("/", redirect_to_page)
    app.router.add_get("/c", redirect_to_page)
    app.router.add_get("/c/", page_index)
    app.router.add_static("/c/", STATIC_DIR, follow_symlinks=False, show_index=False)
