"""``/imports``: upload native files; the answer is the CLI's report, the rejects a download."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse

from graph_service.api.auth import require_write
from graph_service.api.envelope import store_of
from graph_service.errors import InvalidInput
from importers.native import import_native
from importers.native.kinds import kind_of_file
from importers.native.run import SUFFIXES

router = APIRouter(prefix="/imports", tags=["imports"], dependencies=[Depends(require_write)])
_RUN = re.compile(r"^[A-Za-z0-9_.-]+@[0-9TZ]+$")


def _safe_name(upload: UploadFile) -> str:
    name = Path(upload.filename or "").name
    if not name or Path(name).suffix.lower() not in SUFFIXES:
        raise HTTPException(415, f"{name or 'a file'}: only {', '.join(sorted(SUFFIXES))} files are accepted")
    kind_of_file(name)
    return name


@router.post("", summary="Import native files (multipart)")
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File(description="organisations*.csv, alliances*.csv, ...")],
    dataset: Annotated[str, Form(description="namespace of local ids")] = "native",
    dry_run: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Answers the same report as `maillage import`: counts per kind and every rejected row.
    When rows were rejected, `rejects_url` downloads them as CSV."""
    settings = request.app.state.settings
    budget = settings.upload_max_bytes
    with tempfile.TemporaryDirectory(prefix="maillage-upload-") as folder:
        paths = []
        for upload_file in files:
            name = _safe_name(upload_file)
            data = await upload_file.read(budget + 1)
            budget -= len(data)
            if budget < 0:
                raise HTTPException(413, f"the upload is larger than {settings.upload_max_bytes} bytes")
            path = Path(folder) / name
            if path.exists():
                raise InvalidInput(f"{name} is uploaded twice")
            path.write_bytes(data)
            paths.append(path)
        report = import_native(
            paths, store_of(request), dataset=dataset, dry_run=dry_run, chunk_rows=settings.import_chunk_rows
        )
    body = report.as_dict()
    if report.rejections:
        settings.rejects_dir.mkdir(parents=True, exist_ok=True)
        report.write_rejects(settings.rejects_dir / f"{report.run}.csv")
        body["rejects_url"] = str(request.url_for("rejects", run=report.run))
    return body


@router.get("/{run}/rejects", name="rejects", summary="The rejected rows of an import, as CSV")
def rejects(request: Request, run: str) -> FileResponse:
    path = request.app.state.settings.rejects_dir / f"{run}.csv"
    if not _RUN.match(run) or not path.is_file():
        raise HTTPException(404, f"no rejects kept for import {run!r}")
    return FileResponse(path, media_type="text/csv", filename=f"rejects-{run}.csv")
