"""The shape of the code holds: no import cycle, layers that only import downwards, no module over
400 lines, no test importing another test module, and benchmarks sharing only the helper package
``testkit`` with the tests."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph_service", "importers", "visual", "cypher", "testkit")
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """The module's statements, with those under ``if TYPE_CHECKING:`` (a type-only import is still
    a dependency: it binds the layers as much as any other)."""
    found: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.extend(node.body)
        else:
            found.append(node)
    return found


def _imported(tree: ast.Module, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """Modules imported at module level, type-only imports included (imports inside functions are
    deferred on purpose); as
    import-linter counts them, ``from package import submodule`` imports the submodule only."""
    found: set[str] = set()
    for node in _module_level(tree.body):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                anchor = parts[: len(parts) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return found


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in _imported(tree, name, path.name == "__init__.py", set(modules)):
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def test_the_import_graph_is_read_and_has_no_cycle() -> None:
    graph = import_graph()
    assert graph.has_edge("graph_service.cli.app", "graph_service.cli.context")
    assert graph.has_edge("graph_service.store.cypher_store", "graph_service.store.entity_writes")
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


LAYERS: tuple[tuple[str, ...], ...] = (
    # The vocabulary and what everything reads: models, errors, identifiers, settings, the words in
    # both languages, Cypher files.
    # The closure rule's thresholds are a group of settings (a leaf module: pydantic only).
    (
        "graph_service",
        "graph_service.model",
        "graph_service.errors",
        "graph_service.identifiers",
        "graph_service.progress",
        "graph_service.spreadsheet",
        "graph_service.config",
        "graph_service.translations",
        "graph_service.graph_files",
        "graph_service.analysis.thresholds",
        "cypher",
    ),
    ("graph_service.store",),
    # Beside each other: what reads the store to answer (analyses, tokens, accounts, checked writes
    # and their history) and the importers that write it.
    (
        "graph_service.analysis",
        "graph_service.tokens",
        "graph_service.accounts",
        "graph_service.writes",
        "graph_service.write_run",
        "graph_service.history",
        "graph_service.undo",
        "importers",
    ),
    ("visual", "graph_service.pages"),
    ("graph_service.api",),
    ("graph_service.cli",),
    # Analysts' and researchers' side: the API over HTTP, the rule on their own graphs.
    ("graph_service.client",),
    ("testkit",),
)


def layer_of(module: str) -> int | None:
    """The layer of ``module``: the one of its longest declared prefix."""
    found = [
        (len(prefix), rank)
        for rank, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(found)[1] if found else None


def test_every_module_has_a_layer_and_imports_only_its_own_or_lower_ones() -> None:
    graph = import_graph()
    unplaced = sorted(m for m in graph if layer_of(m) is None)
    assert not unplaced, f"modules in no layer: {unplaced}"
    upward = sorted((a, b) for a, b in graph.edges if layer_of(b) > layer_of(a))  # type: ignore[operator]
    assert not upward, f"imports of a higher layer: {upward}"
    assert (
        layer_of("graph_service.analysis.closure") == 2 and layer_of("graph_service.analysis.thresholds") == 0
    )


def test_the_cycle_finder_sees_a_cycle(tmp_path: Path) -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "a")])
    assert [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    tree = ast.parse("from . import b\nfrom .c import d\nimport pkg.e\n")
    assert _imported(tree, "pkg.a", False, {"pkg", "pkg.b", "pkg.c"}) == {"pkg.b", "pkg.c", "pkg.e"}


@pytest.mark.parametrize("package", [*PACKAGES, "bench", "scripts"])
def test_no_module_is_over_400_lines(package: str) -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / package).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def _imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_test_or_benchmark_imports_a_test_module() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            i for i in _imports_of(path) if i == "tests" or i.startswith("tests.")
        )
        for folder in ("tests", "bench")
        for path in (ROOT / folder).rglob("*.py")
    }
    assert not {path: found for path, found in offenders.items() if found}


HEAVY_AT_START = (
    "networkit",
    "networkx",
    "scipy",
    "igraph",
    "pyarrow",
    "duckdb",
    "fastapi",
    "uvicorn",
    "polars",
)


def test_the_command_starts_without_the_graph_and_data_libraries() -> None:
    """``maillage --help``, ``search`` or ``show`` must not wait for the libraries only some commands use."""
    import subprocess
    import sys

    probe = (
        "import sys, graph_service.cli.app; "
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY_AT_START!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def test_analysis_pages_and_importers_name_a_narrow_store_port() -> None:
    """The whole ``GraphStore`` (writes, tokens, lifecycle) is for the composition roots (the API
    app and its dependencies, the CLI, the store itself); the analyses, pages, importers, tokens
    and checked writes name the narrow port they use (``AnalysisStore``, ``ReadWriteStore`` …)."""
    narrow = (
        "graph_service.analysis",
        "graph_service.pages",
        "importers",
        "visual",
        "graph_service.tokens",
        "graph_service.writes",
        "graph_service.history",
        "graph_service.undo",
    )
    whole = sorted(
        name
        for name, path in _modules().items()
        if name.startswith(narrow)
        and any(
            isinstance(node, ast.ImportFrom) and any(alias.name == "GraphStore" for alias in node.names)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    )
    assert whole == []
