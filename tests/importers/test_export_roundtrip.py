"""Moving data between stores: export to native files, import into a fresh store, find the same graph."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.errors import InvalidInput
from graph_service.model import Alliance, Organisation, TerritoryLevel
from graph_service.model.filters import INSIDE_ONLY
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.port import GraphStore
from importers.native import import_native
from importers.native.export import NativeFormat, export_native
from importers.territory_reference.authorities import load_authorities
from testkit.databases import copy_db


def _all_organisations(store: GraphStore) -> list[Organisation]:
    total = store.search_organisations(limit=1).total
    ids = [o.id for o in store.search_organisations(limit=total).items]
    return sorted(store.get_organisations(ids), key=lambda o: o.id)


def _all_alliances(store: GraphStore) -> list[Alliance]:
    total = store.search_alliances(limit=1).total
    return sorted(store.search_alliances(limit=total).items, key=lambda a: a.id)


def _areas(store: GraphStore) -> dict[str, tuple[object, list[str]]]:
    page = store.search_territories(level=TerritoryLevel.PROJET, limit=100).items
    views = {t.key: store.get_territory(t.key) for t in page}
    return {key: (view.territory, sorted(c.key for c in view.children)) for key, view in views.items()}


@pytest.fixture
def source(demo_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(copy_db(demo_db, tmp_path / "source")) as store:
        yield store


@pytest.fixture
def target(reference_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    (tmp_path / "target").mkdir()
    with EmbeddedStore(copy_db(reference_db, tmp_path / "target")) as store:
        store.init_schema()
        yield store


@pytest.fixture(autouse=True)
def _folders(tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()


@pytest.mark.parametrize("fmt", list(NativeFormat))
def test_the_whole_graph_survives_a_round_trip(
    source: EmbeddedStore, target: EmbeddedStore, tmp_path: Path, fmt: NativeFormat
) -> None:
    counts = export_native(source, tmp_path / "export", fmt=fmt)
    assert counts.organisations == source.counts().nodes["Organisation"]
    report = import_native([tmp_path / "export"], target, dataset="moved")
    assert report.rejections == []

    assert target.counts() == source.counts()
    assert _all_organisations(target) == _all_organisations(source)
    assert _all_alliances(target) == _all_alliances(source)
    assert _areas(target) == _areas(source) and _areas(source)

    again = import_native([tmp_path / "export"], target, dataset="moved")
    assert all(c.created == 0 and c.updated == 0 for c in again.kinds.values()), again.as_dict()


def test_one_territory_carries_its_ecosystem(
    source: EmbeddedStore, target: EmbeddedStore, tmp_path: Path
) -> None:
    counts = export_native(source, tmp_path / "isere", territory="38", fmt=NativeFormat.CSV)
    report = import_native([tmp_path / "isere"], target, dataset="isere")
    assert report.rejections == []

    before, after = source.ecosystem("38", INSIDE_ONLY), target.ecosystem("38", INSIDE_ONLY)
    assert after.organisations == before.organisations
    assert after.alliances == before.alliances
    assert after.memberships == before.memberships
    assert counts.organisations == len(before.organisations)
    # The target held the reference's authorities already: the demo's own ones (Ville de Grenoble)
    # complete them, the others are new.
    authorities = {a.id for a in load_authorities().values()}
    new = {o.id for o in before.organisations} - authorities
    assert target.counts().nodes["Organisation"] == len(authorities) + len(new)
    # Nothing from elsewhere: a Breton organisation of the demo stays behind.
    assert not target.existing_organisation_ids(["demo:cress-bretagne"])
    assert (
        target.get_organisation("demo:labo-grenoble").catalyst
        == source.get_organisation("demo:labo-grenoble").catalyst
    )


def test_export_refuses_a_folder_that_holds_files(source: EmbeddedStore, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "organisations.csv").write_text("id\n")
    with pytest.raises(InvalidInput, match="not empty"):
        export_native(source, tmp_path / "full")


def test_the_commands_move_a_territory_between_databases(source: EmbeddedStore, tmp_path: Path) -> None:
    maillage = str(Path(sys.executable).parent / "maillage")
    target_db = tmp_path / "moved" / "maillage.lbug"
    source.close()  # the command opens the file itself

    def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "MAILLAGE_DB_PATH": str(db), "COLUMNS": "200"}
        return subprocess.run(
            [maillage, *args], capture_output=True, text=True, env=env, timeout=600, check=False
        )

    exported = run(source.path, "export", str(tmp_path / "out"), "--territory", "38")
    assert exported.returncode == 0, exported.stderr
    written = int(re.search(r"(\d+) organisations", exported.stdout).group(1))  # type: ignore[union-attr]
    assert run(target_db, "init").returncode == 0
    imported = run(target_db, "import", str(tmp_path / "out"), "--dataset", "moved", "--json")
    assert imported.returncode == 0, imported.stderr
    with (
        EmbeddedStore(source.path, read_only=True) as before,
        EmbeddedStore(target_db, read_only=True) as after,
    ):
        total = after.territory_organisations("38", limit=1).total
        assert total == written == before.territory_organisations("38", limit=1).total
        assert (
            after.ecosystem("38", INSIDE_ONLY).memberships == before.ecosystem("38", INSIDE_ONLY).memberships
        )
