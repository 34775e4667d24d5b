"""The RNA (Répertoire national des associations, ``rna_waldec`` export) into associations
(:mod:`~importers.rna.run`)."""

from importers.rna.run import import_rna

__all__ = ["import_rna"]
