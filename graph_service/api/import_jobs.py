"""Imports from the pages: files kept on the server between the preview and the import, and the
import run in a thread of its own while the page asks how far it has gone.

A job belongs to the person who uploaded its files: another account never finds it. Its files
live in a folder of their own under the data folder (``staged-imports/<id>``), removed when the
import ends, and jobs left after :data:`KEPT_SECONDS` are forgotten with their files. The
import itself is the CLI's and the API's (:func:`~importers.sources.import_files`): one engine.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graph_service.errors import InvalidInput, MaillageError, NotFound
from graph_service.progress import SILENT, Progress, RecordedProgress
from graph_service.store.port import ReadWriteStore
from importers.native.file_kinds import kind_of_file
from importers.outcome import ImportOutcome
from importers.sources import ImportOptions, Source, detect_source, import_files

KEPT_SECONDS = 24 * 3600.0
"""A job, its files and its report stay this long after it was staged."""
MAX_JOBS = 50
"""Jobs kept at once; the oldest go first."""


@dataclass
class ImportJob:
    """Files uploaded for an import: previewed (a dry run), then imported once."""

    id: str
    owner: str
    folder: Path
    source: Source
    options: ImportOptions
    staged_at: float = field(default_factory=time.monotonic)
    state: str = "staged"
    """``staged``, ``running``, ``done`` or ``failed``."""
    progress: RecordedProgress = field(default_factory=RecordedProgress)
    preview: dict[str, Any] | None = None
    """The dry run's report: how the files were read, what would be rejected."""
    report: dict[str, Any] | None = None
    error: str = ""

    @property
    def paths(self) -> list[Path]:
        return sorted(self.folder.iterdir())


def as_sent(value: Any, folder: Path) -> Any:
    """``value`` (a text, or lists and dicts of them) with the server's folder taken out of every
    file name: an answer names files as the client sent them, never a server path.

    >>> as_sent({"file": "/tmp/up-1/orgs.csv", "n": 2, "why": ["/tmp/up-1/a.csv: empty"]}, Path("/tmp/up-1"))
    {'file': 'orgs.csv', 'n': 2, 'why': ['a.csv: empty']}
    """
    if isinstance(value, str):
        return value.replace(f"{folder}/", "").replace(str(folder), "")
    if isinstance(value, list):
        return [as_sent(item, folder) for item in value]
    if isinstance(value, dict):
        return {key: as_sent(item, folder) for key, item in value.items()}
    return value


def run_import(
    lock: threading.Lock,
    paths: list[Path],
    store: ReadWriteStore,
    options: ImportOptions,
    source: Source | None,
    progress: Progress = SILENT,
) -> ImportOutcome:
    """Imports of one server run one after the other: two at once would each find the same new
    keys absent and collide when creating them. Native files must be named after their kind."""
    chosen = source or detect_source(paths)
    if chosen is Source.NATIVE:
        for path in paths:
            kind_of_file(path.name)
    with lock:
        return import_files(paths, store, options, source=chosen, progress=progress)


def reported(outcome: ImportOutcome, folder: Path) -> dict[str, Any]:
    """An import's report as JSON answers it, its rejections naming files as sent."""
    outcome.rejections[:] = [replace(r, file=as_sent(r.file, folder)) for r in outcome.rejections]
    body: dict[str, Any] = as_sent(outcome.as_dict(), folder)
    return body


def keep_rejects(outcome: ImportOutcome, rejects_dir: Path) -> bool:
    """Write the import's rejected rows where ``/imports/{run}/rejects`` serves them; whether any."""
    if not outcome.rejections:
        return False
    rejects_dir.mkdir(parents=True, exist_ok=True)
    # The run id is the validated dataset and a timestamp: no user text reaches the path.
    outcome.write_rejects(rejects_dir / f"{outcome.run}.csv")
    return True


class ImportJobs:
    """The jobs of one server, by id."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()
        self._remove_leftovers()

    def _remove_leftovers(self) -> None:
        """Folders a stopped server left (its jobs died with it), once older than a job lives:
        a younger one may be another server's, on the same data folder."""
        if not self.root.is_dir():
            return
        now = time.time()
        for folder in self.root.iterdir():
            if folder.is_dir() and now - folder.stat().st_mtime > KEPT_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)

    def new(self, owner: str, source: Source | None, options: ImportOptions) -> ImportJob:
        """An empty job whose folder receives the uploaded files."""
        self._forget_old()
        job_id = secrets.token_hex(8)
        folder = self.root / job_id
        folder.mkdir(parents=True)
        job = ImportJob(job_id, owner, folder, source or Source.NATIVE, options)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def of(self, job_id: str, owner: str) -> ImportJob:
        """The job, if it is this person's; NotFound otherwise (another's is never revealed)."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise NotFound("import", job_id[:40])
        return job

    def discard(self, job: ImportJob) -> None:
        """Forget a job whose files were refused, with its folder."""
        with self._lock:
            self._jobs.pop(job.id, None)
        shutil.rmtree(job.folder, ignore_errors=True)

    def start(self, job: ImportJob, store: ReadWriteStore, lock: threading.Lock, rejects_dir: Path) -> None:
        """Run the import in a thread; the job says how it went when it ends."""
        with self._lock:
            if job.state != "staged":
                raise InvalidInput(f"import {job.id} was already started")
            job.state = "running"
        thread = threading.Thread(
            target=self._run, args=(job, store, lock, rejects_dir), name=f"import-{job.id}", daemon=True
        )
        thread.start()

    @staticmethod
    def _run(job: ImportJob, store: ReadWriteStore, lock: threading.Lock, rejects_dir: Path) -> None:
        try:
            outcome = run_import(lock, job.paths, store, job.options, job.source, job.progress)
            job.report = reported(outcome, job.folder)
            keep_rejects(outcome, rejects_dir)
            job.state = "done"
        except MaillageError as error:
            job.error, job.state = as_sent(str(error), job.folder), "failed"
        except Exception as error:
            job.error, job.state = f"{type(error).__name__}", "failed"
            raise
        finally:
            shutil.rmtree(job.folder, ignore_errors=True)

    def _forget_old(self) -> None:
        now = time.monotonic()
        with self._lock:
            ordered = sorted(self._jobs.values(), key=lambda j: j.staged_at)
            old = [j for j in ordered if now - j.staged_at > KEPT_SECONDS and j.state != "running"]
            old += [j for j in ordered[: max(0, len(ordered) - MAX_JOBS + 1)] if j.state != "running"]
            for job in old:
                self._jobs.pop(job.id, None)
        for job in old:
            shutil.rmtree(job.folder, ignore_errors=True)
