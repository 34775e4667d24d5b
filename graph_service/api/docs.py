"""The API's interactive documentation at ``/docs``, served from this machine, never from a CDN.

FastAPI's default ``/docs`` page loads Swagger UI from jsDelivr, so it is blank offline. The same
page is built here on Swagger UI 5 (which reads OpenAPI 3.1) as installed by the ``fastapi-offline``
package, whose files are mounted at :data:`DOCS_ASSETS`.

>>> SWAGGER_UI.joinpath("swagger-ui-bundle.js").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER_UI = Path(fastapi_offline.__file__).parent / "static"
DOCS_ASSETS = "/static/docs"


def install_offline_docs(app: FastAPI, openapi_url: str) -> None:
    """Add ``/docs``: Swagger UI on ``openapi_url``, its script and style from :data:`DOCS_ASSETS`."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} — API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        )
