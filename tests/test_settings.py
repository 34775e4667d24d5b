"""Settings come in one group per component, and the README's table documents each of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_service.config import (
    AnalysisSettings,
    RefreshSettings,
    ServingSettings,
    Settings,
    StoreSettings,
)
from graph_service.store import open_store

README = Path(__file__).resolve().parents[1] / "README.md"
GROUPS = (StoreSettings, AnalysisSettings, RefreshSettings, ServingSettings)


def _documented() -> set[str]:
    """Every ``MAILLAGE_*`` variable the configuration table names, ``_SUFFIX`` shorthands expanded
    (``MAILLAGE_NEO4J_URI``, ``_USER`` names ``MAILLAGE_NEO4J_USER``)."""
    table = README.read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in table.splitlines():
        if not row.startswith("| `MAILLAGE_"):
            continue
        cell = row.split("|")[1]
        first = re.search(r"`(MAILLAGE_[A-Z0-9_]+)`", cell)
        assert first is not None
        names.add(first.group(1))
        prefix = "_".join(first.group(1).split("_")[:2])  # MAILLAGE_NEO4J, MAILLAGE_CLOSURE …
        names |= {name for name in re.findall(r"`(MAILLAGE_[A-Z0-9_]+)`", cell)}
        names |= {prefix + suffix for suffix in re.findall(r"`(_[A-Z0-9_]+)`", cell)}
    return names


def _variables() -> set[str]:
    """The variables the settings read: one per field, one per closure threshold."""
    names = {f"MAILLAGE_{field.upper()}" for field in Settings.model_fields if field != "closure"}
    closure = Settings.model_fields["closure"].annotation
    assert closure is not None
    return names | {f"MAILLAGE_CLOSURE_{field.upper()}" for field in closure.model_fields}


def test_every_setting_is_in_the_readme_table_and_every_row_is_a_setting() -> None:
    documented = {
        name for name in _documented() if not name.startswith(("MAILLAGE_TEST_", "MAILLAGE_SCREENSHOTS"))
    }
    development = {f"MAILLAGE_NEO4J_{name}" for name in ("HOME", "PORT", "HEAP", "PAGECACHE", "TX_MEMORY")}
    assert _variables() - documented == set()
    assert documented - development - _variables() == set()


def test_each_field_belongs_to_exactly_one_group_or_is_a_folder() -> None:
    grouped = [field for group in GROUPS for field in group.model_fields]
    assert len(grouped) == len(set(grouped))
    assert set(Settings.model_fields) - set(grouped) == {"data_dir", "analysis_dir"}


def test_a_component_gets_its_group_with_the_environment_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILLAGE_ANALYSIS_SEED", "7")
    monkeypatch.setenv("MAILLAGE_CLOSURE_MIN_SIZE", "9")
    monkeypatch.setenv("MAILLAGE_REFRESH_QUIET_SECONDS", "0.5")
    settings = Settings()
    analysis = settings.analysis
    assert type(analysis) is AnalysisSettings and (analysis.analysis_seed, analysis.closure.min_size) == (
        7,
        9,
    )
    assert not hasattr(analysis, "db_path")  # the group only, not the whole
    assert settings.refresh.refresh_quiet_seconds == 0.5


def test_open_store_reads_the_store_group_only(tmp_path: Path) -> None:
    with open_store(StoreSettings(db_path=tmp_path / "group.lbug")) as store:
        assert store.backend == "embedded"
    assert (tmp_path / "group.lbug").exists()
