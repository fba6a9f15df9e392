"""Path and query parameters several routes and pages take.

Every id and version number is a `StoredNumber`: 1 to the largest integer the database holds.
A path id outside it names nothing (404, like any unknown id); a query number outside it is a
request the address does not take (422). Neither reaches the database.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval
from fastapi import Path, Query

from ..storage import MAX_ID

StoredNumber = Annotated[int, Interval(ge=1, le=MAX_ID)]

ScenarioId = Annotated[StoredNumber, Path(description="The scenario's id.")]
VersionNumber = Annotated[StoredNumber, Path(description="The version's number, 1 for the first.")]
VersionQuery = Annotated[StoredNumber | None, Query(description="Version number; the latest when left out.")]
FromQuery = Annotated[StoredNumber | None, Query(alias="from", description="The older version; by default the one "
                                                 "before `to`.")]
ToQuery = Annotated[StoredNumber | None, Query(alias="to", description="The newer version; by default the latest.")]
