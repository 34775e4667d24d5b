"""The ``maillage`` command line: :mod:`~graph_service.cli.app` gathers the commands,
:mod:`~graph_service.cli.context` holds what they share."""

from graph_service.cli.app import app, main

__all__ = ["app", "main"]
