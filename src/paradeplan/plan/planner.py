"""The planner: a pure function from a validated scenario to a plan with its findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ..load.catalogue import aircraft_types, vehicle_types
from ..model.air import Wind
from ..model.catalogue import AircraftType, VehicleType
from ..model.fields import seconds_of_day
from ..model.scenario import GroundElement, InlineVehicle, MarchingBlock, Scenario, VehicleColumn
from .air import FormationPlan, time_formations
from .air_checks import check_air, unplanned_findings
from .findings import Finding
from .ground import (
    ElementShape,
    GroundPlan,
    MarchTimes,
    SpeedField,
    head_times_at_anchor,
    march_times,
    marching_shape,
    vehicle_shape,
)
from .ground_checks import (
    drill_findings,
    duplicate_id_findings,
    gap_findings,
    long_gap_findings,
    point_findings,
    speed_findings,
    width_findings,
)
from .route import RouteGeometry


@dataclass(frozen=True)
class ParadeSummary:
    """Head counts, and the parade's span at the anchor and over the whole route (None with no ground element)."""

    elements: int
    personnel: int  # marching, riding and playing
    crew: int  # on board the vehicles
    vehicles: int
    aircraft: int
    first_at_anchor_s: float | None
    last_clear_of_anchor_s: float | None
    step_off_s: float | None  # the first head to move
    completion_s: float | None  # the last tail clear of its leave point
    errors: int
    warnings: int


@dataclass(frozen=True)
class TrajectoryPoint:
    """Where a ground element's head and tail pass one distance along the route."""

    at_m: float
    head_s: float
    tail_s: float


@dataclass(frozen=True)
class Plan:
    """A scenario's march table, air timings and findings, all times in seconds after local midnight."""

    scenario: Scenario
    geometry: RouteGeometry
    ground: list[GroundPlan]
    march: MarchTimes
    findings: list[Finding]
    air: list[FormationPlan] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.scenario.timing.anchor

    @property
    def tribune(self) -> str:
        """The point the flypast is timed to: air.tribune, else the anchor."""
        air = self.scenario.air
        return air.tribune if air is not None and air.tribune else self.anchor

    @property
    def wind(self) -> Wind:
        """The wind at flypast altitude (calm without an air segment)."""
        air = self.scenario.air
        return air.wind if air is not None else Wind()

    @property
    def points(self) -> list[str]:
        """Named points in route order."""
        return [p.name for p in self.geometry.points_in_order()]

    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def summary(self) -> ParadeSummary:
        """Head counts and the parade's span at the anchor and over the whole route."""
        ground = self.ground
        at_anchor = [g.times[self.anchor] for g in ground if self.anchor in g.times]
        return ParadeSummary(
            elements=len(ground),
            personnel=sum(g.shape.personnel for g in ground if g.element.kind != "vehicle"),
            crew=sum(g.shape.personnel for g in ground if g.element.kind == "vehicle"),
            vehicles=sum(g.shape.vehicles for g in ground),
            aircraft=sum(a.count for a in self.air),
            first_at_anchor_s=min((h for h, _ in at_anchor), default=None),
            last_clear_of_anchor_s=max((t for _, t in at_anchor), default=None),
            step_off_s=min((min(h for h, _ in g.times.values()) for g in ground if g.times), default=None),
            completion_s=max((max(t for _, t in g.times.values()) for g in ground if g.times), default=None),
            errors=sum(f.severity == "error" for f in self.findings),
            warnings=sum(f.severity == "warning" for f in self.findings),
        )

    def trajectory(self, element: GroundPlan) -> list[TrajectoryPoint]:
        """Head and tail times from where the element joins to where it leaves, at every named point and every
        place its speed changes: between two entries both move at one speed, so interpolating them is exact."""
        xs = self.march.xs_m
        named = [p.at_m for p in self.geometry.points.values()]
        at_m = np.concatenate([[element.enters_m, element.leaves_m], xs, named])
        at_m = np.unique(at_m[(at_m >= element.enters_m - 1e-6) & (at_m <= element.leaves_m + 1e-6)])
        head = self.march.head_at(element.row, at_m)
        pass_s = float(self.march.pass_time_s[element.row])
        return [TrajectoryPoint(float(x), float(h), float(h) + pass_s) for x, h in zip(at_m, head, strict=True)]


def make_plan(
    scenario: Scenario,
    *,
    vehicles: dict[str, VehicleType] | None = None,
    aircraft: dict[str, AircraftType] | None = None,
) -> Plan:
    """Plan a scenario: ground march table, air segment and every check."""
    if vehicles is None:
        vehicles = catalogue_vehicles(scenario.ground)
    geometry = RouteGeometry(scenario.route)
    findings = point_findings(geometry, scenario.route.snap_tolerance_m)
    ids = [(e.id, f"ground[{i}].id") for i, e in enumerate(scenario.ground)]
    if scenario.air is not None:
        ids += [(f.id, f"air.formations[{i}].id") for i, f in enumerate(scenario.air.formations)]
    findings += duplicate_id_findings(ids)

    ground, march, ground_findings = _plan_ground(scenario, geometry, vehicles)
    findings += ground_findings
    air: list[FormationPlan] = []
    if scenario.air is not None:
        tribune = scenario.air.tribune or scenario.timing.anchor
        timing = time_formations(scenario.air, geometry, tribune, aircraft_types() if aircraft is None else aircraft)
        air = timing.formations
        findings += unplanned_findings(scenario.air, timing.chain, timing.skipped, air, {g.id for g in ground})
        findings += check_air(air, scenario.air, ground, tribune)
    return Plan(scenario, geometry, ground, march, findings, air)


