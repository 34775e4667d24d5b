"""« Importer un fichier » (``/import``): upload a native or open-data file, see how it was read
before anything is written (each field's column with its examples, confidence and reason; the
rows that would be rejected, with their line and why), correct the columns with drop-downs, then
import. The import runs in a thread while the page shows how far it has gone (it refreshes
itself, no JavaScript needed); at the end, the report and the rejected rows to download.

The same engine as ``maillage import --explain --columns`` and ``POST /api/v1/imports``
(:func:`~importers.sources.import_files`). Any editor may preview a file; importing it is an
admin's (a file touches whatever its rows hold, beyond one catalyst's territories).
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from graph_service.api.browser_session import SignedIn
from graph_service.api.dependencies import ImportLockDep, SettingsDep, StoreDep
from graph_service.api.edit_rights import CatalystImportScope
from graph_service.api.import_jobs import ImportJob, ImportJobs, as_sent, reported, run_import
from graph_service.api.routes.imports import safe_file_name, save_upload
from graph_service.api.routes.page_forms import html_page, signed_page
from graph_service.errors import InvalidInput
from graph_service.pages.import_counts import count_lines
from graph_service.pages.rendering import language_of, link_maker, render
from graph_service.store.port import ReadWriteStore
from graph_service.translations import translator
from importers.native.run import DATASET_PATTERN
from importers.sources import ImportOptions, Source, detect_source, parse_columns

router = APIRouter(tags=["pages"], include_in_schema=False)
REFRESH_SECONDS = 2
"""How often the page of a running import asks again."""
SHOWN_REJECTIONS = 50
DATASET_PATTERN_RE = re.compile(DATASET_PATTERN)
Text = Annotated[str, Form(max_length=200)]


def _jobs(request: Request) -> ImportJobs:
    jobs: ImportJobs = request.app.state.import_jobs
    return jobs


def _page(request: Request, signed: SignedIn, template: str, status: int = 200, **context: Any) -> Response:
    language = language_of(request.query_params.get("lang"))
    html = render(
        template, language=language, path=request.url.path, snapshot="", signed_in=signed,
        title=translator(language)("import.title"), scoped=not signed.user.role.may_edit_everywhere,
        sources=[source.value for source in Source], **context,
    )  # fmt: skip
    return html_page(html, status)


def _scope(signed: SignedIn, store: ReadWriteStore) -> CatalystImportScope | None:
    """A catalyst imports within their territories; an admin everywhere."""
    return None if signed.user.role.may_edit_everywhere else CatalystImportScope(signed.user, store)


def _form(
    request: Request, signed: SignedIn, status: int = 200, message: str = "", **values: str
) -> Response:
    shown = {"source": "", "dataset": "web", "grantor": "", "territory": "", **values}
    return _page(request, signed, "import_form.html", status, message=message, values=shown)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> Response:
    signed = signed_page(request, editor=True)
    if isinstance(signed, Response):
        return signed
    return _form(request, signed)


def _headers(table: dict[str, Any]) -> list[str]:
    """The columns of a read table: those given to a field, then the unused ones."""
    used = [f["column"] for f in table.get("fields", []) if f.get("column")]
    return list(dict.fromkeys(used + [u["column"] for u in table.get("unused", [])]))


def _preview_page(request: Request, signed: SignedIn, job: ImportJob, status: int = 200) -> Response:
    preview = job.preview or {}
    tables = [{**table, "headers": _headers(table)} for table in preview.get("tables") or []]
    rejections = preview.get("rejections", [])
    return _page(
        request, signed, "import_preview.html", status, job=job, preview=preview, tables=tables,
        counts=count_lines(preview.get("counts", {}), language_of(request.query_params.get("lang"))),
        rejections=rejections[:SHOWN_REJECTIONS], rejected=len(rejections),
    )  # fmt: skip


async def _previewed(job: ImportJob, store: ReadWriteStore, lock: threading.Lock) -> None:
    """The dry run of the job's files with its options: nothing is written."""
    dry = replace(job.options, dry_run=True)
    outcome = await run_in_threadpool(run_import, lock, job.paths, store, dry, job.source)
    job.preview = reported(outcome, job.folder)


