"""The ``maillage`` command through its installed entry point, on real databases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from testkit.backends import open_database
from testkit.command import run_maillage as run


@pytest.fixture
def demo_copy(demo_db_copy: Path) -> Path:
    return demo_db_copy


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path / "x.lbug", "--help")
    assert result.returncode == 0
    for command in ("init", "import", "demo", "stats", "search", "show", "path"):
        assert command in result.stdout
    sub = run(tmp_path / "x.lbug", "import", "--help")
    assert sub.returncode == 0 and "--dry-run" in sub.stdout


def test_init_then_demo_on_a_fresh_database(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "maillage.lbug"
    init = run(db, "init")
    assert init.returncode == 0, init.stderr
    assert "territories:" in init.stdout and db.exists()
    demo = run(db, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "Isère (38)" in demo.stdout
    stats = json.loads(run(db, "stats", "--json").stdout)
    assert stats["nodes"]["Catalyst"] == 7
    assert stats["organisations_by_world"]["association"] > 0
    assert stats["backend"] == "embedded" and stats["snapshot"].startswith("demo@")


def test_search_show_and_path(demo_copy: Path) -> None:
    found = json.loads(run(demo_copy, "search", "partenariats", "--territory", "38", "--json").stdout)
    assert [item["id"] for item in found["items"]] == ["demo:labo-grenoble"]
    shown = json.loads(run(demo_copy, "show", "Silver Geek", "--json").stdout)
    assert shown["organisation"]["id"] == "demo:silver-geek"
    assert {a["id"] for a in shown["alliances"]} == {
        "demo:agir-ensemble-poitiers",
        "demo:silver-geek-unis-cite",
    }
    paths = json.loads(run(demo_copy, "path", "demo:unis-cite", "siren:356000000", "--json").stdout)
    assert [step["to"]["id"] for step in paths[0]["steps"]] == ["demo:silver-geek", "siren:356000000"]
    human = run(demo_copy, "path", "Unis-Cité", "Groupe La Poste")
    assert human.returncode == 0 and "Silver Geek et Unis-Cité" in human.stdout


def test_errors_exit_with_clear_codes(demo_copy: Path, tmp_path: Path) -> None:
    missing = run(demo_copy, "show", "demo:nobody")
    assert missing.returncode == 2 and "not found" in missing.stderr
    ambiguous = run(demo_copy, "show", "pôle ess")
    assert ambiguous.returncode == 2 and "give an id" in ambiguous.stderr
    usage = run(demo_copy, "search", "--world", "ong")
    assert usage.returncode == 2
    absent = run(demo_copy, "import", str(tmp_path / "nothing.csv"))
    assert absent.returncode == 2 and "no such file" in absent.stderr


def test_import_reports_rejects_and_exits_2(demo_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "organisations.csv"
    source.write_text(
        "id,name,world,commune\nok,Bien,association,38185\nko,Mal,association,99999\n", encoding="utf-8"
    )
    rejects = tmp_path / "rejects.csv"
    dry = run(demo_copy, "import", str(source), "--dataset", "cli", "--dry-run", "--rejects", str(rejects))
    assert dry.returncode == 2 and "dry run" in dry.stdout
    assert run(demo_copy, "show", "cli:ok").returncode == 2
    result = run(demo_copy, "import", str(source), "--dataset", "cli", "--rejects", str(rejects), "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["counts"]["organisations"]["created"] == 1
    assert report["rejections"][0]["line"] == 3
    assert "99999" in rejects.read_text(encoding="utf-8-sig")
    assert run(demo_copy, "show", "cli:ok").returncode == 0


def test_import_needs_the_territories(tmp_path: Path) -> None:
    source = tmp_path / "organisations.csv"
    source.write_text("id,name,world\na,A,association\n", encoding="utf-8")
    result = run(tmp_path / "empty.lbug", "import", str(source))
    assert result.returncode == 2 and "maillage init" in result.stderr


@pytest.mark.embedded_only("one writing process per LadybugDB file; a Neo4j server takes many")
def test_reads_fall_back_to_read_only_while_another_process_writes(demo_copy: Path, tmp_path: Path) -> None:
    from graph_service.store.embedded import EmbeddedStore

    source = tmp_path / "organisations.csv"
    source.write_text("id,name,world\na,A,association\n", encoding="utf-8")
    with EmbeddedStore(demo_copy):
        stats = run(demo_copy, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["nodes"]["Catalyst"] == 7
        refused = run(demo_copy, "import", str(source))
        assert refused.returncode == 1
        assert "in use by another process" in refused.stderr


def test_tokens_are_created_listed_and_revoked(demo_copy: Path) -> None:
    from graph_service.tokens import hash_secret

    created = run(demo_copy, "token", "create", "--scope", "admin", "--name", "analyste")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert secret.startswith("mlg_")
    if demo_copy.exists():  # the embedded file: the secret is stored hashed only
        assert secret not in demo_copy.read_bytes().decode("latin-1")
    [listed] = json.loads(run(demo_copy, "token", "list", "--json").stdout)
    assert listed["name"] == "analyste" and listed["scope"] == "admin" and not listed["revoked"]
    assert run(demo_copy, "token", "revoke", listed["id"]).returncode == 0
    assert run(demo_copy, "token", "revoke", "nope").returncode == 2
    with open_database(demo_copy) as store:
        assert store.find_token(hash_secret(secret)) is None
        assert store.list_tokens()[0].revoked


def test_accounts_are_created_with_a_one_time_link_or_a_password_read_from_stdin(demo_copy: Path) -> None:
    from graph_service.accounts import signed_in

    link = run(demo_copy, "user", "create", "--email", "Claire@Example.fr", "--role", "catalyst", "-t", "38")
    assert link.returncode == 0, link.stderr
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/mot-de-passe/[\w-]{40,}\n", link.stdout), link.stdout
    assert "departement:38" in link.stderr
    scripted = run(
        demo_copy, "user", "create", "--email", "admin@example.fr", "--role", "admin", "--password-stdin",
        stdin="un mot de passe assez long\n",
    )  # fmt: skip
    assert scripted.returncode == 0 and scripted.stdout == "", scripted.stderr
    short = run(demo_copy, "user", "create", "--email", "b@example.fr", "--role", "admin", "--password-stdin",
                stdin="court\n")  # fmt: skip
    assert short.returncode != 0 and "12 characters" in short.stderr
    twice = run(demo_copy, "user", "create", "--email", "ADMIN@example.fr", "--role", "reader")
    assert twice.returncode != 0
    no_territory = run(demo_copy, "user", "create", "--email", "c@example.fr", "--role", "catalyst")
    assert no_territory.returncode == 2 and "--territory" in no_territory.stderr
    listed = json.loads(run(demo_copy, "user", "list", "--json").stdout)
    assert [(u["email"], u["role"], u["password_set"]) for u in listed] == [
        ("claire@example.fr", "catalyst", False),
        ("admin@example.fr", "admin", True),
    ]
    with open_database(demo_copy) as store:
        assert signed_in(store, "admin@example.fr", "un mot de passe assez long") is not None


def test_search_past_the_end_answers_an_empty_page(demo_copy: Path) -> None:
    total = json.loads(run(demo_copy, "search", "labo", "--json").stdout)["total"]
    for offset in (total, total + 1, 6_898, 9_999_999):
        result = run(demo_copy, "search", "labo", "--offset", str(offset), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["items"] == []


def test_analyses_of_an_empty_territory_answer(demo_copy: Path, tmp_path: Path) -> None:
    for question in ("communities", "centrality", "brokerage", "mixing", "introductions"):
        target = tmp_path / f"{question}.json"
        result = run(demo_copy, "analyse", question, "--territory", "01", "--out", str(target))
        assert result.returncode == 0, result.stderr
        assert json.loads(target.read_text("utf-8"))["territory"] == "departement:01"


@pytest.mark.embedded_only("--db names a LadybugDB file; Neo4j is named by MAILLAGE_NEO4J_URI")
def test_the_db_option_overrides_the_environment(demo_copy: Path, tmp_path: Path) -> None:
    """``--db`` reaches every command, a group's sub-commands included."""
    elsewhere = tmp_path / "absent" / "maillage.lbug"
    stats = run(elsewhere, "--db", str(demo_copy), "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["nodes"]["Catalyst"] == 7
    tokens = run(elsewhere, "--db", str(demo_copy), "token", "list", "--json")
    assert tokens.returncode == 0, tokens.stderr
    assert not elsewhere.exists()


def test_export_writes_a_territory_as_gexf_or_graphml(demo_copy: Path, tmp_path: Path) -> None:
    import networkx as nx

    from graph_service.model import SubgraphFilter

    with open_database(demo_copy) as store:
        expected = store.ecosystem("departement:38", SubgraphFilter(include_external=True))
    gexf = run(
        demo_copy,
        "export",
        str(tmp_path / "isere.gexf"),
        "--territory",
        "38",
        "--format",
        "gexf",
        "--include-external",
    )
    assert gexf.returncode == 0, gexf.stderr
    graph = nx.read_gexf(tmp_path / "isere.gexf")
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(k == "organisation" for k in kinds.values()) == len(expected.organisations)
    assert graph.number_of_edges() == len(expected.memberships)
    graphml = run(demo_copy, "export", str(tmp_path / "out"), "-t", "38", "--format", "graphml")
    assert graphml.returncode == 0, graphml.stderr
    written = nx.read_graphml(tmp_path / "out" / "ecosysteme-departement_38.graphml")
    assert written.number_of_nodes() <= graph.number_of_nodes()
    again = run(demo_copy, "export", str(tmp_path / "out"), "-t", "38", "--format", "graphml")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_export_refuses_what_does_not_fit(demo_copy: Path, tmp_path: Path) -> None:
    no_territory = run(demo_copy, "export", str(tmp_path / "x.gexf"), "--format", "gexf")
    assert no_territory.returncode == 2 and "--territory" in no_territory.stderr
    filtered_native = run(demo_copy, "export", str(tmp_path / "native"), "--from", "2020-01-01")
    assert filtered_native.returncode == 2 and "graphml or gexf only" in filtered_native.stderr
    assert not (tmp_path / "native").exists() and not (tmp_path / "x.gexf").exists()
