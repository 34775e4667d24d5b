"""What a signed-in catalyst may change, checked on the server for every write route whatever the
page shows: the organisations located in the territories they animate (and below), and the
alliances with at least one such member (before and after the change). A token and an admin
change everything; a reader nothing (refused earlier, by :func:`~graph_service.api.auth.require_write`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import HTTPException

from graph_service.accounts import may_edit_in
from graph_service.api.auth import Writer
from graph_service.history import territories_of_communes
from graph_service.model import Organisation, User
from graph_service.store.port import Reads
from importers.native.edit_scope import NATIVE_KINDS_FOR_CATALYSTS


def may_edit_organisation(user: User, store: Reads, organisation: Organisation) -> bool:
    """Whether ``user`` may change ``organisation`` (it is located where they edit)."""
    return may_edit_in(user, territories_of_communes(store, [organisation.commune]))


def _editor(writer: Writer) -> User | None:
    """The user whose territories limit the write; None when nothing does (a token, an admin)."""
    user = writer.user
    return None if user is None or user.role.may_edit_everywhere else user


def _refuse(user: User, what: str) -> HTTPException:
    territories = ", ".join(user.territories) or "none"
    return HTTPException(403, f"{what} the territories {user.email} animates ({territories})")


def check_organisation(
    writer: Writer, store: Reads, organisation_id: str, replacement: Organisation | None = None
) -> None:
    """403 unless the writer may change the organisation as it is and as it would become."""
    user = _editor(writer)
    if user is None:
        return
    touched = [*store.get_organisations([organisation_id]), *([replacement] if replacement else [])]
    if not all(may_edit_organisation(user, store, organisation) for organisation in touched):
        raise _refuse(user, f"organisation {organisation_id} is not located in")


def check_alliance(writer: Writer, store: Reads, alliance_id: str, new_members: Iterable[str] | None) -> None:
    """403 unless the alliance, as it is (if it exists) and with ``new_members`` (if given), has
    at least one member the writer may change."""
    user = _editor(writer)
    if user is None:
        return
    groups = list(store.alliance_member_ids([alliance_id]).values())
    if new_members is not None:
        groups.append(set(new_members))
    members = store.get_organisations(sorted(set().union(*groups))) if groups else []
    editable = {o.id for o in members if may_edit_organisation(user, store, o)}
    if not all(group & editable for group in groups):
        raise _refuse(user, f"alliance {alliance_id} has no member located in")


@dataclass(frozen=True)
class CatalystImportScope:
    """A catalyst's import from the pages: the rows within their reach, as their forms allow
    (:class:`importers.native.edit_scope.EditScope`)."""

    user: User
    store: Reads

    def _outside(self) -> str:
        territories = ", ".join(self.user.territories) or "none"
        return f"outside the territories {self.user.email} animates ({territories})"

    def organisation_refusal(self, organisation: Organisation) -> str | None:
        stored = self.store.get_organisations([organisation.id])
        for where in [organisation, *stored]:
            if not may_edit_organisation(self.user, self.store, where):
                return f"{where.id} in {where.commune or 'no commune'}: {self._outside()}"
        return None

    def alliance_refusal(self, member_ids: set[str]) -> str | None:
        members = self.store.get_organisations(sorted(member_ids))
        if any(may_edit_organisation(self.user, self.store, member) for member in members):
            return None
        return f"no member of the alliance is located in the territories: {self._outside()}"

    def kind_refusal(self, kind: str) -> str | None:
        if kind in NATIVE_KINDS_FOR_CATALYSTS:
            return None
        return f"{kind}: an admin imports these; a catalyst imports organisations, alliances and members"
