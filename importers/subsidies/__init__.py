"""Subsidy files into ``FUNDS`` ties: reading (:mod:`~importers.subsidies.columns`,
:mod:`~importers.pipeline.values`), identity (:mod:`~importers.subsidies.identity`) and the run."""

from importers.subsidies.run import import_subsidies

__all__ = ["import_subsidies"]
