"""The paste page: extract an article pasted, uploaded or fetched by URL, and save it when allowed
(the token, or ``--allow-paste-save`` for a same-origin browser form)."""

from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from onrecord.api.guard import SECURITY_HEADERS
from onrecord.errors import OnrecordError
from onrecord.settings import WEB_MAX_UPLOAD_BYTES as MAX_UPLOAD_BYTES
from onrecord.text.dates import parse_date
from onrecord.web.routes import _article_page, _ctx, _read_only, _render

router = APIRouter(include_in_schema=False)


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request):
    return _render(
        request,
        "paste.html",
        title="Paste an article",
        can_save=_can_save(request),
        error=None,
        save_needs_token=_save_needs_token(request),
        form={"text": "", "url": "", "published": "", "save": False},
    )


def _can_save(request: Request) -> bool:
    return _ctx(request).store is not None and not _read_only(request)


def _save_needs_token(request: Request) -> bool:
    # Without --allow-paste-save a save carries the write token, like every other write.
    return not getattr(request.app.state, "allow_paste_save", False)


def _token_ok(request: Request, given: str) -> bool:
    check = getattr(request.app.state, "check_token", None)  # a checker, never the token itself
    return bool(given) and check is not None and check(given)


def _same_origin(request: Request) -> bool:
    """A save must come from this server's own form (a guard against cross-site posts).

    Browsers send ``Origin`` (or at least ``Sec-Fetch-Site``) with every form post; a request with
    neither is not a browser's and proves nothing about where it came from.
    """
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return request.headers.get("sec-fetch-site") == "same-origin"
    return origin.rstrip("/") == str(request.base_url).rstrip("/")


def _extraction(request: Request):
    """The server's :class:`~onrecord.api.work.ExtractionWorkers`; one in threads for a bare ``mount``."""
    from onrecord.api.work import ExtractionWorkers

    state = request.app.state
    if getattr(state, "extraction", None) is None:
        state.extraction = ExtractionWorkers(lambda: _ctx(request).get_extractor(request.app))
    return state.extraction


@router.post("/paste", response_class=HTMLResponse)
async def paste_submit(
    request: Request,
    text: str = Form(""),
    url: str = Form(""),
    published: str = Form(""),
    save: str = Form(""),
    token: str = Form(""),
    file: Optional[UploadFile] = File(None),
):
    from starlette.concurrency import run_in_threadpool

    from onrecord.api.work import Busy, TimedOut
    from onrecord.errors import TooLongError

    form = {"text": text, "url": url, "published": published, "save": bool(save)}

    def fail(message: str, status: int = 400):
        return _render(
            request,
            "paste.html",
            status,
            title="Paste an article",
            can_save=_can_save(request),
            error=message,
            save_needs_token=_save_needs_token(request),
            form=form,
        )

    if save:  # refused before any work is done for it
        if not _can_save(request):
            return fail("This server is read-only: start it with writing allowed to save articles.", 403)
        if _save_needs_token(request):
            if not _token_ok(request, token):
                return fail("Saving needs the server's write token.", 403)
        elif not _same_origin(request):
            return fail("Saving is only possible from this server's own page.", 403)

    source: Any
    name: str
    if file is not None and file.filename:
        data = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            return fail(f"{file.filename}: larger than {MAX_UPLOAD_BYTES:,} bytes", 413)
        source, name = data, file.filename
    elif url.strip():
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            return fail("The address must start with http:// or https://")
        source, name = url, url
    elif text.strip():
        # bytes, never a str: a pasted line must not be read as a file path on the server
        source, name = text.encode("utf-8"), "pasted text"
    else:
        return fail("Paste some text, give an address, or choose a file.")
    when = parse_date(published) if published.strip() else None
    if published.strip() and when is None:
        return fail("The publication date must look like 2024-05-31.")

    ctx = _ctx(request)

    def load():
        from onrecord.ingest import load_article

        options: dict[str, Any] = {}
        if when is not None:
            options["published"] = when
        if isinstance(source, str):  # an address: fetched (a str with a name would be read as text)
            allow_private = getattr(request.app.state, "allow_private_urls", False)
            return load_article(source, allow_private_urls=allow_private, **options)
        return load_article(source, source_name=name, **options)

    try:
        record = await _extraction(request).process(await run_in_threadpool(load))
    except TooLongError as exc:
        return fail(str(exc), 413)
    except Busy as exc:
        return fail(str(exc), 503)
    except TimedOut as exc:
        return fail(str(exc), 504)
    except OnrecordError as exc:
        return fail(str(exc), 422)

    if save:
        await run_in_threadpool(ctx.store.add_record, record)
        if await run_in_threadpool(ctx.store.get_record, record.article.id) is not None:
            return RedirectResponse(
                f"/articles/{quote(record.article.id, safe='')}", status_code=303, headers=SECURITY_HEADERS
            )
        # the store kept nothing new: the same text is already stored under another id
        return _article_page(request, record, pasted=True, can_save=False, duplicate=True)
    return _article_page(request, record, pasted=True, can_save=_can_save(request), duplicate=False)