@router.post("/import", response_class=HTMLResponse)
async def stage_import(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    import_lock: ImportLockDep,
    files: Annotated[list[UploadFile], File()],
    source: Text = "",
    dataset: Text = "web",
    grantor: Text = "",
    territory: Text = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Keep the files and show how they read; nothing is written."""
    signed = signed_page(request, editor=True, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    t = translator(language_of(request.query_params.get("lang")))
    values = {"source": source, "dataset": dataset, "grantor": grantor, "territory": territory}
    if source and source not in {s.value for s in Source}:
        return _form(request, signed, 422, t("import.source_unknown"), **values)
    if not DATASET_PATTERN_RE.match(dataset):
        return _form(request, signed, 422, t("import.dataset_invalid"), **values)
    options = ImportOptions(
        dataset=dataset, grantor=grantor.strip() or None, territory=territory.strip() or None,
        mappings=settings.mappings_path, author=signed.user.email, scope=_scope(signed, store),
    )  # fmt: skip
    job = _jobs(request).new(signed.user.id, Source(source) if source else None, options)
    budget = settings.upload_max_bytes
    try:
        for upload_file in files:
            path = job.folder / safe_file_name(upload_file.filename)
            if path.exists():
                raise InvalidInput(f"{path.name} is uploaded twice")
            budget = await save_upload(upload_file, path, budget)
        if not source:
            job.source = detect_source(job.paths)
        await _previewed(job, store, import_lock)
    except (InvalidInput, HTTPException) as error:
        message = error.detail if isinstance(error, HTTPException) else as_sent(str(error), job.folder)
        status = error.status_code if isinstance(error, HTTPException) else 422
        _jobs(request).discard(job)
        return _form(request, signed, status, f"{t('import.refused')} {message}", **values)
    return _preview_page(request, signed, job)


@router.get("/import/{job_id}", response_class=HTMLResponse)
def import_job(request: Request, store: StoreDep, job_id: str) -> Response:
    """The preview of staged files, the progress of a running import, or its report."""
    signed = signed_page(request, editor=True)
    if isinstance(signed, Response):
        return signed
    job = _jobs(request).of(job_id, signed.user.id)
    if job.state == "staged":
        return _preview_page(request, signed, job)
    label, done, total = job.progress.now()
    report = job.report or {}
    rejections = report.get("rejections", [])
    # « Annuler cet import » undoes the run through any one of its changes (none: nothing changed).
    changes = store.list_changes(run=report["run"], limit=1).items if job.state == "done" else []
    page = _page(
        request, signed, "import_report.html", job=job, report=report, label=label, done=done, total=total,
        counts=count_lines(report.get("counts", {}), language_of(request.query_params.get("lang"))),
        rejections=rejections[:SHOWN_REJECTIONS], rejected=len(rejections),
        undo_change=changes[0].id if changes else None,
        refresh=REFRESH_SECONDS if job.state == "running" else None,
    )  # fmt: skip
    page.headers["Cache-Control"] = "no-store"
    return page


@router.post("/import/{job_id}", response_class=HTMLResponse)
async def read_again_or_import(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    import_lock: ImportLockDep,
    job_id: str,
    action: Text = "relire",
    columns: Annotated[list[str] | None, Form(max_length=300)] = None,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """``relire``: preview again with the columns chosen; ``importer``: import with them."""
    signed = signed_page(request, editor=True, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    job = _jobs(request).of(job_id, signed.user.id)
    if job.state != "staged":
        raise HTTPException(409, "this import was already started: see its page")
    chosen = {field: header for field, header in parse_columns(columns or []).items() if header}
    job.options = replace(job.options, columns=chosen or None)
    if action == "importer":
        _jobs(request).start(job, store, import_lock, settings.rejects_dir)
        url = link_maker(language_of(request.query_params.get("lang")))
        return RedirectResponse(url(f"/import/{job.id}"), status_code=303)
    await _previewed(job, store, import_lock)
    return _preview_page(request, signed, job)
