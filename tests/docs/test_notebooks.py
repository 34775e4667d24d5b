"""The notebooks of ``docs/notebooks`` executed as an analyst runs them (nbclient, a Python kernel
of this environment) against a live demo server; their printed outputs are compared with the API's
JSON, and the plots they save are real images."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import matplotlib.image
import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "docs" / "notebooks"

pytestmark = pytest.mark.on_backend


def _executed(name: str, server: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run notebook ``name`` in ``folder``; its printed text, every cell's in order."""
    shutil.copy(NOTEBOOKS / name, folder / name)
    monkeypatch.setenv("MAILLAGE_URL", server)  # the kernel inherits this process's environment
    notebook = nbformat.read(folder / name, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return "\n".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


def _image(path: Path) -> tuple[int, int]:
    pixels = matplotlib.image.imread(path)
    assert pixels.std() > 0.01, f"{path.name} is blank"
    return pixels.shape[0], pixels.shape[1]


def test_centralities_and_communities(
    demo_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _executed("territory_centralities_and_communities.ipynb", demo_server, tmp_path, monkeypatch)
    api = httpx.get(f"{demo_server}/api/v1/territories/38/analysis/communities", timeout=120).json()["data"]
    assert "Isère" in text
    assert f"{len(api['cards'])} communities with a card, {len(api['concentrated'])} concentrated" in text
    in_concentrated = sum(1 for c in api["membership"].values() if c in set(api["concentrated"]))
    assert f"members of concentrated communities: {in_concentrated}" in text
    assert f"{api['organisations']} organisations, snapshot {api['method']['snapshot']}" in text
    height, width = _image(tmp_path / "territory_centralities.png")
    assert height > 300 and width > 500


def test_two_dates_of_a_territory(demo_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _executed("two_dates_of_a_territory.ipynb", demo_server, tmp_path, monkeypatch)
    compared = httpx.get(
        f"{demo_server}/api/v1/territories/38/analysis/compare",
        params={"before": "2018-01-01", "after": "2024-01-01"},
        timeout=120,
    ).json()["data"]
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(compared["statuses"].items()))
    assert statuses in text
    for day in ("2018-01-01", "2024-01-01"):
        cards = httpx.get(
            f"{demo_server}/api/v1/territories/38/analysis/communities", params={"as_of": day}, timeout=120
        ).json()["data"]
        counted = f"{len(cards['cards'])} communities with a card, {len(cards['concentrated'])} concentrated"
        assert f"{day}: {counted}" in text
    _image(tmp_path / "two_dates.png")
