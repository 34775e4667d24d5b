"""INSEE SIRENE stock files into organisations, streamed through DuckDB (:mod:`~importers.sirene.run`),
their world from the legal category (:mod:`~importers.sirene.legal_categories`)."""

from importers.sirene.run import import_sirene

__all__ = ["import_sirene"]
