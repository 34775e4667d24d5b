"""The native import format: CSV or JSON Lines files that catalysts and researchers fill by hand.

See the README's "Data formats" section for every column; :func:`import_native` runs an import.
"""

from importers.native.run import import_native

__all__ = ["import_native"]
