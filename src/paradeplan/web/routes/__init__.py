"""The JSON API under /api, by area: scenarios and versions, plans, the fit, exports, who is asking and the audit.

Every route asks web/auth.py whether the request's account may do what it does."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ..auth import authorize
from ..live import routes as live
from . import admin, exports, fitting, plans, scenarios

API_URL = "/api"


def api_router() -> APIRouter:
    """Every API route, under /api."""
    router = APIRouter(prefix=API_URL, dependencies=[Depends(authorize)])
    for area in (scenarios, plans, fitting, exports, admin, live):
        router.include_router(area.router)
    return router
