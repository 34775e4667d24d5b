"""Public funders on whom beneficiaries depend alone, in the brokerage report, from a real
published subsidy file on the real store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.config import Settings
from graph_service.store.port import GraphStore
from importers.subsidies import import_subsidies
from testkit.backends import database_path

POITIERS = (
    Path(__file__).parents[1] / "importers" / "data" / "subventions" / "poitiers_2017_format_historique.csv"
)


def test_the_city_is_named_as_the_funder_its_associations_depend_on_alone(
    reference_store: GraphStore, tmp_path: Path
) -> None:
    store = reference_store
    import_subsidies([POITIERS], store, dataset="poitiers")
    report = Analyser(store, Settings(db_path=database_path(store, tmp_path))).brokerage(
        "86194", DEFAULT_OPTIONS
    )
    text = POITIERS.read_text(encoding="utf-8")
    beneficiaries = {row["ATTRIB_SIRET"][:9] for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    [city] = report.sole_funders
    assert (city.id, city.name, city.public) == ("siren:218601946", "Commune de Poitiers", True)
    # No other funder in the file: every beneficiary depends on the city alone.
    assert city.beneficiaries == city.sole_dependants == len(beneficiaries)
    amounts = [float(row["SUB_MONTANT"]) for row in csv.DictReader(io.StringIO(text), delimiter=";")]
    assert city.amount <= round(sum(amounts), 2)


def test_no_funder_is_named_without_subsidies(demo_store_copy: GraphStore, tmp_path: Path) -> None:
    store = demo_store_copy
    report = Analyser(store, Settings(db_path=database_path(store, tmp_path))).brokerage(
        "38", DEFAULT_OPTIONS
    )
    assert report.sole_funders == []
