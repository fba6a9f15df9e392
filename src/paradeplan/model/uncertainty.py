"""The scenario's uncertainty model: how far reality strays from the plan, for `paradeplan rehearse`.

Every spread is the standard deviation of a normal draw around the planned value; docs/rehearsal.md
gives the reasoning behind each default. All defaults are estimates, not measured figures.
"""

from __future__ import annotations

from pydantic import Field

from .fields import Model


class Uncertainty(Model):
    """Spreads drawn independently in every rehearsal run (the wind once a run, shared by all formations)."""

    step_off_sd_s: float = Field(
        5.0, ge=0, le=3600,
        description="Spread of each ground element's step-off from its planned time at the point where it joins, s.",
    )
    cadence_sd_spm: float = Field(
        1.0, ge=0, le=100,
        description="Spread of each marching block's cadence, paces a minute; held for the whole march.",
    )
    vehicle_speed_sd_kmh: float = Field(
        0.3, ge=0, le=50,
        description="Spread of each vehicle column's speed around its planned speed, km/h; held for the whole drive.",
    )
    wind_speed_sd_kt: float = Field(
        5.0, ge=0, le=100, description="Spread of the wind speed at flypast altitude around the scenario's wind, kt."
    )
    wind_direction_sd_deg: float = Field(
        20.0, ge=0, le=180, description="Spread of the direction the wind blows from around the scenario's, degrees."
    )
    hold_exit_sd_s: float = Field(
        5.0, ge=0, le=600,
        description="Spread of each formation's hold exit (without a hold: its IP time) around the plan, s.",
    )
