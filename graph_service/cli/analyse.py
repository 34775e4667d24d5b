"""``maillage analyse``: the ecosystem analyses for analysts, per territory or national, to files.

maillage analyse communities --territory 38 --out communautes.csv
maillage analyse centrality --territory 38 --metric betweenness --top 100 --out centralite.parquet
maillage analyse brokerage --territory 200040715 --out courtage.json
maillage analyse mixing --territory 38
maillage analyse introductions --territory 38 --limit 30 --out presentations.csv
maillage analyse compare --territory 38 --before 2018-01-01 --after 2024-01-01 --out evolution.csv
maillage analyse communities --national --out communautes-france.parquet
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.table import Table

from graph_service.analysis.analyser import NATIONAL, Analyser, AnalysisOptions
from graph_service.analysis.centrality import Metric
from graph_service.analysis.output import write_report
from graph_service.analysis.reports import CommunitiesReport, CompareReport, Report
from graph_service.cli.context import err, guarded, invocation, out, print_json, progress
from graph_service.errors import InvalidInput
from graph_service.model import AllianceMode
from graph_service.progress import TerminalProgress

SHOWN_ROWS = 40

Territory = Annotated[
    str | None, typer.Option("--territory", "-t", help="INSEE code or key: 38, epci:200040715")
]
National = Annotated[bool, typer.Option("--national", help="the whole country (shows progress)")]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="write to .csv, .parquet or .json")]
AsOf = Annotated[
    datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help="alliances running that day")
]
From = Annotated[datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="running on or after")]
To = Annotated[datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="started on or before")]
Modes = Annotated[list[AllianceMode] | None, typer.Option("--mode", help="alliance mode (repeatable)")]
Domains = Annotated[list[str] | None, typer.Option("--domain", help="alliance domain (repeatable)")]
External = Annotated[bool, typer.Option("--include-external", help="add partners located outside")]
OpenData = Annotated[bool, typer.Option("--include-open-data", help="count subsidies and procurement ties")]
Resolution = Annotated[
    float | None, typer.Option(help="modularity resolution (default grows with the graph)")
]
Seed = Annotated[int | None, typer.Option(help="random seed")]
Runs = Annotated[int | None, typer.Option(help="runs of the stability ensemble")]


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _options(
    as_of: datetime | None,
    start: datetime | None,
    end: datetime | None,
    modes: list[AllianceMode] | None,
    domains: list[str] | None,
    external: bool,
    open_data: bool,
    resolution: float | None,
    seed: int | None,
    runs: int | None,
) -> AnalysisOptions:
    try:
        return AnalysisOptions(
            as_of=_day(as_of),
            start=_day(start),
            end=_day(end),
            modes=modes or [],
            domains=domains or [],
            include_external=external,
            include_open_data=open_data,
            resolution=resolution,
            seed=seed,
            runs=runs,
        )
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from error


def _code(territory: str | None, national: bool) -> str:
    if national == bool(territory):
        raise InvalidInput("give either --territory CODE or --national")
    return NATIONAL if national else str(territory)


class Question(StrEnum):
    COMMUNITIES = "communities"
    CENTRALITY = "centrality"
    BROKERAGE = "brokerage"
    MIXING = "mixing"
    INTRODUCTIONS = "introductions"
    COMPARE = "compare"


def _deliver(report: Report, out_path: Path | None) -> None:
    if out_path is not None:
        written = write_report(report, out_path)
        err.print(f"{out_path}: {written} rows · {report.method.algorithm} · seed {report.method.seed}")
        return
    rows = report.table()
    if not rows:
        print_json(report.model_dump(mode="json"))
        return
    table = Table(title=f"{type(report).__name__.removesuffix('Report')} · {report.territory}")
    columns = list(rows[0])[:9]
    for column in columns:
        table.add_column(column)
    for row in rows[:SHOWN_ROWS]:
        table.add_row(*(str(row.get(c, "")) for c in columns))
    out.print(table)
    if len(rows) > SHOWN_ROWS:
        out.print(f"… {len(rows) - SHOWN_ROWS} more rows: --out writes them all")


def _summary(report: Report) -> str:
    if isinstance(report, CommunitiesReport):
        return (
            f"{report.organisations} organisations, {report.ties} ties, {report.communities} communities, "
            f"{len(report.concentrated)} concentrated, {report.isolated} isolated"
        )
    if isinstance(report, CompareReport):
        moved = f"{len(report.joined)} joined, {len(report.left)} left"
        return f"{moved}, {report.opened} opened, {report.closed} closed"
    return f"{len(report.table())} rows"


@guarded
def analyse(
    ctx: typer.Context,
    question: Annotated[Question, typer.Argument(help="which analysis")],
    territory: Territory = None,
    national: National = False,
    out_path: Out = None,
    as_of: AsOf = None,
    start: From = None,
    end: To = None,
    mode: Modes = None,
    domain: Domains = None,
    include_external: External = False,
    include_open_data: OpenData = False,
    resolution: Resolution = None,
    seed: Seed = None,
    runs: Runs = None,
    metric: Annotated[Metric, typer.Option(help="centrality: the ranking metric")] = Metric.PAGERANK,
    top: Annotated[int, typer.Option(min=1, help="centrality, brokerage: rows kept")] = 100,
    exact: Annotated[bool, typer.Option(help="centrality: exact betweenness and closeness")] = False,
    limit: Annotated[int, typer.Option(min=1, help="introductions: suggestions kept")] = 30,
    before: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="compare: first date")] = None,
    after: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="compare: second date")] = None,
) -> None:
    """Analyse a territory (--territory CODE) or the country (--national); --out writes CSV, Parquet or JSON.

    Examples: `maillage analyse communities --territory 38 --out communautes.csv`,
    `maillage analyse compare --territory 38 --before 2018-01-01 --after 2024-01-01`.
    """
    code = _code(territory, national)
    options = _options(
        as_of, start, end, mode, domain, include_external, include_open_data, resolution, seed, runs
    )
    call = invocation(ctx)
    with call.store(writable=False) as store:
        analyser = Analyser(store, call.settings(), TerminalProgress(err) if national else progress())
        report: Report
        if question is Question.COMMUNITIES:
            report = analyser.communities(code, options)
        elif question is Question.CENTRALITY:
            report = analyser.centrality(code, options, metric=metric, top=top, exact=exact)
        elif question is Question.BROKERAGE:
            report = analyser.brokerage(code, options, top=top)
        elif question is Question.MIXING:
            report = analyser.mixing(code, options)
        elif question is Question.INTRODUCTIONS:
            report = analyser.introductions(code, options, limit=limit)
        else:
            if before is None or after is None:
                raise InvalidInput("compare needs --before and --after dates")
            report = analyser.compare(code, before.date(), after.date(), options)
    err.print(f"{report.territory}: {_summary(report)}")
    _deliver(report, out_path)
