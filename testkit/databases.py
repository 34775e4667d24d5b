"""Real LadybugDB databases on disk: the reference and demo templates, and private copies of them."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph_service.store.embedded import EmbeddedStore
from importers.demo import load_demo
from importers.territory_reference import install_reference


def reference_database(path: Path) -> Path:
    """A new database at ``path`` holding the French territories."""
    with EmbeddedStore(path) as store:
        store.init_schema()
        install_reference(store)
    return path


def demo_database(path: Path, reference: Path) -> Path:
    """A copy of the ``reference`` database at ``path``, with the demo data set loaded."""
    shutil.copy(reference, path)
    with EmbeddedStore(path) as store:
        load_demo(store)
    return path


def copy_db(template: Path, folder: Path) -> Path:
    """A private copy of a template database (with its companion files) in ``folder``."""
    target = folder / template.name
    shutil.copy(template, target)
    for companion in template.parent.glob(template.name + ".*"):
        if companion.is_file():
            shutil.copy(companion, folder / companion.name)
    return target
