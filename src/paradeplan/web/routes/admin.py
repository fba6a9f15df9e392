"""Who is asking (`/api/me`) and what has changed (`/api/audit`, for admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ..auth import IdentityDep
from ..storage import MAX_ID
from ..workspace import WorkspaceDep

router = APIRouter()

Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many rows.")]
Before = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only rows older than this id (the next page).")]


class Me(BaseModel):
    name: str
    role: str
    local: bool  # local mode: no account exists, anyone on this computer may do anything


class AuditItem(BaseModel):
    id: int
    at: str  # ISO 8601, UTC
    actor: str
    address: str
    action: str
    subject: str


@router.get("/me", summary="The account the request comes from, and its role")
def me(who: IdentityDep) -> Me:
    return Me(name=who.name, role=who.role.value, local=who.local)


@router.get("/audit", summary="Every change, the newest first (admins)")
def audit(ws: WorkspaceDep, limit: Limit = 200, before: Before = None) -> list[AuditItem]:
    return [AuditItem(id=e.id, at=e.at.isoformat(), actor=e.actor, address=e.address, action=e.action,
                      subject=e.subject) for e in ws.storage.audit(limit=limit, before_id=before)]
