"""One importer per source, found by its files: the registry is complete, a file none recognises is
native, and a header below title rows is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.sources import BY_SOURCE, IMPORTERS, Source, detect_source


def test_every_source_has_one_importer() -> None:
    assert [importer.source for importer in IMPORTERS].count(Source.NATIVE) == 1
    assert set(BY_SOURCE) == set(Source) and len(IMPORTERS) == len(Source)


@pytest.mark.parametrize(
    ("name", "source"),
    [("organisations.jsonl", Source.NATIVE), ("organisations.csv", Source.NATIVE)],
)
def test_a_file_none_recognises_is_native(tmp_path: Path, name: str, source: Source) -> None:
    path = tmp_path / name
    path.write_text('{"id": "t:a", "name": "A"}\n' if name.endswith(".jsonl") else "id,name\nt:a,A\n")
    assert detect_source([path]) is source


def test_a_subsidy_header_below_title_rows_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "subventions.csv"
    path.write_text(
        "Subventions versées en 2023\n\n"
        "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;idBeneficiaire;montant\n"
        "Ville;21380185500013;2023-01-01;Club;77567150600018;1000\n",
        encoding="utf-8",
    )
    assert detect_source([path]) is Source.SUBVENTIONS
