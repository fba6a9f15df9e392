"""Who may do what: the staff's roles and the permissions each one grants (issue 11).

A planner writes the scenario, a controller runs the day, a checkpoint marshal reports passings, an
air liaison talks to the flypast crews, a viewer (commentators, screens at the stand) reads. Every
API route and page asks for one permission (web/auth.py); the role's grants decide.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    CONTROLLER = "controller"
    MARSHAL = "marshal"
    AIR_LIAISON = "air-liaison"
    VIEWER = "viewer"


class Permission(StrEnum):
    READ = "read"  # scenarios, versions, plans, exports; checking a text changes nothing
    EDIT = "edit"  # create, import, save, restore, duplicate, archive
    RUN_DAY = "run-day"  # start and end the day, issue corrections (the live issue)
    RECORD_PASSINGS = "record-passings"  # ground passings at a checkpoint (the live issue)
    AIR = "air"  # air passings and air corrections (the live issue)
    ADMIN = "admin"  # accounts, tokens, the audit


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.PLANNER: frozenset({Permission.READ, Permission.EDIT}),
    Role.CONTROLLER: frozenset({Permission.READ, Permission.RUN_DAY, Permission.RECORD_PASSINGS, Permission.AIR}),
    Role.MARSHAL: frozenset({Permission.READ, Permission.RECORD_PASSINGS}),
    Role.AIR_LIAISON: frozenset({Permission.READ, Permission.AIR}),
    Role.VIEWER: frozenset({Permission.READ}),
}


def may(role: Role, permission: Permission) -> bool:
    return permission in GRANTS[role]
