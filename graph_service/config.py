"""Settings read from the environment (prefix ``MAILLAGE_``) through one cached getter.

>>> import os
>>> os.environ["MAILLAGE_BATCH_SIZE"] = "500"
>>> get_settings.cache_clear()
>>> get_settings().batch_size
500
>>> os.environ["MAILLAGE_CLOSURE_MIN_SIZE"] = "6"
>>> Settings().closure.min_size, Settings().closure.max_ei
(6, -0.2)
>>> Settings(analysis_seed=7).analysis.analysis_seed, type(Settings().store).__name__
(7, 'StoreSettings')
>>> del os.environ["MAILLAGE_BATCH_SIZE"], os.environ["MAILLAGE_CLOSURE_MIN_SIZE"]; get_settings.cache_clear()
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from platformdirs import user_data_path
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph_service.analysis.thresholds import ClosureThresholds

G = TypeVar("G", bound=BaseModel)


class EngineChoice(StrEnum):
    """Where the costly algorithms of an analysis run (:mod:`graph_service.analysis.engine`)."""

    IN_PROCESS = "in-process"
    GDS = "gds"
    AUTO = "auto"


class Backend(StrEnum):
    """Which store adapter serves the graph."""

    EMBEDDED = "embedded"
    NEO4J = "neo4j"


def default_db_path() -> Path:
    """The per-user data folder's database file, used when ``MAILLAGE_DB_PATH`` is unset."""
    return user_data_path("maillage", appauthor=False) / "maillage.lbug"


class StoreSettings(BaseModel):
    """Where the graph is kept and how it is reached: what :func:`~graph_service.store.open_store`
    reads."""

    backend: Backend = Backend.EMBEDDED
    db_path: Path = Field(default_factory=default_db_path)
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    neo4j_timeout_seconds: float = Field(
        default=300, gt=0, description="longest a Neo4j statement may run before the server ends it"
    )
    batch_size: int = Field(default=5_000, ge=1, description="rows per write statement")
    buffer_pool_mib: int = Field(
        default=2048,
        ge=64,
        description="LadybugDB's buffer pool (its own default, 80 % of the memory, starves analyses)",
    )
    copy_min_rows: int = Field(
        default=20_000,
        ge=1,
        description="new rows at which LadybugDB loads by COPY (each COPY holds ~23 MiB until close)",
    )
    read_connections: int = Field(
        default=4, ge=1, le=64, description="embedded read connections used side by side by the API"
    )


class AnalysisSettings(BaseModel):
    """How territories are analysed: what the :class:`~graph_service.analysis.analyser.Analyser`
    reads."""

    analysis_engine: EngineChoice = Field(
        default=EngineChoice.AUTO,
        description="in-process (networkit), gds (Neo4j Graph Data Science), or auto: gds from "
        "gds_min_ties ties when the Neo4j server has it",
    )
    gds_min_ties: int = Field(
        default=500_000, ge=0, description="projected ties from which the auto engine runs inside Neo4j"
    )
    analysis_seed: int = Field(default=42, description="seed of community detection and sampling")
    analysis_runs: int = Field(
        default=5, ge=1, le=100, description="community runs of the stability ensemble"
    )
    community_resolution: float | None = Field(
        default=None,
        gt=0,
        description="modularity resolution; unset: max(1, ties / 4,000), see analysis.options",
    )
    multiscale_max_ties: int = Field(
        default=150_000,
        ge=0,
        description="largest projected graph (in ties) whose communities are sought at several "
        "resolutions; above it, at the base resolution only",
    )
    network_min_members: int = Field(
        default=30,
        ge=3,
        description="an alliance of more members is a network (a federation, a label), reported apart, "
        "not projected as ties",
    )
    exact_betweenness_max_nodes: int = Field(
        default=5_000, ge=0, description="exact betweenness and closeness up to this many organisations"
    )
    betweenness_samples: int = Field(default=64, ge=1, description="sampled sources beyond that size")
    sole_funder_min_dependants: int = Field(
        default=5,
        ge=1,
        description="organisations funded by it alone that name a funder as a pass-through point",
    )
    dominant_share: float = Field(
        default=0.25,
        gt=0,
        le=1,
        description="share of cross-world shortest paths that makes a pass-through point",
    )
    analysis_cache_size: int = Field(default=64, ge=0, description="analysis results kept in memory")
    closure: ClosureThresholds = Field(
        default_factory=ClosureThresholds,
        description="where a community counts as concentrated: MAILLAGE_CLOSURE_MIN_SIZE, …_MAX_EI, …",
    )


