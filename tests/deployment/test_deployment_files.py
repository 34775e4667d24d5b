"""docker-compose.yml, the Dockerfile and the Neo4j workflow, checked without a Docker engine:
against their published schemas (check-jsonschema's vendored compose-spec and GitHub workflow
schemas), then for what Maillage needs of them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
CHECK = str(Path(sys.executable).parent / "check-jsonschema")
COMPOSE = ROOT / "docker-compose.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "neo4j.yml"


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _validate(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK, "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_compose_file_follows_the_compose_specification() -> None:
    result = _validate("vendor.compose-spec", COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_compose_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE.read_text(encoding="utf-8").replace("condition: service_healthy", "condition: when_ready")
    broken.write_text(text.replace("    healthcheck:\n", "    healthchek:\n", 1), encoding="utf-8")
    result = _validate("vendor.compose-spec", broken)
    assert result.returncode != 0
    assert "when_ready" in result.stdout + result.stderr or "healthchek" in result.stdout + result.stderr


def test_neo4j_service_has_gds_memory_auth_health_and_a_named_volume() -> None:
    compose = _load(COMPOSE)
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == f"neo4j:{tested_neo4j_line()}"
    env = neo4j["environment"]
    assert "graph-data-science" in env["NEO4J_PLUGINS"] and "apoc" in env["NEO4J_PLUGINS"]
    assert env["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    for setting in ("heap_max__size", "heap_initial__size", "pagecache_size"):
        assert env[f"NEO4J_server_memory_{setting}"]
    health = " ".join(neo4j["healthcheck"]["test"])
    assert "cypher-shell" in health and "'RETURN 1'" in health
    volumes = {mount.split(":")[0]: mount.split(":")[1] for mount in neo4j["volumes"]}
    assert volumes.get("neo4j-data") == "/data" and "neo4j-data" in compose["volumes"]


def test_api_service_is_built_here_waits_for_neo4j_and_uses_it() -> None:
    api = _load(COMPOSE)["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert env["MAILLAGE_BACKEND"] == "neo4j"
    assert env["MAILLAGE_NEO4J_URI"] == "bolt://neo4j:7687"


def test_every_variable_without_a_default_is_in_the_env_example() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    needed = {
        name
        for name, default in re.findall(r"(?<!\$)\$\{(\w+)(:?[-?][^}]*)?\}", text)
        if not default.startswith((":-", "-"))
    }
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    declared = set(re.findall(r"^(\w+)=", example, re.M))
    assert needed and needed <= declared, needed - declared
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_dockerfile_copies_what_exists_and_serves_the_api() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for sources in re.findall(r"^COPY (.+) \S+$", text, re.M):
        for source in sources.split():
            assert (ROOT / source).exists(), source
    assert re.search(r'^CMD \["maillage", "serve"', text, re.M)


def test_neo4j_workflow_runs_the_contract_suite_against_a_neo4j_5_service() -> None:
    result = _validate("vendor.github-workflows", WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    job = _load(WORKFLOW)["jobs"]["contract"]
    assert job["services"]["neo4j"]["image"] == f"neo4j:{tested_neo4j_line()}"
    assert job["env"]["MAILLAGE_NEO4J_URI"].startswith("bolt://")
    assert job["env"]["MAILLAGE_TEST_BACKEND"] == "neo4j"
    commands = " ".join(step.get("run", "") for step in job["steps"])
    assert "pytest" in commands and "lint_cypher.py" in commands


def tested_neo4j_line() -> str:
    """The major.minor of the Neo4j that scripts/neo4j.sh builds and CI tests live."""
    pom = (ROOT / "scripts" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    version = re.search(r"<neo4j.version>(\d+\.\d+)\.\d+</neo4j.version>", pom)
    assert version, "scripts/neo4j/pom.xml pins no neo4j.version"
    return version.group(1)


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client on this machine")
def test_docker_compose_config_accepts_the_file_when_the_client_has_compose(tmp_path: Path) -> None:
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        pytest.skip("the docker client here has no compose plugin")
    env_file = tmp_path / ".env"
    shutil.copy(ROOT / ".env.example", env_file)
    result = subprocess.run(
        ["docker", "compose", "--env-file", str(env_file), "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
