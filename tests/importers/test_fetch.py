"""Downloading published files from a local HTTP server (never the internet): resume, checksum,
then the import."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from graph_service.errors import InvalidInput
from importers.fetching import fetch
from testkit.command import run_maillage
from testkit.file_server import serving

SAMPLE = Path(__file__).parent / "data" / "subventions" / "poitiers_2017_format_historique.csv"


@pytest.fixture
def published(tmp_path: Path) -> Path:
    folder = tmp_path / "published"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "subventions.csv")
    return folder


def test_a_download_is_checked_and_its_checksum_kept(published: Path, tmp_path: Path) -> None:
    expected = hashlib.sha256((published / "subventions.csv").read_bytes()).hexdigest()
    with serving(published) as (base, _):
        path = fetch(f"{base}/subventions.csv", tmp_path / "in", sha256=expected)
        assert path.read_bytes() == SAMPLE.read_bytes()
        assert (tmp_path / "in" / "subventions.csv.sha256").read_text().startswith(expected)
        with pytest.raises(InvalidInput, match="not the 00"):
            fetch(f"{base}/subventions.csv", tmp_path / "other", sha256="00" * 32)
        assert not (tmp_path / "other" / "subventions.csv").exists()
        with pytest.raises(InvalidInput, match="404"):
            fetch(f"{base}/absent.csv", tmp_path / "in")
    with pytest.raises(InvalidInput, match="only http and https"):
        fetch("file:///etc/passwd", tmp_path / "in")


def test_an_interrupted_download_resumes_where_it_stopped(published: Path, tmp_path: Path) -> None:
    data = (published / "subventions.csv").read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "subventions.csv.part").write_bytes(data[:50_000])
    with serving(published) as (base, ranges):
        path = fetch(f"{base}/subventions.csv", folder)
    assert ranges == ["bytes=50000-"]
    assert path.read_bytes() == data and not (folder / "subventions.csv.part").exists()


def test_fetch_then_import_through_the_command(
    published: Path, reference_db_copy: Path, tmp_path: Path
) -> None:
    db = reference_db_copy
    with serving(published) as (base, _):
        result = run_maillage(
            db, "fetch", "subventions", f"{base}/subventions.csv", "--into", str(tmp_path / "in"), "--json"
        )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["source"] == "subventions" and report["counts"]["ties"]["created"] == 547
