"""``/tokens``: an admin creates, lists and revokes API tokens while the server runs.

Every request looks its token up in the store, so a revocation or an expiry takes effect on the
very next request. The secret is shown once, in the answer to its creation.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from graph_service.api.auth import require_admin
from graph_service.api.dependencies import StoreDep
from graph_service.api.envelope import Envelope, provenance
from graph_service.model import ApiToken, TokenScope
from graph_service.model.text import CleanTextModel
from graph_service.tokens import issue_token

router = APIRouter(prefix="/tokens", tags=["tokens"], dependencies=[Depends(require_admin)])
TokenId = Annotated[str, Path(pattern=r"^[0-9a-f]{1,64}$", examples=["3f2a9c1d"])]


class TokenRequest(CleanTextModel):
    """A token to create: who it is for, what it may do, and for how long."""

    name: str = Field(min_length=1, max_length=200, examples=["équipe de recherche"])
    scope: TokenScope = TokenScope.WRITE
    valid_days: float | None = Field(
        default=None, gt=0, le=3650, description="expires this many days after creation (default: never)"
    )


class IssuedToken(BaseModel):
    """The new token's record and its secret, which is never shown again."""

    token: ApiToken
    secret: str


@router.post("", status_code=201, summary="Create a token (admin)")
def create_token(store: StoreDep, wanted: TokenRequest) -> Envelope[IssuedToken]:
    token, secret = issue_token(store, wanted.name, wanted.scope, valid_days=wanted.valid_days)
    return Envelope(data=IssuedToken(token=token, secret=secret), provenance=provenance(store))


@router.get("", summary="List tokens, never their secrets (admin)")
def list_tokens(store: StoreDep) -> Envelope[list[ApiToken]]:
    return Envelope(data=store.list_tokens(), provenance=provenance(store))


@router.delete("/{token_id}", status_code=204, summary="Revoke a token at once (admin)")
def revoke_token(store: StoreDep, token_id: TokenId) -> None:
    store.revoke_token(token_id)
