"""The communities of an analysed territory as the API answers them: the partition, the cards and
their verdicts, how stable each membership is, and the network alliances set aside.

>>> from graph_service.analysis.reports import CommunitiesReport
>>> sorted(CommunitiesReport.model_fields)[:4]
['cards', 'communities', 'concentrated', 'isolated']
"""

from __future__ import annotations

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.closure import LOCAL_AND_CLOSED, UNCERTAIN
from graph_service.analysis.reports import CommunitiesReport, Method, NetworkAlliance, UncertainMembership


def communities_report(base: AnalysedTerritory, method: Method, rule: str) -> CommunitiesReport:
    """The communities of ``base``, found with ``method``, judged by ``rule`` (in words)."""
    graph, partition = base.graph, base.partition
    return CommunitiesReport(
        territory=base.territory,
        method=method,
        organisations=graph.node_count,
        ties=graph.edge_count,
        isolated=int(graph.isolated().size),
        modularity=round(partition.modularity, 6),
        resolution=partition.resolution,
        communities=len(base.cards),
        concentrated=[card.community for card in base.cards if card.concentrated],
        uncertain=[card.community for card in base.cards if card.verdict == UNCERTAIN],
        local_and_closed=[card.community for card in base.cards if card.verdict == LOCAL_AND_CLOSED],
        rule=rule,
        cards=base.cards,
        membership=dict(zip(graph.ids, partition.membership.tolist(), strict=True)),
        stability={i: round(float(s), 4) for i, s in zip(graph.ids, partition.stability, strict=True)},
        uncertain_pairs=[
            UncertainMembership(a=graph.ids[p.a], b=graph.ids[p.b], together=round(p.together, 4))
            for p in partition.uncertain_pairs
        ],
        networks=NetworkAlliance.of(graph),
    )
