"""Where an import may write. The command line, a token and an admin write everywhere (no scope);
a catalyst importing from the pages writes the organisations located in the territories they
animate and the alliances with at least one such member, as their forms do: the other rows are
rejects, each with its line and the reason, and the rest is loaded.

>>> class OnlyGrenoble:
...     def organisation_refusal(self, organisation):
...         return None if organisation.commune == "38185" else "not here"
...     def alliance_refusal(self, member_ids):
...         return None if "t:a" in member_ids else "no member here"
...     def kind_refusal(self, kind):
...         return None if kind in NATIVE_KINDS_FOR_CATALYSTS else f"{kind}: admin"
>>> scope: EditScope = OnlyGrenoble()
>>> scope.kind_refusal("catalysts")
'catalysts: admin'
"""

from __future__ import annotations

from typing import Protocol

from graph_service.model import Organisation

NATIVE_KINDS_FOR_CATALYSTS = frozenset({"organisations", "alliances", "members"})
"""The native files a catalyst imports; territories and catalyst profiles are an admin's."""


class EditScope(Protocol):
    """What an import may change; each method gives the reason a row is refused, or None."""

    def organisation_refusal(self, organisation: Organisation) -> str | None:
        """Why this organisation (as the file gives it, and as stored if it is) is out of reach."""

    def alliance_refusal(self, member_ids: set[str]) -> str | None:
        """Why an alliance with these members (stored and in the file) is out of reach."""

    def kind_refusal(self, kind: str) -> str | None:
        """Why a whole kind of file (a native kind, or an open-data source) is out of reach."""