class RefreshSettings(BaseModel):
    """What the background refresher of ``maillage serve`` does
    (:mod:`~graph_service.analysis.refresher`)."""

    refresh_analyses: bool = Field(
        default=True,
        description="serve: recompute outdated analyses in the background and warm populated territories",
    )
    refresh_quiet_seconds: float = Field(
        default=2.0, ge=0, description="seconds without writes before the populated territories are warmed"
    )
    refresh_max_territories: int = Field(
        default=500, ge=0, description="populated régions, départements and EPCI warmed, biggest first"
    )


class ServingSettings(BaseModel):
    """How the API and its pages answer (:mod:`~graph_service.api`)."""

    host: str = "127.0.0.1"
    port: int = 8000
    read_requires_token: bool = Field(default=False, description="close reads to requests without a token")
    session_idle_minutes: int = Field(
        default=120, ge=5, le=43_200, description="a signed-in browser is signed out after this long idle"
    )
    upload_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1, description="largest accepted upload")
    request_max_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, description="largest accepted body of any other request"
    )
    response_cache_mib: int = Field(
        default=256, ge=0, description="whole read answers kept per data snapshot (0: no response cache)"
    )
    visual_max_nodes: int = Field(
        default=2_000,
        ge=10,
        le=20_000,
        description="organisations drawn one by one; above, a territory is first drawn as its communities",
    )
    chromium: str | None = Field(
        default=None, description="the Chromium that prints PDFs (default: Debian's chromium on the PATH)"
    )


class Settings(StoreSettings, AnalysisSettings, RefreshSettings, ServingSettings, BaseSettings):
    """Every setting of Maillage, one ``MAILLAGE_<FIELD>`` variable each, read from the environment.

    The fields come from one group per component (:class:`StoreSettings`, :class:`AnalysisSettings`,
    :class:`RefreshSettings`, :class:`ServingSettings`, and the two folders below); each component
    is given its group (``settings.store``, ``settings.analysis`` …), never the whole. Tuning values
    an operator has no reason to change are constants of the module that uses them.
    """

    # "_" splits once, so that MAILLAGE_CLOSURE_MIN_SIZE sets closure.min_size while every flat
    # field (MAILLAGE_DB_PATH) keeps its name: no field is called like the first word of another.
    model_config = SettingsConfigDict(
        env_prefix="MAILLAGE_", extra="ignore", env_nested_delimiter="_", env_nested_max_split=1
    )

    data_dir: Path | None = Field(
        default=None,
        description="where import rejects and column choices are kept (default: beside the database)",
    )
    analysis_dir: Path | None = Field(
        default=None,
        description="where analyses are saved to survive a restart (default: beside the database file)",
    )

    def _group(self, group: type[G]) -> G:
        return group.model_validate({name: getattr(self, name) for name in group.model_fields})

    @property
    def store(self) -> StoreSettings:
        return self._group(StoreSettings)

    @property
    def analysis(self) -> AnalysisSettings:
        return self._group(AnalysisSettings)

    @property
    def refresh(self) -> RefreshSettings:
        return self._group(RefreshSettings)

    @property
    def serving(self) -> ServingSettings:
        return self._group(ServingSettings)

    @property
    def analyses_dir(self) -> Path:
        if self.analysis_dir is not None:
            return self.analysis_dir
        if self.backend is Backend.NEO4J:
            return user_data_path("maillage", appauthor=False) / "analyses-neo4j"
        return self.db_path.with_name(self.db_path.name + ".analyses")

    @property
    def rejects_dir(self) -> Path:
        return (self.data_dir or self.db_path.parent) / "rejects"

    @property
    def mappings_path(self) -> Path:
        """Where the column choices users made are kept per publisher."""
        return (self.data_dir or self.db_path.parent) / "column-mappings.json"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
