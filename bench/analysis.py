"""Benchmark of the analyses on synthetic graphs with planted communities (prints figures, never fails).

    .venv/bin/python bench/analysis.py                   # département, region, national
    .venv/bin/python bench/analysis.py --scales departement --networkx-up-to departement
    .venv/bin/python bench/analysis.py --planted 5        # the concentrated flag on planted territories

For each scale it times, once the graph is in memory, the fast engine (networkit and our sparse
measures) and networkx side by side, prints the ratios, the quality of the communities against
the planted partition (NMI and ARI, at resolution 1 and at the default growing resolution) and the
peak memory. Each scale runs in its own process so that peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.analysis.centrality import betweenness, eigenvector, pagerank
from graph_service.analysis.closure import CONCENTRATED, TerritoryContext, closure_cards
from graph_service.analysis.communities import auto_resolution, detect_communities
from graph_service.analysis.graph_libraries import to_networkx
from graph_service.analysis.multiscale import Detection, detect_groups, scales_for
from graph_service.analysis.projection import WORLDS, ProjectedGraph, pair_weights, project
from graph_service.config import Settings
from graph_service.model import Organisation
from testkit.planted import DEPARTEMENT, MATCH, FlagQuality, groups_with, planted_territory

SCALES = {"departement": (20_000, 30_000), "region": (200_000, 300_000), "national": (2_000_000, 1_500_000)}
ORDER = list(SCALES)
SAMPLES = 64


def planted(n: int, ties: int, seed: int = 1, mixing: float = 0.15) -> tuple[np.ndarray, ProjectedGraph]:
    """Communities of 10 to 200 members (log-uniform); each tie stays inside with probability 0.85."""
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(min(n - sum(sizes), int(np.exp(rng.uniform(np.log(10), np.log(200))))))
    labels = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    size_of = np.array(sizes)
    u = rng.integers(0, n, ties)
    inside = rng.random(ties) > mixing
    v = np.where(
        inside,
        starts[labels[u]] + (rng.random(ties) * size_of[labels[u]]).astype(np.int64),
        rng.integers(0, n, ties),
    )
    keep = u != v
    source, target, weight = (
        pair_weights([np.array([a, b]) for a, b in zip(u[keep], v[keep], strict=True)], n)
        if n <= 250_000
        else _pairs(u[keep], v[keep], n)
    )
    worlds = rng.integers(0, len(WORLDS), n)
    organisations = [
        Organisation.model_construct(id=f"bench:{i}", name=f"org {i}", world=WORLDS[w], catalyst=None)
        for i, w in enumerate(worlds.tolist())
    ]
    areas = [f"area:{label // 20}" for label in labels.tolist()]
    graph = ProjectedGraph(
        organisations=organisations,
        source=source,
        target=target,
        weight=weight,
        external=np.zeros(n, dtype=bool),
        areas=areas,  # type: ignore[arg-type]
    )
    return labels, graph


def _pairs(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    keys, counts = np.unique(np.minimum(u, v) * n + np.maximum(u, v), return_counts=True)
    return keys // n, keys % n, counts.astype(np.float64)


def nmi(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised mutual information (arithmetic mean normalisation, as scikit-learn's default)."""
    _, a = np.unique(a, return_inverse=True)
    _, b = np.unique(b, return_inverse=True)
    n = a.size
    joint = np.unique(a.astype(np.int64) * (b.max() + 1) + b, return_counts=True)[1] / n
    pa, pb = np.bincount(a) / n, np.bincount(b) / n
    ha, hb = -(pa * np.log(pa)).sum(), -(pb * np.log(pb)).sum()
    pairs = np.unique(a.astype(np.int64) * (b.max() + 1) + b)
    mi = (joint * np.log(joint / (pa[pairs // (b.max() + 1)] * pb[pairs % (b.max() + 1)]))).sum()
    return float(2 * mi / (ha + hb)) if ha + hb else 1.0


def ari(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index from the contingency table."""
    _, a = np.unique(a, return_inverse=True)
    _, b = np.unique(b, return_inverse=True)
    counts = np.unique(a.astype(np.int64) * (b.max() + 1) + b, return_counts=True)[1].astype(np.float64)
    comb = lambda x: x * (x - 1) / 2  # noqa: E731
    index = comb(counts).sum()
    sa, sb = comb(np.bincount(a).astype(np.float64)).sum(), comb(np.bincount(b).astype(np.float64)).sum()
    expected = sa * sb / comb(float(a.size))
    return float((index - expected) / ((sa + sb) / 2 - expected))


def timed(work: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """The best of ``repeat`` timings, and the result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def run_scale(scale: str, networkx_up_to: str) -> dict[str, Any]:
    n, ties = SCALES[scale]
    labels, graph = planted(n, ties)
    # Loading ends with the projection's arrays: adjacency, degrees and world codes.
    tied = graph.degree > 0
    _ = graph.strength, graph.world_code
    figures: dict[str, Any] = {"scale": scale, "nodes": n, "ties": graph.edge_count}
    fast: dict[str, float] = {}
    repeat = 3 if scale == "departement" else 1
    settings = Settings()
    resolution = auto_resolution(graph.edge_count)
    seed = settings.analysis_seed
    fast["communities"], partition = timed(
        lambda: detect_communities(graph, resolution=resolution, seed=seed, runs=1), repeat
    )
    figures["peak_rss_after_communities_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    fast["closure cards"], _ = timed(lambda: closure_cards(graph, partition, settings.closure), repeat)
    fast["degree"], _ = timed(lambda: (graph.degree, graph.strength), repeat)
    fast["pagerank"], _ = timed(lambda: pagerank(graph), repeat)
    fast["eigenvector"], _ = timed(lambda: eigenvector(graph), repeat)
    fast[f"betweenness ({SAMPLES} samples)"], _ = timed(
        lambda: betweenness(graph, exact=False, samples=SAMPLES), repeat
    )
    fast["full analysis"] = sum(fast.values())
    if scale != "national":  # a national ensemble is minutes; the CLI runs one national run by default
        fast["ensemble of 5 runs"], ensemble = timed(
            lambda: detect_communities(graph, resolution=resolution, seed=seed, runs=5)
        )
        figures["stability (5 runs, mean)"] = float(ensemble.stability[tied].mean())
    scales = scales_for(graph.edge_count, settings.multiscale_max_ties)
    fast[f"multi-scale, {len(scales)} scales"], _ = timed(
        lambda: detect_groups(
            graph,
            settings.closure,
            resolution=resolution,
            seed=seed,
            runs=settings.analysis_runs,
            scales=scales,
        )
    )
    figures["fast"] = fast
    at_one = detect_communities(graph, resolution=1.0, seed=seed, runs=1)
    figures["resolution"] = resolution
    figures["quality"] = {
        "default resolution": {
            "nmi": nmi(labels[tied], partition.membership[tied]),
            "ari": ari(labels[tied], partition.membership[tied]),
        },
        "resolution 1": {
            "nmi": nmi(labels[tied], at_one.membership[tied]),
            "ari": ari(labels[tied], at_one.membership[tied]),
        },
    }
    slow: dict[str, float] = {}
    if ORDER.index(scale) <= ORDER.index(networkx_up_to):
        slow["build networkx graph"], reference = timed(lambda: to_networkx(graph))
        slow["communities"], found = timed(
            lambda: nx.community.louvain_communities(
                reference, weight="weight", resolution=figures["resolution"], seed=1
            )
        )
        slow["pagerank"], _ = timed(lambda: nx.pagerank(reference, weight="weight"))
        if scale == "departement":
            slow["eigenvector"], _ = timed(
                lambda: nx.eigenvector_centrality(reference, weight="weight", max_iter=1000, tol=1e-6)
            )
            slow[f"betweenness ({SAMPLES} samples)"], _ = timed(
                lambda: nx.betweenness_centrality(reference, k=SAMPLES, seed=1)
            )
        membership = np.zeros(n, dtype=np.int64)
        for c, members in enumerate(found):
            membership[list(members)] = c
        figures["quality"]["networkx louvain"] = {
            "nmi": nmi(labels[tied], membership[tied]),
            "ari": ari(labels[tied], membership[tied]),
        }
    figures["networkx"] = slow
    figures["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return figures


def flagged_sets(graph: ProjectedGraph, detection: Detection) -> list[set[str]]:
    """The members located inside of each group the detection calls concentrated."""
    return groups_with(graph, detection, {CONCENTRATED})


def seed_stability(seeds: int, noise: float, territory_seed: int) -> tuple[float, float]:
    """The share of ``seeds`` re-runs of one planted département whose flagged set is the most
    common one: member for member, and group for group (the same planted clubs found, the same
    number of other flags, a member more or less in a flagged group not counting)."""
    settings = Settings()
    territory = planted_territory(seed=territory_seed, noise=noise)
    graph = project(
        territory.frame, areas=territory.epci_of, network_min_members=settings.network_min_members
    )
    clubs = [set(g.members) for g in territory.groups if g.kind == "club"]
    exact: list[frozenset[frozenset[str]]] = []
    grouped: list[tuple[frozenset[int], int]] = []
    for seed in range(1, seeds + 1):
        detection = detect_groups(
            graph, settings.closure, seed=seed, runs=settings.analysis_runs,
            resolution=auto_resolution(graph.edge_count),
        )  # fmt: skip
        flagged = flagged_sets(graph, detection)
        exact.append(frozenset(frozenset(f) for f in flagged))
        matched = {k for f in flagged for k, c in enumerate(clubs) if len(c & f) / len(c | f) >= MATCH}
        grouped.append((frozenset(matched), len(flagged) - len(matched)))
    return (
        max(exact.count(f) for f in exact) / len(exact),
        max(grouped.count(g) for g in grouped) / len(grouped),
    )


def planted_quality(territories: int, noise: float) -> tuple[FlagQuality, FlagQuality]:
    """The flag's quality on planted territories, at département level and for each EPCI view
    measured in its département's context, as ``Analyser`` runs it."""
    settings = Settings()
    departement, epcis = FlagQuality("département"), FlagQuality("EPCI")
    for seed in range(1, territories + 1):
        territory = planted_territory(seed=seed, noise=noise)
        inside = [o for o in territory.frame.organisations if o.id in territory.epci_of]
        worlds = np.bincount([WORLDS.index(o.world) for o in inside], minlength=len(WORLDS))
        context = TerritoryContext(DEPARTEMENT, len(inside), tuple(int(w) for w in worlds))
        views = [(DEPARTEMENT, territory.frame, territory.epci_of, None, departement)]
        for epci in sorted(set(territory.epci_of.values())):
            local = TerritoryContext(**{**context.__dict__, "local": True, "view": epci})
            views.append((epci, territory.view(epci), territory.commune_of, local, epcis))
        for key, frame, areas, view_context, quality in views:
            graph = project(frame, areas=areas, network_min_members=settings.network_min_members)
            _ = graph.strength, graph.world_code, graph.binary_adjacency
            start = time.perf_counter()
            detection = detect_groups(
                graph,
                settings.closure,
                resolution=auto_resolution(graph.edge_count),
                seed=settings.analysis_seed,
                runs=settings.analysis_runs,
                context=view_context,
            )
            seconds = time.perf_counter() - start
            flagged = flagged_sets(graph, detection)
            groups = [g for g in territory.groups if key == DEPARTEMENT or g.epci in (key, "epci:all")]
            quality.add(groups, flagged, seconds)
    return departement, epcis


def show_planted(territories: int) -> None:
    print(f"== concentrated flag on {territories} planted départements (testkit/planted.py), each")
    print("   analysed whole and EPCI by EPCI in the département's context; a club is found when a")
    print(f"   flagged group matches it with Jaccard ≥ {MATCH}")
    for noise in (0.0, 0.1):
        for quality in planted_quality(territories, noise):
            buckets = {
                "5–6": range(5, 7),
                "7–10": range(7, 11),
                "12–20": range(12, 21),
                "25–40": range(25, 41),
            }
            recalls = "  ".join(f"{name} {quality.recall(sizes):.2f}" for name, sizes in buckets.items())
            print(
                f"noise {noise:.0%}, {quality.level:<11} precision {quality.precision():.3f}  recall "
                f"{quality.recall():.3f}  F1 {quality.f1():.3f}  false flags {quality.false_flags or 0}"
            )
            print(f"{'':<22}recall by club size: {recalls}")
            seconds = sorted(quality.seconds)
            print(f"{'':<22}detection: median {seconds[len(seconds) // 2]:.3f} s, max {seconds[-1]:.3f} s")
        same = [seed_stability(10, noise, seed) for seed in range(1, territories + 1)]
        for name, shares in (
            ("member for member", [s[0] for s in same]),
            ("group for group", [s[1] for s in same]),
        ):
            shown = " ".join(f"{share:.0%}" for share in shares)
            print(
                f"noise {noise:.0%}, re-runs with 10 seeds giving the most common flagged set, "
                f"{name}, per territory: {shown} (mean {sum(shares) / len(shares):.0%})"
            )


def show(figures: dict[str, Any]) -> None:
    size = f"{figures['nodes']:,} organisations, {figures['ties']:,} ties"
    print(f"\n== {figures['scale']}: {size}, resolution {figures['resolution']:g}")
    print(f"{'step':<28}{'fast (s)':>10}{'networkx (s)':>14}{'ratio':>9}")
    for step, seconds in figures["fast"].items():
        slow = figures["networkx"].get(step)
        ratio = f"{slow / seconds:>8.0f}×" if slow and seconds else ""
        print(f"{step:<28}{seconds:>10.3f}{(f'{slow:.3f}' if slow else '-'):>14}{ratio:>9}")
    for step, seconds in figures["networkx"].items():
        if step not in figures["fast"]:
            print(f"{step:<28}{'-':>10}{seconds:>14.3f}")
    for name, quality in figures["quality"].items():
        print(f"quality, {name:<20} NMI {quality['nmi']:.3f}  ARI {quality['ari']:.3f}")
    if "stability (5 runs, mean)" in figures:
        print(f"mean node stability over 5 runs: {figures['stability (5 runs, mean)']:.3f}")
    print(f"peak memory: {figures['peak_rss_after_communities_gib']:.2f} GiB with the graph loaded and")
    print(f"  partitioned (organisations included), {figures['peak_rss_gib']:.2f} GiB over the whole run")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", nargs="+", choices=ORDER, default=ORDER)
    parser.add_argument(
        "--networkx-up-to", choices=ORDER, default="region", help="largest scale networkx runs"
    )
    parser.add_argument("--one", choices=ORDER, help=argparse.SUPPRESS)
    parser.add_argument(
        "--planted", type=int, metavar="N", help="measure the concentrated flag on N planted territories"
    )
    args = parser.parse_args()
    if args.planted:
        show_planted(args.planted)
        return
    if args.one:
        print(json.dumps(run_scale(args.one, args.networkx_up_to)))
        return
    for scale in args.scales:
        child = subprocess.run(
            [sys.executable, __file__, "--one", scale, "--networkx-up-to", args.networkx_up_to],
            capture_output=True,
            text=True,
            check=True,
        )
        show(json.loads(child.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
