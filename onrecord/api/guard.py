"""What every request of the server passes through: host check, body limit, security headers, bounded errors.

These are plain ASGI middlewares, so they cover the API, the pages, ``/static``, ``/docs`` and the
error answers of FastAPI itself alike.

* :class:`AllowedHosts` answers 400 to a ``Host`` header that is not one of the server's names. A
  page of another site that rebinds its DNS name to 127.0.0.1 then reaches nothing (DNS rebinding).
* :class:`BodyLimit` answers 413 to a body over the limit, by its ``Content-Length`` or, streamed,
  as soon as the limit is passed, before the application has parsed any of it.
* :class:`SecurityHeaders` adds CSP, ``nosniff``, ``Referrer-Policy`` and frame options to every
  answer that does not set its own.
* :func:`bounded_validation_error` answers a 422 that never echoes more than a few hundred
  characters of the request back (FastAPI's own echoes the whole input).
"""

from __future__ import annotations

import ipaddress
import json
from typing import Iterable, Optional

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

#: Scripts and styles from this server only; no plugin, no framing, forms post here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
#: Largest request body taken: a 5 MB upload or posted article, with room for its form or JSON framing.
from onrecord.settings import MAX_BODY_BYTES  # noqa: E402

ERROR_INPUT_CHARS = 200
ERROR_ITEMS = 20
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def _json_answer(status: int, detail: str, headers: Optional[dict] = None):
    body = json.dumps({"detail": detail}).encode()
    return {
        "start": {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            + [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        },
        "body": {"type": "http.response.body", "body": body},
    }


async def _send_json(send, status: int, detail: str, headers: Optional[dict] = None) -> None:
    answer = _json_answer(status, detail, headers)
    await send(answer["start"])
    await send(answer["body"])


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every HTTP answer; a header the answer already has is kept."""

    def __init__(self, app, headers: dict[str, str] = SECURITY_HEADERS):
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, declared or streamed."""

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"request body too large (limit {self.max_bytes:,} bytes)"
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _send_json(send, 413, too_large, {"Connection": "close"})
            return
        seen = 0
        started = answered = False

        async def bounded_receive():
            nonlocal seen, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Answer now and tell the application the client left: it stops reading.
                    if not started:
                        await _send_json(send, 413, too_large, {"Connection": "close"})
                    answered = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message):
            nonlocal started
            if answered:
                return  # the 413 went out; whatever the application says after it is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except Exception:
            if not answered:
                raise


def host_names(bind: str, extra: Iterable[str] = ()) -> Optional[set[str]]:
    """The ``Host`` names a server bound to ``bind`` answers to, or None for any (``*`` in ``extra``).

    A loopback bind answers to the loopback names; a specific address to that address; a wildcard
    bind (``0.0.0.0``, ``::``) to any IP literal (a rebound DNS name is never an IP literal). Names
    in ``extra`` (``--allowed-host``) are added.
    """
    names = {n.strip().lower() for n in extra if n.strip()}
    if "*" in names:
        return None
    bind = bind.strip("[]").lower()
    try:
        address = ipaddress.ip_address(bind)
    except ValueError:
        names.add(bind)  # bound by name: that name
        if bind == "localhost":
            names.update(LOOPBACK_NAMES)
        return names
    if address.is_unspecified:
        names.add("<ip>")
    elif address.is_loopback:
        names.update(LOOPBACK_NAMES)
    names.add(str(address))
    return names


def _host_of(header: str) -> str:
    """The host part of a ``Host`` header (no port, no brackets), lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    if header.count(":") > 1:  # a bare IPv6 literal, which a Host header should not carry
        return header
    return header.rsplit(":", 1)[0] if ":" in header else header


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class AllowedHosts:
    """Answer 400 to a request whose ``Host`` is not among ``names`` (see :func:`host_names`)."""

    def __init__(self, app, names: Optional[set[str]]):
        self.app = app
        self.names = names

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.names is None:
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        host = _host_of(header)
        if host in self.names or ("<ip>" in self.names and _is_ip(host)):
            await self.app(scope, receive, send)
            return
        await _send_json(send, 400, "unknown Host header; start the server with --allowed-host NAME to answer to it")


def _short(value, limit: int = ERROR_INPUT_CHARS):
    """``value`` cut to about ``limit`` characters of JSON, for echoing in an error."""
    if isinstance(value, str):
        # An input refused for a lone surrogate ("\ud800") cannot be encoded as UTF-8: echo it escaped.
        text = value.encode("utf-8", "backslashreplace").decode("utf-8")
        return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"
    text = json.dumps(value, default=str)  # ASCII JSON: a surrogate anywhere inside is written escaped
    if len(text) > limit:
        return text[:limit] + f"… ({len(text):,} characters)"
    try:
        json.dumps(value, default=str, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return text  # a list or object holding a lone surrogate: echoed as its escaped JSON text
    return value


async def bounded_validation_error(_request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 answer, with each echoed input cut short and at most :data:`ERROR_ITEMS` errors."""
    errors = []
    for error in exc.errors()[:ERROR_ITEMS]:
        item = {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", ""))[:500],
            "type": error.get("type", ""),
        }
        if "input" in error:
            item["input"] = _short(error["input"])
        if isinstance(error.get("ctx"), dict):
            item["ctx"] = {
                k: _short(v if isinstance(v, (str, int, float, bool)) else str(v)) for k, v in error["ctx"].items()
            }
        errors.append(item)
    return JSONResponse({"detail": errors}, status_code=422)
