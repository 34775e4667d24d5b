"""``/imports``: upload files (native, subsidies, SIRENE, RNA); the answer is the CLI's report, the
rejects a download.

The upload is streamed to a temporary folder a chunk at a time, within the size budget, and the
import runs in a worker thread, so the server keeps answering other requests meanwhile.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from graph_service.api.auth import require_bulk_write
from graph_service.api.dependencies import ImportLockDep, SettingsDep, StoreDep
from graph_service.errors import InvalidInput
from graph_service.store.port import GraphStore
from importers.native.file_kinds import kind_of_file
from importers.native.run import DATASET_PATTERN
from importers.outcome import ImportOutcome
from importers.pipeline.reading import TABLE_SUFFIXES
from importers.sources import ImportOptions, Source, detect_source, import_files, parse_columns

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


async def _save(upload_file: UploadFile, path: Path, budget: int) -> int:
    """Copy the upload to ``path`` a chunk at a time; the bytes left in the budget."""
    with path.open("wb") as handle:
        while chunk := await upload_file.read(CHUNK):
            budget -= len(chunk)
            if budget < 0:
                raise HTTPException(413, "the upload is larger than the server accepts")
            handle.write(chunk)
    return budget


def as_sent(value: Any, folder: str) -> Any:
    """``value`` (a text, or lists and dicts of them) with the server's upload folder taken out of
    every file name: an answer names files as the client sent them, never a server path.

    >>> as_sent({"file": "/tmp/up-1/orgs.csv", "n": 2, "why": ["/tmp/up-1/a.csv: empty"]}, "/tmp/up-1")
    {'file': 'orgs.csv', 'n': 2, 'why': ['a.csv: empty']}
    """
    if isinstance(value, str):
        return value.replace(folder + os.sep, "").replace(folder, "")
    if isinstance(value, list):
        return [as_sent(item, folder) for item in value]
    if isinstance(value, dict):
        return {key: as_sent(item, folder) for key, item in value.items()}
    return value


def _one_at_a_time(
    lock: threading.Lock, paths: list[Path], store: GraphStore, options: ImportOptions, source: Source | None
) -> ImportOutcome:
    """Imports of one server run one after the other: two at once would each find the same new
    keys absent and collide when creating them. Native files must be named after their kind."""
    chosen = source or detect_source(paths)
    if chosen is Source.NATIVE:
        for path in paths:
            kind_of_file(path.name)
    with lock:
        return import_files(paths, store, options, source=chosen)


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
            budget = await _save(upload_file, path, budget)
            paths.append(path)
        options = ImportOptions(
            dataset=dataset,
            grantor=grantor,
            territory=territory,
            dry_run=dry_run,
            columns=parse_columns(columns or []),
            mappings=settings.mappings_path,
        )
        try:
            report = await run_in_threadpool(_one_at_a_time, import_lock, paths, store, options, source)
        except InvalidInput as error:  # a file refused: named as sent (other errors name no file)
            raise InvalidInput(as_sent(str(error), folder)) from error
    report.rejections[:] = [replace(r, file=as_sent(r.file, folder)) for r in report.rejections]
    body = as_sent(report.as_dict(), folder)
    if report.rejections:
        settings.rejects_dir.mkdir(parents=True, exist_ok=True)
        # The run id is the validated dataset and a timestamp: no user text reaches the path.
        report.write_rejects(settings.rejects_dir / f"{report.run}.csv")
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
