"""Public procurement (DECP) into ``CONTRACTS_WITH`` ties (:mod:`~importers.contracts.run`)."""

from importers.contracts.run import import_contracts

__all__ = ["import_contracts"]
