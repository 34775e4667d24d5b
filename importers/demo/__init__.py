"""The demo data set: real actors and ties from Le RAMEAU's published cases, plus synthetic filler.

The real part lives in ``data/`` as native files; :mod:`importers.demo.synthetic` writes the
filler. Both go through the native importer, so the demo also exercises it.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.demo.synthetic import write_synthetic_files
from importers.native import import_native
from importers.native.report import ImportReport
from importers.territory_reference import install_reference

DATASET = "demo"


def real_data_folder() -> Path:
    """The folder of the demo's real actors and ties."""
    return Path(str(resources.files("importers.demo").joinpath("data")))


def load_demo(store: ReadWriteStore, progress: Progress = SILENT) -> ImportReport:
    """Load the territory reference if missing, then the demo data set; safe to re-run. The demo
    is seed data, like the reference: its rows are not recorded one by one in the history, which
    then holds only what its users change."""
    if not store.existing_territory_keys(["pays:FR"]):
        install_reference(store, progress)
    with tempfile.TemporaryDirectory(prefix="maillage-demo-") as folder:
        write_synthetic_files(Path(folder))
        return import_native(
            [real_data_folder(), Path(folder)], store, dataset=DATASET, progress=progress, author=None
        )
