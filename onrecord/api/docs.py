"""``/docs``: Swagger UI for the API, its scripts and styles served by this server.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which the
Content-Security-Policy (``script-src 'self'``) forbids. Here the assets come from the
``fastapi-offline`` package (installed with onrecord) and the page starts them with a script file
of ours, so ``/docs`` works offline and under the same policy as every other page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse

from onrecord.web import STATIC_DIR

ASSETS_PATH = "/docs/assets"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
"""


def swagger_assets() -> Path:
    """The folder of Swagger UI's ``swagger-ui-bundle.js`` and ``swagger-ui.css``."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def mount_docs(app) -> None:
    """Add ``/docs``, its start script and Swagger UI's assets to ``app``."""
    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles

    html = PAGE.format(title=app.title, assets=ASSETS_PATH, openapi=app.openapi_url)

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(html)

    @app.get("/docs/start.js", include_in_schema=False)
    def docs_start() -> FileResponse:
        return FileResponse(STATIC_DIR / "docs-start.js", media_type="text/javascript")

    app.mount(ASSETS_PATH, StaticFiles(directory=swagger_assets()), name="docs-assets")
