"""The brokerage report of an analysed territory: Gould–Fernandez roles with the worlds as groups,
Burt's constraint and effective size, Guimerà–Amaral community roles, cut points, and the
mandatory pass-through report (organisations whose withdrawal cuts others off, or that carry a
dominant share of the shortest paths between worlds), with the sole funders of open data.
:class:`~graph_service.analysis.analyser.Analyser` gathers what it needs from the store and keeps
the report per analysed territory; this module reads nothing else than what it is given.
"""

from __future__ import annotations

import numpy as np

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.brokerage import brokerage_roles
from graph_service.analysis.funding import SoleFunder
from graph_service.analysis.pass_through import CutPoints, between_worlds_share, cut_points
from graph_service.analysis.projection import ProjectedGraph
from graph_service.analysis.rankings import scores_rows
from graph_service.analysis.reports import BrokerageReport, Method, PassThrough
from graph_service.analysis.roles import community_roles
from graph_service.analysis.structural_holes import structural_holes

ALGORITHM = "gould-fernandez (worlds), burt, guimera-amaral, block-cut tree, brandes (cross-world)"


def brokerage_report(
    base: AnalysedTerritory,
    method: Method,
    *,
    top: int,
    samples: int | None,
    seed: int,
    dominant_share: float,
    funders: list[SoleFunder],
) -> BrokerageReport:
    """Brokers, structural holes, community roles, cut points and the pass-through report of
    ``base``: the ``top`` of each; the share of shortest paths between worlds from ``samples``
    sources (all when None) drawn with ``seed``; an organisation carrying ``dominant_share`` of
    them is a pass-through point even where its withdrawal cuts nobody off."""
    graph = base.graph
    holes = structural_holes(graph)
    roles = community_roles(graph, base.partition.membership)
    gould = brokerage_roles(graph)
    cuts = cut_points(graph)
    share = between_worlds_share(graph, samples=samples, seed=seed)
    columns = {
        "brokerage_total": gould["total"].astype(np.float64),
        **{name: gould[name].astype(np.float64) for name in gould if name != "total"},
        "constraint": holes.constraint,
        "effective_size": holes.effective_size,
        "participation": roles.participation,
        "within_z": roles.within_z,
        "between_worlds_share": share,
    }
    role_of = dict(zip(graph.ids, roles.roles, strict=True))
    rows = [
        row.model_copy(update={"role": role_of[row.id]})
        for row in scores_rows(graph, base.partition.membership, columns, "brokerage_total", top)
    ]
    pass_through = _pass_through(graph, cuts, share, top=top, dominant_share=dominant_share)
    return BrokerageReport(
        sole_funders=funders,
        territory=base.territory,
        method=method,
        rows=rows,
        articulation_points=len(cuts.articulation),
        bridges=[(graph.ids[a], graph.ids[b]) for a, b in cuts.bridges[: top * 4]],
        pass_through=pass_through,
        public_pass_through=sum(p.public for p in pass_through),
    )


def _pass_through(
    graph: ProjectedGraph, cuts: CutPoints, share: np.ndarray, *, top: int, dominant_share: float
) -> list[PassThrough]:
    """The ``top`` organisations whose withdrawal cuts others off, or that carry ``dominant_share``
    of the shortest paths between worlds, most cut off first."""
    articulation = set(cuts.articulation.tolist())
    candidates = set(np.argsort(-cuts.cut_off)[:top].tolist()) | set(np.argsort(-share)[:top].tolist())
    found = []
    for i in sorted(candidates, key=lambda i: (-cuts.cut_off[i], -share[i], graph.ids[i])):
        dominant = bool(share[i] >= dominant_share)
        if not (i in articulation or dominant):
            continue
        reasons = []
        if i in articulation:
            reasons.append(f"its withdrawal cuts {int(cuts.cut_off[i])} organisations off")
        if dominant:
            reasons.append(f"{share[i]:.0%} of the shortest paths between worlds go through it")
        o = graph.organisations[i]
        found.append(
            PassThrough(
                id=o.id,
                name=o.name,
                world=o.world.value,
                public=o.world.is_public,
                articulation_point=i in articulation,
                cut_off=int(cuts.cut_off[i]),
                separated_cross_world_pairs=int(cuts.separated_cross_world_pairs[i]),
                between_worlds_share=round(float(share[i]), 6),
                dominant=dominant,
                reasons=reasons,
            )
        )
    return found[:top]
