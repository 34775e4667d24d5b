"""``Maillage(url, token=None)``: the API from Python, answers as pandas DataFrames, networkx graphs
or the service's own pydantic models.

Lists are read whole (paging handled); the ecosystem comes as the bipartite graph of the GraphML
export, each organisation annotated with its community, verdict and centralities, and
:meth:`Maillage.projection` projects it with the server's own function and parameters, so that
centralities computed on it are the API's. Every DataFrame carries its answer's provenance in
``frame.attrs`` (``snapshot``: the data it was computed on; ``method`` for analyses), and
``client.last`` is the last answer. Errors are :mod:`graph_service.client.errors`; 503 and 429 are
retried with backoff first.

>>> client = Maillage("http://127.0.0.1:8000/api/v1")
>>> str(client.http.base_url), client.session.prefix
('http://127.0.0.1:8000', '/api/v1')
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import networkx as nx
import pandas as pd

from graph_service.analysis.any_graph import projected, projection_graph
from graph_service.analysis.reports import (
    BrokerageReport,
    CentralityReport,
    CommunitiesReport,
    CompareReport,
    IntroductionsReport,
    MixingReport,
    Report,
)
from graph_service.client.session import Answer, ApiSession
from graph_service.model import Organisation, Subgraph, TerritoryDetail

if TYPE_CHECKING:
    from graph_service.analysis.comparison import ComparisonReport

API_PREFIX = "/api/v1"
PAGE_SIZE = 500
ReportT = TypeVar("ReportT", bound=Report)


def query(options: dict[str, Any]) -> dict[str, Any]:
    """Keyword options as query parameters: ``from_`` is ``from``, dates are ISO, ``None`` left out.

    >>> query({"from_": date(2020, 1, 1), "mode": None, "seed": 3})
    {'from': '2020-01-01', 'seed': 3}
    """
    return {
        key.rstrip("_"): value.isoformat() if isinstance(value, date) else value
        for key, value in options.items()
        if value is not None
    }


def _frame(rows: list[dict[str, Any]], answer: Answer, **attrs: Any) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.attrs.update(snapshot=answer.snapshot, provenance=answer.provenance, **attrs)
    return frame


class Maillage:
    """A Maillage server's API. ``token`` is needed for writes, and for reads on a closed server."""

    def __init__(
        self,
        url: str = "http://127.0.0.1:8000",
        token: str | None = None,
        *,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 0.5,
        http: httpx.Client | None = None,
    ) -> None:
        root = url.rstrip("/").removesuffix(API_PREFIX)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # A given client (a test's TestClient, one with a proxy) keeps its transport and address.
        self.http = http or httpx.Client(base_url=root, timeout=timeout)
        self.session = ApiSession(self.http, prefix=API_PREFIX, retries=retries, backoff=backoff)
        self.session.headers = headers

    def __enter__(self) -> Maillage:
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    @property
    def last(self) -> Answer | None:
        """The last answer: its data and provenance (backend, snapshot, parameters)."""
        return self.session.last

    # -- territories and organisations ---------------------------------------------------------------
    def territory(self, code: str) -> TerritoryDetail:
        """A territory (INSEE code or key: ``38``, ``epci:200040715``), its ancestors, children and
        organisations by world."""
        return TerritoryDetail.model_validate(self.session.get(f"territories/{code}").data)

    def territories(self, q: str, *, level: str | None = None, limit: int = 50) -> pd.DataFrame:
        """Territories whose name matches ``q``."""
        answer = self.session.get("territories", query({"q": q, "level": level, "limit": limit}))
        return _frame(answer.data["items"], answer)

    def organisation(self, organisation_id: str) -> Organisation:
        return Organisation.model_validate(self.session.get(f"organisations/{organisation_id}").data)

    def search(
        self, q: str = "", *, world: str | None = None, territory: str | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """Organisations whose name matches ``q`` (every page, or the first ``limit``)."""
        return self._pages("organisations", {"q": q, "world": world, "territory": territory}, limit)

    def organisations(self, territory: str, *, world: str | None = None) -> pd.DataFrame:
        """Every organisation located inside ``territory``, at any level."""
        return self._pages(f"territories/{territory}/organisations", {"world": world}, None)

    def alliances(self, organisation_id: str) -> pd.DataFrame:
        """The alliances of an organisation, one row each."""
        answer = self.session.get(f"organisations/{organisation_id}/alliances")
        return _frame(answer.data, answer)

    def _pages(self, path: str, params: dict[str, Any], limit: int | None) -> pd.DataFrame:
        rows: list[dict[str, Any]] = []
        first: Answer | None = None
        while limit is None or len(rows) < limit:
            size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - len(rows))
            answer = self.session.get(path, query({**params, "limit": size, "offset": len(rows)}))
            first = first or answer
            rows += answer.data["items"]
            if not answer.data["items"] or len(rows) >= answer.data["total"]:
                break
        return _frame(rows, first or Answer([]))

    # -- graphs --------------------------------------------------------------------------------------
    def subgraph(self, code: str, **filters: Any) -> Subgraph:
        """The ecosystem as the service's model: organisations, alliances, memberships."""
        return Subgraph.model_validate(self.session.get(f"territories/{code}/ecosystem", query(filters)).data)

    def ecosystem(self, code: str, **filters: Any) -> nx.Graph:
        """The bipartite organisations–alliances graph of a territory (the GraphML export): node
        ids ``organisation:…`` and ``alliance:…``, organisations with their community, verdict,
        centralities and sub-territory (``area``); the graph names its territory, snapshot and how
        the server projects it."""
        params = query({**filters, "format": "graphml"})
        response = self.session.response("GET", f"territories/{code}/ecosystem", params=params)
        graph = nx.read_graphml(io.BytesIO(response.content))
        self.session.last = Answer(graph, {"snapshot": graph.graph.get("snapshot"), "parameters": params})
        return graph

    def projection(self, code: str, **filters: Any) -> nx.Graph:
        """The organisation–organisation graph the analyses read, keyed by organisation id, tied by
        ``weight``: projected from :meth:`ecosystem` by the server's own function, with its network
        cap, so that a centrality computed on it is the API's."""
        ecosystem = self.ecosystem(code, **filters)
        graph = projection_graph(projected(ecosystem))
        graph.graph.update(ecosystem.graph)
        return graph

    def paths(self, source: str, target: str, *, max_hops: int = 4, limit: int = 10) -> pd.DataFrame:
        """The shortest chains of alliances between two organisations: one row per step."""
        params = {"from": source, "to": target, "max_hops": max_hops, "limit": limit}
        answer = self.session.get("paths", params)
        rows = [
            {
                "path": k,
                "step": s,
                "from": path["start"]["name"] if s == 0 else path["steps"][s - 1]["to"]["name"],
                "alliance": step["alliance"]["name"],
                "to": step["to"]["name"],
                "to_id": step["to"]["id"],
            }
            for k, path in enumerate(answer.data)
            for s, step in enumerate(path["steps"])
        ]
        return _frame(rows, answer)

    # -- analyses ------------------------------------------------------------------------------------
    def report(self, model: type[ReportT], code: str, question: str, **params: Any) -> ReportT:
        """An analysis answer as the service's pydantic model (``CommunitiesReport``…)."""
        answer = self.session.get(f"territories/{code}/analysis/{question}", query(params))
        return model.model_validate(answer.data)

    def _table(self, model: type[Report], code: str, question: str, **params: Any) -> pd.DataFrame:
        report = self.report(model, code, question, **params)
        answer = self.session.last or Answer(None)
        return _frame(report.table(), answer, method=report.method.model_dump(mode="json"))

    def communities(self, code: str, **options: Any) -> pd.DataFrame:
        """One row per organisation: its community, the community's card and verdict."""
        return self._table(CommunitiesReport, code, "communities", **options)

    def cards(self, code: str, **options: Any) -> pd.DataFrame:
        """One row per community with a closure card: size, closure measures, verdict, sentence."""
        report = self.report(CommunitiesReport, code, "communities", **options)
        rows = [card.model_dump(mode="json", exclude={"criteria"}) for card in report.cards]
        return _frame(rows, self.session.last or Answer(None), method=report.method.model_dump(mode="json"))

    def centrality(
        self, code: str, *, metric: str = "pagerank", top: int = 1000, exact: bool = False, **options: Any
    ) -> pd.DataFrame:
        """The ``top`` organisations by ``metric``, every centrality beside it."""
        return self._table(
            CentralityReport, code, "centrality", metric=metric, top=top, exact=exact, **options
        )

    def brokerage(self, code: str, *, top: int = 50, **options: Any) -> pd.DataFrame:
        """Brokers: Gould–Fernandez roles, constraint, participation, pass-through points."""
        return self._table(BrokerageReport, code, "brokerage", top=top, **options)

    def mixing(self, code: str, **options: Any) -> pd.DataFrame:
        """Ties between worlds: one row per pair of worlds."""
        return self._table(MixingReport, code, "mixing", **options)

    def introductions(self, code: str, *, limit: int = 20, **options: Any) -> pd.DataFrame:
        """Pairs of organisations to introduce, best first."""
        return self._table(IntroductionsReport, code, "introductions", limit=limit, **options)

    def compare(self, code: str, before: date | str, after: date | str, **options: Any) -> pd.DataFrame:
        """Communities followed from ``before`` to ``after``: matched, opened, closed."""
        return self._table(CompareReport, code, "compare", before=before, after=after, **options)

    def comparison(self, code: str, **options: Any) -> pd.DataFrame:
        """The children of a territory side by side (the EPCI of a département…)."""
        from graph_service.analysis.comparison import ComparisonReport

        answer = self.session.get(f"territories/{code}/comparison", query(options))
        report: ComparisonReport = ComparisonReport.model_validate(answer.data)
        return _frame(report.table(), answer)