def catalogue_vehicles(elements: Iterable[GroundElement]) -> dict[str, VehicleType]:
    """The vehicle catalogue when an element names a type by key; empty otherwise, so no file is read."""
    named = any(isinstance(e, VehicleColumn) and isinstance(e.vehicle, str) for e in elements)
    return vehicle_types() if named else {}


def _plan_ground(
    scenario: Scenario, geometry: RouteGeometry, vehicles: dict[str, VehicleType]
) -> tuple[list[GroundPlan], MarchTimes, list[Finding]]:
    findings: list[Finding] = []
    ordered = geometry.points_in_order()
    first_m, last_m = ordered[0].at_m, ordered[-1].at_m
    anchor_m = geometry.points[scenario.timing.anchor].at_m

    kept: list[tuple[int, GroundElement, ElementShape, float, float]] = []
    for index, element in enumerate(scenario.ground):
        shape = _shape(element, vehicles)
        if shape is None:
            assert isinstance(element, VehicleColumn)  # only a vehicle type can be missing
            findings.append(Finding("error", "unknown-vehicle",
                f"'{element.id}' names vehicle type '{element.vehicle}', which is not in the catalogue "
                "(give a catalogue key or an inline {length_m, width_m}).",
                (element.id,), path=f"ground[{index}].vehicle"))
            continue
        enters_m = geometry.points[element.enters_at].at_m if element.enters_at else first_m
        leaves_m = geometry.points[element.leaves_at].at_m if element.leaves_at else last_m
        if leaves_m <= enters_m:
            findings.append(Finding("error", "enters-after-leaves",
                f"'{element.id}' joins at {enters_m:,.0f} m but leaves at {leaves_m:,.0f} m: "
                "enters_at must come before leaves_at along the route.",
                (element.id,), path=f"ground[{index}].leaves_at"))
            continue
        kept.append((index, element, shape, enters_m, leaves_m))

    speeds = np.array([k[2].speed_mps for k in kept])
    lengths = np.array([k[2].length_m for k in kept])
    pass_time_s = lengths / speeds if kept else np.zeros(0)
    field_ = SpeedField.build(speeds, *geometry.speed_limits())
    speed_at_anchor = field_.speed_at(anchor_m)
    timing = scenario.timing
    gap_s = np.array([_gap_s(k[1], timing.default_gap_s, v) for k, v in zip(kept, speed_at_anchor, strict=True)])
    fixed_s = np.array([seconds_of_day(k[1].anchor_time) if k[1].anchor_time else np.nan for k in kept])
    heads = head_times_at_anchor(
        start_s=seconds_of_day(timing.time), pass_time_s=pass_time_s, gap_s=gap_s, fixed_s=fixed_s
    )
    march = march_times(field_, anchor_m, heads, pass_time_s)

    point_names = [p.name for p in ordered]
    point_m = np.array([p.at_m for p in ordered])
    head_at_points = (field_.elapsed_at(point_m) - field_.elapsed_at(anchor_m)) + heads[:, None]
    ground = []
    for row, (index, element, shape, enters_m, leaves_m) in enumerate(kept):
        passes = (point_m >= enters_m - 1e-6) & (point_m <= leaves_m + 1e-6)
        times = {
            name: (float(head_at_points[row, p]), float(head_at_points[row, p] + pass_time_s[row]))
            for p, name in enumerate(point_names)
            if passes[p]
        }
        actual_gap = float(heads[row] - heads[row - 1] - pass_time_s[row - 1]) if row else float("nan")
        ground.append(GroundPlan(row, index, element, shape, enters_m, leaves_m, actual_gap, float(heads[row]), times))

    findings += width_findings(ground, geometry)
    findings += speed_findings(ground)
    findings += drill_findings(ground)
    findings += long_gap_findings(ground, timing.long_gap_s)
    findings += gap_findings(ground, march, timing.min_gap_m)
    return ground, march, findings


def _shape(element: GroundElement, vehicles: dict[str, VehicleType]) -> ElementShape | None:
    if isinstance(element, MarchingBlock):
        return marching_shape(element)
    vehicle = element.vehicle if isinstance(element.vehicle, InlineVehicle) else vehicles.get(element.vehicle)
    return None if vehicle is None else vehicle_shape(element, vehicle)


def _gap_s(element: GroundElement, default_gap_s: float, speed_at_anchor_mps: float) -> float:
    """Time gap before an element at the anchor: given in seconds, in metres at its speed, or the default."""
    if element.gap_before_s is not None:
        return element.gap_before_s
    if element.gap_before_m is not None:
        return element.gap_before_m / speed_at_anchor_mps
    return default_gap_s
