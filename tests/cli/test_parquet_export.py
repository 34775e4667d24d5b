"""Researchers' Parquet files: a territory's organisations with their analysis columns, its
alliances, memberships and open-data ties, typed as the README says, read back by DuckDB and
pandas and compared with the store and the analysis they come from."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from graph_service.analysis.parquet_files import SCHEMAS
from testkit.backends import open_database
from testkit.command import run_maillage as run
from testkit.money import fund_associations


def test_a_territory_as_parquet_holds_the_store_and_its_analysis(demo_db_copy: Path, tmp_path: Path) -> None:
    with open_database(demo_db_copy, read_only=False) as store:
        _, ties = fund_associations(store)
        ecosystem = store.ecosystem("38")
    folder = tmp_path / "isere"
    result = run(demo_db_copy, "export", str(folder), "--territory", "38", "--format", "parquet")
    assert result.returncode == 0, result.stderr
    for name, schema in SCHEMAS.items():
        written = pq.read_schema(folder / f"{name}.parquet")
        assert written.names == schema.names and written.types == schema.types, name
        assert written.metadata[b"maillage.territory"] == b"departement:38"
    organisations = pd.read_parquet(folder / "organisations.parquet")
    assert set(organisations["id"]) >= {o.id for o in ecosystem.organisations}
    communities = json.loads(run(demo_db_copy, "analyse", "communities", "-t", "38", "--json").stdout)
    verdict = {card["community"]: card["verdict"] for card in communities["cards"]}
    rated = organisations.dropna(subset=["community"])
    assert {row.id: verdict.get(int(row.community), "unrated") for row in rated.itertuples()} == {
        o: verdict.get(c, "unrated") for o, c in communities["membership"].items()
    }
    # DuckDB reads them as tables: memberships join alliances and organisations.
    joined = duckdb.sql(
        f"SELECT count(*) FROM '{folder}/memberships.parquet' m "
        f"JOIN '{folder}/alliances.parquet' a ON a.id = m.alliance_id "
        f"JOIN '{folder}/organisations.parquet' o ON o.id = m.organisation_id"
    ).fetchall()
    assert joined[0][0] == len(ecosystem.memberships)
    money = pd.read_parquet(folder / "open_data_ties.parquet")
    assert sorted(money["target_id"]) == sorted(t.target_id for t in ties)
    assert set(money["kind"]) == {"FUNDS"} and money["amount"].notna().all()
    again = run(demo_db_copy, "export", str(folder), "--territory", "38", "--format", "parquet")
    assert again.returncode == 2 and "already holds" in again.stderr


@pytest.mark.parametrize("territory", [[], ["--territory", "01"]])
def test_the_national_graph_and_an_empty_territory_export(
    demo_db_copy: Path, tmp_path: Path, territory: list[str]
) -> None:
    result = run(demo_db_copy, "export", str(tmp_path / "out"), *territory, "--format", "parquet")
    assert result.returncode == 0, result.stderr
    organisations = pq.read_table(tmp_path / "out" / "organisations.parquet")
    alliances = pq.read_table(tmp_path / "out" / "alliances.parquet")
    if territory:
        assert organisations.num_rows == 0 and alliances.num_rows == 0
    else:
        assert organisations.num_rows > 1000 and alliances.num_rows > 1000
        assert organisations.schema.metadata[b"maillage.territory"] == b"pays:FR"
