"""The analysis parameters are declared once (:mod:`graph_service.analysis.options`): the API's query
string, the CLI's options and the settings all follow that declaration."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from graph_service.analysis.options import AnalysisOptions, CommunityParameters
from graph_service.analysis.thresholds import ClosureThresholds
from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.errors import InvalidInput
from graph_service.model.parameters import parameters_of
from testkit.live import MAILLAGE

PUBLIC_NAMES = [
    "from",
    "to",
    "as_of",
    "mode",
    "domain",
    "include_external",
    "include_open_data",
    "resolution",
    "seed",
    "runs",
]


def test_the_public_names_are_the_documented_ones() -> None:
    assert [p.name for p in parameters_of(AnalysisOptions)] == PUBLIC_NAMES


def test_every_analysis_route_takes_the_model_parameters_with_their_bounds() -> None:
    spec = create_app(Settings()).openapi()
    routes = [path for path in spec["paths"] if "/analysis/" in path]
    assert len(routes) == 6
    for path in routes:
        query = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"}
        assert set(PUBLIC_NAMES) <= set(query), path
        resolution = query["resolution"]["schema"]["anyOf"][0]
        assert resolution["exclusiveMinimum"] == 0 and resolution["maximum"] == 100_000
        assert query["runs"]["description"] == CommunityParameters.model_fields["runs"].description
        assert query["mode"]["schema"]["anyOf"][0]["type"] == "array"


def test_the_cli_offers_every_model_parameter() -> None:
    result = subprocess.run(
        [MAILLAGE, "analyse", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "300", "PATH": ""},
    )
    for name in PUBLIC_NAMES:
        assert f"--{name.replace('_', '-')}" in result.stdout


def test_flat_values_build_the_nested_model_and_bad_ones_say_why() -> None:
    options = AnalysisOptions.of({"from": date(2020, 1, 1), "mode": ["mecenat"], "runs": 3, "seed": None})
    assert options.filter.start == date(2020, 1, 1) and options.filter.modes[0].value == "mecenat"
    assert options.community.runs == 3 and options.community.seed is None
    assert options.shown() == {"start": "2020-01-01", "modes": ["mecenat"], "runs": 3}
    with pytest.raises(InvalidInput, match="as_of cannot be combined"):
        AnalysisOptions.of({"from": date(2020, 1, 1), "as_of": date(2021, 1, 1)})
    with pytest.raises(InvalidInput, match="greater than or equal to 1"):
        AnalysisOptions.of({"runs": 0})


def test_unset_community_parameters_come_from_the_settings() -> None:
    settings = Settings(analysis_seed=9, analysis_runs=4)
    chosen = CommunityParameters().resolved(settings.analysis, ties=40_000, territory="departement:38")
    assert (chosen.resolution, chosen.seed, chosen.runs) == (10.0, 9, 4)
    assert CommunityParameters().resolved(settings, ties=10, territory="pays:FR").runs == 1
    given = CommunityParameters(resolution=2.5, seed=0, runs=7).resolved(
        settings, ties=1, territory="pays:FR"
    )
    assert (given.resolution, given.seed, given.runs) == (2.5, 0, 7)
    fixed = Settings(community_resolution=3.0)
    assert CommunityParameters().resolved(fixed, ties=10**6, territory="x").resolution == 3.0


def test_closure_thresholds_are_a_nested_setting_with_their_old_variable_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAILLAGE_CLOSURE_MAX_EI", "-0.4")
    monkeypatch.setenv("MAILLAGE_CLOSURE_MIN_SIZE", "6")
    monkeypatch.setenv("MAILLAGE_ANALYSIS_SEED", "5")
    settings = Settings()
    assert (settings.closure.max_ei, settings.closure.min_size, settings.analysis_seed) == (-0.4, 6, 5)
    assert settings.closure.max_conductance == ClosureThresholds().max_conductance
    monkeypatch.setenv("MAILLAGE_CLOSURE_MAX_EI", "3")
    with pytest.raises(ValueError, match="max_ei"):
        Settings()
