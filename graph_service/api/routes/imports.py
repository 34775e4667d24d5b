"""``/imports``: upload files (native, subsidies, SIRENE, RNA); the answer is the CLI's report, the
rejects a download.

The upload is streamed to a temporary folder a chunk at a time, within the size budget, and the
import runs in a worker thread, so the server keeps answering other requests meanwhile.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from graph_service.api.auth import Writer, require_bulk_write
from graph_service.api.dependencies import ImportLockDep, SettingsDep, StoreDep
from graph_service.api.import_jobs import as_sent, keep_rejects, reported, run_import
from graph_service.errors import InvalidInput
from importers.native.run import DATASET_PATTERN
from importers.pipeline.reading import TABLE_SUFFIXES
from importers.sources import ImportOptions, Source, parse_columns

router = APIRouter(prefix="/imports", tags=["imports"], dependencies=[Depends(require_bulk_write)])
_RUN = re.compile(r"^[A-Za-z0-9_-]{1,64}@[0-9TZ]{1,32}$")
_FILE_NAME = re.compile(r"^[\w][\w .()-]{0,119}$")
CHUNK = 1024 * 1024
UPLOAD_SUFFIXES = TABLE_SUFFIXES | {".zip"}


def safe_file_name(raw: str | None) -> str:
    """An uploaded file's name, refused unless it is a plain file name (no folder part) of a table
    file or a zip archive."""
    name = raw or ""
    if "/" in name or "\\" in name or not _FILE_NAME.match(name) or name.endswith(" "):
        shown = name if len(name) <= 80 else name[:77] + "..."
        raise InvalidInput(
            f"file name {shown!r}: use up to 120 letters, digits, spaces, '.', '-', '_' or brackets"
        )
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise HTTPException(415, f"{name}: only {', '.join(sorted(UPLOAD_SUFFIXES))} files are accepted")
    return name


async def save_upload(upload_file: UploadFile, path: Path, budget: int) -> int:
    """Copy the upload to ``path`` a chunk at a time; the bytes left in the budget."""
    with path.open("wb") as handle:
        while chunk := await upload_file.read(CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise HTTPException(413, "the upload is larger than the server accepts")
            handle.write(chunk)
    return budget


@router.post(
    "",
    summary="Import files (multipart): native, subsidies, SIRENE or RNA",
    responses={413: {"description": "upload too large"}, 415: {"description": "not a table file type"}},
)
async def upload(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    import_lock: ImportLockDep,
    writer: Annotated[Writer, Depends(require_bulk_write)],
    files: Annotated[list[UploadFile], File(description="organisations*.csv, alliances*.csv, ...")],
    dataset: Annotated[
        str, Form(description="namespace of local ids", pattern=DATASET_PATTERN, max_length=64)
    ] = "native",
    dry_run: Annotated[bool, Form()] = False,
    source: Annotated[
        Source | None, Form(description="what the files are (default: told by their headers)")
    ] = None,
    grantor: Annotated[
        str | None,
        Form(description="subventions: the grantor when the file names none", max_length=200),
    ] = None,
    territory: Annotated[
        str | None, Form(description="sirene: keep the head offices in this territory", max_length=100)
    ] = None,
    columns: Annotated[
        list[str] | None,
        Form(
            description="subventions: the column of a field, as FIELD=Header as written (repeatable), e.g. "
            "amount=Montant octroyé; overrides the inference and is kept for the file's publisher",
            max_length=300,
        ),
    ] = None,
) -> dict[str, Any]:
    """Answers the same report as `maillage import`: counts, how each table was read (`tables`: the
    column of each field, why, examples and confidence; a dry run shows it before anything is
    written) and every rejected row. When rows were
    rejected, `rejects_url` downloads them as CSV. The import runs in a worker thread: the server
    keeps answering meanwhile."""
    budget = settings.upload_max_bytes
    with tempfile.TemporaryDirectory(prefix="maillage-upload-") as folder:
        paths = []
        for upload_file in files:
            path = Path(folder) / safe_file_name(upload_file.filename)
            if path.exists():
                raise InvalidInput(f"{path.name} is uploaded twice")
            budget = await save_upload(upload_file, path, budget)
            paths.append(path)
        options = ImportOptions(
            dataset=dataset,
            grantor=grantor,
            territory=territory,
            dry_run=dry_run,
            columns=parse_columns(columns or []),
            mappings=settings.mappings_path,
            author=writer.author,
        )
        try:
            report = await run_in_threadpool(run_import, import_lock, paths, store, options, source)
        except InvalidInput as error:  # a file refused: named as sent (other errors name no file)
            raise InvalidInput(as_sent(str(error), Path(folder))) from error
        body = reported(report, Path(folder))
    if keep_rejects(report, settings.rejects_dir):
        body["rejects_url"] = str(request.url_for("rejects", run=report.run))
    return body


@router.get("/{run}/rejects", name="rejects", summary="The rejected rows of an import, as CSV")
def rejects(settings: SettingsDep, run: str) -> FileResponse:
    if not _RUN.match(run):
        raise HTTPException(404, f"no rejects kept for import {run[:80]!r}")
    path = settings.rejects_dir / f"{run}.csv"
    if not path.is_file():
        raise HTTPException(404, f"no rejects kept for import {run!r}")
    return FileResponse(path, media_type="text/csv", filename=f"rejects-{run}.csv")
