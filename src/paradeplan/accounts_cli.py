"""`paradeplan users ...` and `paradeplan tokens ...`: the staff's accounts from the command line, for a first
start and for scripts.

A password is read from standard input (its first line) when that is not a terminal, so that a script
can pipe it in; on a terminal it is asked for twice, unseen. It is never printed nor logged. A token
is printed once, on one line, and only its hash is kept. Every change is audited under the name of
the computer's user, from the address "command line".
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from .web.roles import Role
from .web.settings import SETTINGS_BY_NAME

if TYPE_CHECKING:  # the database's modules load only when an accounts command runs, not for `paradeplan plan`
    from .web.accounts import Accounts
    from .web.storage import Actor

EXIT_REFUSED = 2  # as cli.EXIT_REFUSED: a name, role or password the accounts refuse, or no database

users_app = typer.Typer(help="The staff's accounts: add, list, disable, change a role.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for devices and scripts.", no_args_is_help=True)
out = Console(emoji=False, highlight=False)
err = Console(stderr=True, emoji=False, highlight=False)

Db = Annotated[str | None, typer.Option("--db", help=SETTINGS_BY_NAME["db"].help)]
RoleName = Annotated[str, typer.Argument(help=f"One of: {', '.join(r.value for r in Role)}.")]


def _accounts(db: str | None) -> Accounts:
    from .web.accounts import Accounts
    from .web.settings import settings
    from .web.storage import Storage

    storage = Storage(settings(db=db).db)
    storage.migrate()
    return Accounts(storage)


def _actor() -> Actor:
    from .web.storage import Actor

    return Actor(getpass.getuser(), "command line")


def _refusals() -> tuple[type[Exception], ...]:
    from .web.accounts import AccountError
    from .web.storage import StorageError

    return AccountError, StorageError


def _refused(message: str) -> typer.Exit:
    err.print(message, markup=False, soft_wrap=True)
    return typer.Exit(EXIT_REFUSED)


def _password() -> str:
    """The password: the first line of standard input when it is not a terminal, else asked for twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("The same again: ") != first:
        raise _refused("the two passwords differ: nothing changed")
    return first


@users_app.command("add")
def add(name: str, role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(r.value for r in Role)}.")],
        db: Db = None) -> None:
    """Add an account; its password is read from standard input (asked for twice on a terminal)."""
    try:
        account = _accounts(db).add(name, role, _password(), _actor())
    except _refusals() as exc:
        raise _refused(str(exc)) from None
    out.print(f"added {account.name} ({account.role.value})", markup=False)


@users_app.command("list")
def list_accounts(db: Db = None) -> None:
    """Every account with its role, whether it is disabled, and how many tokens it has."""
    try:
        accounts = _accounts(db).list()
    except _refusals() as exc:
        raise _refused(str(exc)) from None
    if not accounts:
        out.print("no accounts: the server is in local mode (anyone on this computer may edit)", markup=False)
        return
    table = Table("account", "role", "state", "tokens", "created (UTC)")
    for a in accounts:
        table.add_row(a.name, a.role.value, "disabled" if a.disabled else "enabled", str(a.tokens),
                      f"{a.created_at:%Y-%m-%d %H:%M}")
    out.print(table)


@users_app.command("disable")
def disable(name: str, db: Db = None) -> None:
    """Disable an account: its tokens and sessions stop working at once."""
    try:
        account = _accounts(db).disable(name, _actor())
    except _refusals() as exc:
        raise _refused(str(exc)) from None
    out.print(f"disabled {account.name}", markup=False)


@users_app.command("set-role")
def set_role(name: str, role: RoleName, db: Db = None) -> None:
    """Give an account another role."""
    try:
        account = _accounts(db).set_role(name, role, _actor())
    except _refusals() as exc:
        raise _refused(str(exc)) from None
    out.print(f"{account.name} is now {account.role.value}", markup=False)


@tokens_app.command("create")
def create_token(name: str, db: Db = None) -> None:
    """Print a new API token for the account, on one line (shown once: only its hash is kept)."""
    try:
        token = _accounts(db).create_token(name, _actor())
    except _refusals() as exc:
        raise _refused(str(exc)) from None
    print(token)
