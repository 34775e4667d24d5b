"""One root exception and its meaningful subclasses.

Callers catch :class:`MaillageError` for anything Maillage raises on purpose; the subclasses say
what went wrong in terms a user understands, never in a driver's terms.

>>> try:
...     raise NotFound("organisation", "siren:000000000")
... except MaillageError as error:
...     print(error)
organisation 'siren:000000000' not found
"""

from __future__ import annotations

from pydantic import ValidationError


class MaillageError(Exception):
    """Root of every error Maillage raises on purpose."""


class InvalidInput(MaillageError):
    """The user gave something that cannot be used (a bad file, code or argument)."""

    @classmethod
    def from_validation(cls, error: ValidationError) -> InvalidInput:
        """The reasons pydantic found, in one message (:func:`validation_reasons`)."""
        return cls(validation_reasons(error))


class NotFound(MaillageError):
    """An entity asked for by id or code does not exist."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind = kind
        self.key = key


class DownloadFailed(MaillageError):
    """A published file cannot be downloaded (no network, server down); running again resumes."""


class RendererUnavailable(MaillageError):
    """A document cannot be rendered on this machine (no Chromium for a PDF): the page still can."""


class StoreError(MaillageError):
    """Something went wrong inside a store; the subclasses say what."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened (server down, file locked by another process)."""


class ConstraintViolation(StoreError):
    """A write broke a uniqueness or existence rule of the store."""


class QueryInvalid(StoreError):
    """A query was rejected by the database: this is a bug in Maillage, not in the user's input."""


def validation_reasons(error: ValidationError) -> str:
    """The reasons pydantic found, joined in one message without its ``Value error,`` prefixes:
    what an import reports for a rejected row and an answer for a refused input."""
    return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
