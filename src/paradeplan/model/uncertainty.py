"""The scenario's uncertainty model: how far reality strays from the plan, for `paradeplan rehearse`.

Every spread is the standard deviation of a normal draw around the planned value; docs/rehearsal.md
gives the reasoning behind each default. All defaults are estimates, not measured figures.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from . import limits as lim
from .fields import Model


class Uncertainty(Model):
    """Spreads drawn independently in every rehearsal run (the wind once a run, shared by all formations)."""

    step_off_sd_s: Annotated[float, lim.STEP_OFF_SD] = Field(
        5.0,
        description="Spread of each ground element's step-off from its planned time at the point where it joins, s.",
    )
    cadence_sd_spm: Annotated[float, lim.CADENCE_SD] = Field(
        1.0,
        description="Spread of each marching block's cadence, paces a minute; held for the whole march.",
    )
    vehicle_speed_sd_kmh: Annotated[float, lim.VEHICLE_SPEED_SD] = Field(
        0.3,
        description="Spread of each vehicle column's speed around its planned speed, km/h; held for the whole drive.",
    )
    wind_speed_sd_kt: Annotated[float, lim.WIND_SPEED_SD] = Field(
        5.0, description="Spread of the wind speed at flypast altitude around the scenario's wind, kt."
    )
    wind_direction_sd_deg: Annotated[float, lim.WIND_DIRECTION_SD] = Field(
        20.0, description="Spread of the direction the wind blows from around the scenario's, degrees."
    )
    hold_exit_sd_s: Annotated[float, lim.HOLD_EXIT_SD] = Field(
        5.0,
        description="Spread of each formation's hold exit (without a hold: its IP time) around the plan, s.",
    )
