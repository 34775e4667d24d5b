"""A territory (or the country) as Parquet files for researchers: DuckDB or pandas read them as
tables, typed, with no parsing.

Four files, each with a fixed schema (the README lists it), even when empty:

- ``organisations.parquet``: every organisation with its analysis columns (community, its name,
  key and verdict, sub-territory, centralities);
- ``alliances.parquet``; ``memberships.parquet`` (organisation, alliance, role);
- ``open_data_ties.parquet``: subsidies (``FUNDS``) and public contracts (``CONTRACTS_WITH``).

Each file's metadata names the territory, the data snapshot and how alliances were projected.

>>> sorted(SCHEMAS)
['alliances', 'memberships', 'open_data_ties', 'organisations']
>>> SCHEMAS["memberships"].names
['organisation_id', 'alliance_id', 'role']
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from graph_service.model import Subgraph

_TEXT, _FLOAT = pa.string(), pa.float64()
SCHEMAS: dict[str, pa.Schema] = {
    "organisations": pa.schema(
        [
            ("id", _TEXT),
            ("name", _TEXT),
            ("world", _TEXT),
            ("legal_form", _TEXT),
            ("siren", _TEXT),
            ("rna", _TEXT),
            ("naf", _TEXT),
            ("ess", pa.bool_()),
            ("commune", _TEXT),
            ("catalyst", pa.bool_()),
            ("external", pa.bool_()),
            ("source", _TEXT),
            ("community", pa.int64()),
            ("community_name", _TEXT),
            ("community_key", _TEXT),
            ("verdict", _TEXT),
            ("area", _TEXT),
            ("degree", _FLOAT),
            ("strength", _FLOAT),
            ("betweenness", _FLOAT),
            ("pagerank", _FLOAT),
            ("eigenvector", _FLOAT),
            ("harmonic", _FLOAT),
        ]
    ),
    "alliances": pa.schema(
        [
            ("id", _TEXT),
            ("name", _TEXT),
            ("mode", _TEXT),
            ("domains", pa.list_(_TEXT)),
            ("start", pa.date32()),
            ("end", pa.date32()),
            ("source", _TEXT),
        ]
    ),
    "memberships": pa.schema([("organisation_id", _TEXT), ("alliance_id", _TEXT), ("role", _TEXT)]),
    "open_data_ties": pa.schema(
        [
            ("kind", _TEXT),
            ("source_id", _TEXT),
            ("target_id", _TEXT),
            ("day", pa.date32()),
            ("amount", _FLOAT),
            ("key", _TEXT),
            ("object", _TEXT),
            ("reference", _TEXT),
            ("nature", _TEXT),
            ("dataset", _TEXT),
        ]
    ),
}
"""The columns of each file, in order, with their Arrow types."""


def _rows(
    subgraph: Subgraph, annotations: Mapping[str, Mapping[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    external = set(subgraph.external_ids)
    return {
        "organisations": [
            {
                **o.model_dump(include={"id", "name", "world", "legal_form", "siren", "rna", "naf", "ess"}),
                "commune": o.commune,
                "source": o.source,
                "catalyst": o.is_catalyst,
                "external": o.id in external,
                **annotations.get(o.id, {}),
            }
            for o in subgraph.organisations
        ],
        "alliances": [a.model_dump(include=set(SCHEMAS["alliances"].names)) for a in subgraph.alliances],
        "memberships": [
            m.model_dump(include=set(SCHEMAS["memberships"].names)) for m in subgraph.memberships
        ],
        "open_data_ties": [
            t.model_dump(include=set(SCHEMAS["open_data_ties"].names)) for t in subgraph.open_data_ties
        ],
    }


def write_parquet_files(
    subgraph: Subgraph,
    annotations: Mapping[str, Mapping[str, Any]],
    folder: Path,
    about: Mapping[str, Any],
) -> dict[str, int]:
    """Write the four files into ``folder``; returns the rows of each."""
    folder.mkdir(parents=True, exist_ok=True)
    metadata = {f"maillage.{key}": str(value) for key, value in about.items()}
    written: dict[str, int] = {}
    for name, rows in _rows(subgraph, annotations).items():
        schema = SCHEMAS[name].with_metadata(metadata)
        columns = {field.name: [row.get(field.name) for row in rows] for field in schema}
        pq.write_table(pa.Table.from_pydict(columns, schema=schema), folder / f"{name}.parquet")
        written[name] = len(rows)
    return written
