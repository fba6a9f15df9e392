"""Query parameters several routes and pages take."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

VersionQuery = Annotated[int | None, Query(ge=1, description="Version number; the latest when left out.")]
FromQuery = Annotated[int | None, Query(alias="from", ge=1, description="The older version; by default the one "
                                        "before `to`.")]
ToQuery = Annotated[int | None, Query(alias="to", ge=1, description="The newer version; by default the latest.")]
