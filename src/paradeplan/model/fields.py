"""Field types shared by the scenario models."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from .limits import DIRECTION

Id = Annotated[
    str,
    Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Unique id: lower-case letters, digits and '-'."),
]
CatalogueKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Key in the package catalogue.")]
PointName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
TimeOfDay = Annotated[
    str,
    Field(
        pattern=r"^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$",
        description="Local time of day in the scenario's time zone, HH:MM[:SS[.sss]] (at most 3 decimals).",
        examples=["10:05:00"],
    ),
]
Degrees = Annotated[float, DIRECTION]


class Model(BaseModel):
    """Base of every scenario model: unknown keys are errors, values never change after loading.

    Every number is finite: NaN and infinity are refused wherever a float is, in tuples and lists too.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def seconds_of_day(time_of_day: str) -> float:
    """'10:05:30.5' -> 36330.5 seconds after local midnight."""
    parts = time_of_day.split(":")
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = float(parts[2]) if len(parts) > 2 else 0.0
    return hours * 3600 + minutes * 60 + seconds
