"""Builds the shipped territory reference from the npm package ``@etalab/decoupage-administratif``.

The package's data is the INSEE COG (Licence Ouverte). Run ``scripts/build_territory_reference.sh``,
which installs the package in a temporary folder and calls::

    python -m importers.territory_reference.build --source node_modules/@etalab/decoupage-administratif/data

It writes three gzip CSV files beside this module:

- ``territories.csv.gz``: level, code, name, population, parents, partial_parents;
- ``postal_codes.csv.gz``: postal_code, commune_code (arrondissements municipaux included);
- ``commune_aliases.csv.gz``: old_code, current_code (communes déléguées, associées, former codes);
- ``authorities.csv.gz``: territory, siren, name, legal_form, commune (see
  :mod:`importers.territory_reference.authorities`).

Only metropolitan and overseas départements (DROM) are kept: the collectivités d'outre-mer are not
in the COG's département list.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph_service.identifiers import is_valid_siren
from importers.territory_reference.authorities import LEGAL_FORMS, authority_name

DATA_FOLDER = Path(__file__).parent / "data"
KEPT_ZONES = {"metro", "drom"}


def _load(source: Path, name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((source / name).read_text(encoding="utf-8"))
    return data


def _kept_areas(source: Path) -> tuple[list[dict[str, Any]], ...]:
    """The kept régions, départements and current communes (metropolitan and overseas)."""
    regions = [r for r in _load(source, "regions.json") if r.get("zone") in KEPT_ZONES]
    departements = [d for d in _load(source, "departements.json") if d.get("zone") in KEPT_ZONES]
    communes = [
        c
        for c in _load(source, "communes.json")
        if c["type"] == "commune-actuelle" and c.get("zone") in KEPT_ZONES
    ]
    return regions, departements, communes


def build_rows(source: Path) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Territory rows, postal code rows and alias rows from the package's JSON files."""
    regions, departements, communes = _kept_areas(source)
    all_communes = _load(source, "communes.json")
    arrondissements = [c for c in all_communes if c["type"] == "arrondissement-municipal"]
    epci_rows, epci_of, spanning = _epci_rows(_load(source, "epci.json"), communes)
    commune_rows = [_commune_row(commune, epci_of, spanning) for commune in communes]
    population: dict[str, int] = defaultdict(int)
    for commune in communes:
        population[commune["departement"]] += commune.get("population") or 0
    region_population: dict[str, int] = defaultdict(int)
    for dept in departements:
        region_population[dept["region"]] += population[dept["code"]]
    rows: list[list[str]] = [["pays", "FR", "France", "", "", ""]]
    rows += [
        ["region", r["code"], r["nom"], str(region_population[r["code"]]), "pays:FR", ""] for r in regions
    ]
    rows += [
        ["departement", d["code"], d["nom"], str(population[d["code"]]), f"region:{d['region']}", ""]
        for d in departements
    ]
    rows += sorted(epci_rows, key=lambda row: row[1])
    rows += commune_rows
    rows += [
        ["arrondissement", a["code"], a["nom"], str(a.get("population") or ""), f"commune:{a['commune']}", ""]
        for a in arrondissements
    ]
    postal = sorted(
        {
            (postal_code, c["code"])
            for c in communes + arrondissements
            for postal_code in c.get("codesPostaux", [])
        }
    )
    return rows, [list(pair) for pair in postal], _alias_rows(all_communes, {c["code"] for c in communes})


def _epci_rows(
    epcis: list[dict[str, Any]], communes: list[dict[str, Any]]
) -> tuple[list[list[str]], dict[str, str], set[str]]:
    """The EPCI rows, the EPCI of each commune, and the EPCI that span several départements (their
    communes keep their département as a parent too)."""
    departement_of = {c["code"]: c["departement"] for c in communes}
    epci_of: dict[str, str] = {}
    rows: list[list[str]] = []
    spanning: set[str] = set()
    for epci in epcis:
        members = [m["code"] for m in epci["membres"] if m["code"] in departement_of]
        if not members:
            continue
        depts = sorted({departement_of[code] for code in members})
        partial = len(depts) > 1
        if partial:
            spanning.add(epci["code"])
        for code in members:
            epci_of[code] = epci["code"]
        parents = ";".join(f"departement:{d}" for d in depts)
        population = str(epci.get("populationMunicipale") or "")
        rows.append(
            [
                "epci",
                epci["code"],
                epci["nom"],
                population,
                "" if partial else parents,
                parents if partial else "",
            ]
        )
    return rows, epci_of, spanning


