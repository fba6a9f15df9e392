"""The JSON API under /api, by area: scenarios and versions, plans, exports."""

from __future__ import annotations

from fastapi import APIRouter

from . import exports, plans, scenarios

API_URL = "/api"


def api_router() -> APIRouter:
    """Every API route, under /api."""
    router = APIRouter(prefix=API_URL)
    for area in (scenarios, plans, exports):
        router.include_router(area.router)
    return router
