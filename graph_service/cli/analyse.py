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

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graph_service.analysis.metric import Metric
from graph_service.analysis.options import NATIONAL, AnalysisOptions
from graph_service.cli.context import err, guarded, invocation, out, print_json, progress
from graph_service.cli.options import model_options
from graph_service.cli.report_views import summary_of, view_of
from graph_service.cli.terminal import print_table, say, table
from graph_service.errors import InvalidInput
from graph_service.progress import TerminalProgress

if TYPE_CHECKING:
    from graph_service.analysis.reports import Report

SHOWN_ROWS = 40

TerritoryOption = Annotated[
    str | None, typer.Option("--territory", "-t", help="INSEE code or key: 38, epci:200040715")
]
NationalOption = Annotated[bool, typer.Option("--national", help="the whole country (shows progress)")]
SHOWN_TOP = 100
ALL_ROWS = 2**31 - 1
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="write to .csv, .parquet or .json")]


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


def _deliver(report: Report, out_path: Path | None, *, as_json: bool, wide: bool) -> None:
    if out_path is not None:
        from graph_service.analysis.output import write_report  # pyarrow: at use

        written = write_report(report, out_path)
        err.print(f"{out_path}: {written} rows · {report.method.algorithm} · seed {report.method.seed}")
        return
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    view = view_of(report)
    if not view.rows:
        print_json(report.model_dump(mode="json"))
        return
    title = f"{say('analysis.' + type(report).__name__)} · {report.territory}"
    print_table(out, table(title, view.columns, view.rows[:SHOWN_ROWS], numeric=view.numeric), wide=wide)
    if len(view.rows) > SHOWN_ROWS:
        out.print(say("cli.more_rows", count=len(view.rows) - SHOWN_ROWS))


@guarded
@model_options(AnalysisOptions)
def analyse(
    ctx: typer.Context,
    question: Annotated[Question, typer.Argument(help="which analysis")],
    options: AnalysisOptions,
    territory: TerritoryOption = None,
    national: NationalOption = False,
    out_path: OutOption = None,
    metric: Annotated[Metric, typer.Option(help="centrality: the ranking metric")] = Metric.PAGERANK,
    top: Annotated[
        int | None,
        typer.Option(
            min=1, help=f"centrality, brokerage: rows kept (every one with --out, else {SHOWN_TOP})"
        ),
    ] = None,
    exact: Annotated[bool, typer.Option(help="centrality: exact betweenness and closeness")] = False,
    limit: Annotated[int, typer.Option(min=1, help="introductions: suggestions kept")] = 30,
    before: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="compare: first date")] = None,
    after: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="compare: second date")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="the whole report as JSON")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="each row on one line, however long")] = False,
) -> None:
    """Analyse a territory (--territory CODE) or the country (--national); --out writes CSV, Parquet or JSON.

    Examples: `maillage analyse communities --territory 38 --out communautes.csv`,
    `maillage analyse compare --territory 38 --before 2018-01-01 --after 2024-01-01`.
    """
    code = _code(territory, national)
    if top is None:
        # A file is for a spreadsheet or Gephi: every organisation; the terminal shows the first.
        top = ALL_ROWS if out_path is not None else SHOWN_TOP
    from graph_service.analysis.analyser import Analyser  # the graph libraries: at use, not at start

    call = invocation(ctx)
    with call.store(writable=False) as store:
        analyser = Analyser(
            store, call.settings().analysis, TerminalProgress(err) if national else progress()
        )
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
    err.print(f"{report.territory}: {summary_of(report)}", soft_wrap=True)
    _deliver(report, out_path, as_json=as_json, wide=wide)
