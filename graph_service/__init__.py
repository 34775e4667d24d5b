"""Maillage: a graph database of French territorial ecosystems.

The package is layered so that a newcomer can find every feature by its folder:

- ``model``: the domain (pydantic models and enums);
- ``store``: the storage port and one adapter per backend;
- ``analysis``: graph analyses on projected subgraphs;
- ``api``: the FastAPI service;
- ``cli``: the ``maillage`` command.
"""

__version__ = "0.1.0"
