"""Settings read from the environment (prefix ``MAILLAGE_``) through one cached getter.

>>> import os
>>> os.environ["MAILLAGE_BATCH_SIZE"] = "500"
>>> get_settings.cache_clear()
>>> get_settings().batch_size
500
>>> del os.environ["MAILLAGE_BATCH_SIZE"]; get_settings.cache_clear()
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Backend(StrEnum):
    """Which store adapter serves the graph."""

    EMBEDDED = "embedded"
    NEO4J = "neo4j"


def default_db_path() -> Path:
    """The per-user data folder's database file, used when ``MAILLAGE_DB_PATH`` is unset."""
    return user_data_path("maillage", appauthor=False) / "maillage.lbug"


class Settings(BaseSettings):
    """Every tunable of Maillage. Each field maps to ``MAILLAGE_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="MAILLAGE_", extra="ignore")

    backend: Backend = Backend.EMBEDDED
    db_path: Path = Field(default_factory=default_db_path)
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"

    batch_size: int = Field(default=5_000, ge=1, description="rows per write statement")
    import_chunk_rows: int = Field(
        default=100_000, ge=1, description="rows validated and loaded together by an import"
    )
    read_requires_token: bool = Field(default=False, description="close reads to requests without a token")
    upload_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1, description="largest accepted upload")
    data_dir: Path | None = Field(
        default=None, description="where import rejects are kept (default: beside the database)"
    )
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def rejects_dir(self) -> Path:
        return (self.data_dir or self.db_path.parent) / "rejects"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