def _commune_row(commune: dict[str, Any], epci_of: dict[str, str], spanning: set[str]) -> list[str]:
    code, dept = commune["code"], commune["departement"]
    epci_code = epci_of.get(code)
    parents = [f"epci:{epci_code}"] if epci_code else []
    if not epci_code or epci_code in spanning:
        parents.append(f"departement:{dept}")
    return ["commune", code, commune["nom"], str(commune.get("population") or ""), ";".join(parents), ""]


def _alias_rows(all_communes: list[dict[str, Any]], current: set[str]) -> list[list[str]]:
    """Old and merged commune codes, each with the current commune that holds it."""
    aliases: set[tuple[str, str]] = set()
    for commune in all_communes:
        merged = commune["type"] in ("commune-deleguee", "commune-associee") and commune.get("chefLieu")
        if merged and commune["code"] != commune["chefLieu"]:
            aliases.add((commune["code"], commune["chefLieu"]))
        for old in commune.get("anciensCodes", []):
            if commune["type"] == "commune-actuelle" and old != commune["code"]:
                aliases.add((old, commune["code"]))
    return [[old, new] for old, new in sorted(aliases) if old not in current]


def authority_rows(source: Path) -> list[list[str]]:
    """The authority of every kept commune, EPCI, département and région."""
    regions, departements, communes = _kept_areas(source)
    population = {c["code"]: c.get("population") or 0 for c in communes}
    rows = [
        [f"{level}:{area['code']}", "", authority_name(level, area["nom"], area["typeLiaison"]),
         LEGAL_FORMS[level], area["chefLieu"]]
        for level, areas in (("region", regions), ("departement", departements))
        for area in areas
    ]  # fmt: skip
    for epci in _load(source, "epci.json"):
        members = [m["code"] for m in epci["membres"] if m["code"] in population]
        if members and is_valid_siren(epci["code"]):
            # The reference gives no seat: the largest member commune stands for it.
            seat = max(members, key=lambda code: (population[code], code))
            rows.append(["epci:" + epci["code"], epci["code"], epci["nom"], LEGAL_FORMS[epci["type"]], seat])
    rows += [
        [
            "commune:" + c["code"],
            c["siren"] if is_valid_siren(c.get("siren") or "") else "",
            authority_name("commune", c["nom"], c["typeLiaison"]),
            LEGAL_FORMS["commune"],
            c["code"],
        ]
        for c in communes
    ]
    return rows


def write_csv_gz(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """A gzip CSV whose bytes depend only on its rows (no timestamp), so rebuilds diff cleanly."""
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        text = [",".join(header)]
        buffer: list[str] = []
        for row in rows:
            buffer.clear()
            for value in row:
                needs_quotes = any(char in value for char in ',"\n')
                buffer.append('"' + value.replace('"', '""') + '"' if needs_quotes else value)
            text.append(",".join(buffer))
        packed.write(("\n".join(text) + "\n").encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="the package's data folder")
    parser.add_argument("--out", type=Path, default=DATA_FOLDER)
    args = parser.parse_args(argv)
    territories, postal, aliases = build_rows(args.source)
    args.out.mkdir(parents=True, exist_ok=True)
    header = ["level", "code", "name", "population", "parents", "partial_parents"]
    write_csv_gz(args.out / "territories.csv.gz", header, territories)
    write_csv_gz(args.out / "postal_codes.csv.gz", ["postal_code", "commune_code"], postal)
    write_csv_gz(args.out / "commune_aliases.csv.gz", ["old_code", "current_code"], aliases)
    authorities = authority_rows(args.source)
    header = ["territory", "siren", "name", "legal_form", "commune"]
    write_csv_gz(args.out / "authorities.csv.gz", header, authorities)
    counts: dict[str, int] = defaultdict(int)
    for row in territories:
        counts[row[0]] += 1
    print(
        dict(counts),
        f"postal codes: {len(postal)}",
        f"aliases: {len(aliases)}",
        f"authorities: {len(authorities)}",
    )


if __name__ == "__main__":
    main()
