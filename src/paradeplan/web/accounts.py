"""The staff's accounts: a name, a role, a password hashed with argon2, and API tokens stored as hashes.

A token is 32 random bytes, shown once when it is made; the database keeps only its SHA-256 (a
token is as strong as a 256-bit key, so a slow hash adds nothing but time to every request). A
password is kept as an argon2id hash (argon2-cffi's defaults) and never logged. A disabled account's
tokens stop working at the next request, since every request looks its token up with the account.
Every change to an account or a token writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .roles import Role
from .storage import Actor, Base, Storage, as_utc, record, utc_now

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MIN_PASSWORD_CHARS = 10
TOKEN_BYTES = 32
SESSION_HOURS = 12  # a browser session lasts a parade day's shift; then the login page asks again

_hasher = PasswordHasher()
# a hash to check a password against when the account does not exist, so that the answer takes as long
_ABSENT_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A name, role or password the accounts refuse, or an account that does not exist; the message says why."""


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class TokenRow(Base):
    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "api"; browser sessions will be "session"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    disabled: bool
    created_at: dt.datetime
    tokens: int


class Accounts:
    """Every read and write of accounts and tokens, on the storage's database."""

    def __init__(self, storage: Storage):
        self.storage = storage

    def count(self) -> int:
        """How many accounts exist, disabled ones included: none means local mode."""
        with self.storage.reading() as session:
            return session.scalar(select(func.count()).select_from(AccountRow)) or 0

    def has_admin(self) -> bool:
        """Whether an enabled admin exists: the server is served beyond loopback only then."""
        with self.storage.reading() as session:
            return session.scalar(select(AccountRow.id).where(AccountRow.role == Role.ADMIN.value,
                                                              AccountRow.disabled.is_(False)).limit(1)) is not None

    def add(self, name: str, role: str, password: str, actor: Actor) -> Account:
        """A new account; AccountError for a name taken or malformed, an unknown role or a short password."""
        name, role_ = _valid_name(name), _valid_role(role)
        if len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
        with self.storage.writing() as session:
            if session.scalar(select(AccountRow).where(AccountRow.name == name)) is not None:
                raise AccountError(f"an account named {name!r} exists already")
            row = AccountRow(name=name, role=role_.value, password_hash=_hasher.hash(password), disabled=False,
                             created_at=utc_now())
            session.add(row)
            record(session, actor, "account created", f"{name} ({role_.value})")
        return self.get(name)

    def list(self) -> list[Account]:
        with self.storage.reading() as session:
            rows = session.scalars(select(AccountRow).order_by(AccountRow.name)).all()
            return [self._account(session, row) for row in rows]

    def get(self, name: str) -> Account:
        with self.storage.reading() as session:
            return self._account(session, self._row(session, name))

    def disable(self, name: str, actor: Actor) -> Account:
        with self.storage.writing() as session:
            self._row(session, name).disabled = True
            record(session, actor, "account disabled", name)
        return self.get(name)

    def set_role(self, name: str, role: str, actor: Actor) -> Account:
        role_ = _valid_role(role)
        with self.storage.writing() as session:
            self._row(session, name).role = role_.value
            record(session, actor, "role changed", f"{name} ({role_.value})")
        return self.get(name)

    def create_token(self, name: str, actor: Actor) -> str:
        """A new API token for the account, returned once; only its hash is stored."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.storage.writing() as session:
            row = self._row(session, name)
            if row.disabled:
                raise AccountError(f"the account {name!r} is disabled")
            session.add(TokenRow(account_id=row.id, kind="api", token_hash=token_hash(token), created_at=utc_now()))
            record(session, actor, "token created", name)
        return token

    def open_session(self, name: str, address: str) -> str:
        """A browser session for an enabled account: a token like an API token, kept for SESSION_HOURS, that
        the login page sets as an HttpOnly cookie."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self.storage.writing() as session:
            row = self._row(session, name)
            session.add(TokenRow(account_id=row.id, kind="session", token_hash=token_hash(token), created_at=utc_now(),
                                 expires_at=utc_now() + dt.timedelta(hours=SESSION_HOURS)))
            record(session, Actor(row.name, address), "logged in", row.name)
        return token

    def close_session(self, token: str, address: str) -> None:
        """End a browser session (log out): its token no longer opens anything."""
        with self.storage.writing() as session:
            found = session.execute(
                select(AccountRow, TokenRow).join(TokenRow, TokenRow.account_id == AccountRow.id)
                .where(TokenRow.token_hash == token_hash(token), TokenRow.kind == "session")
            ).first()
            if found is not None:
                row, token_row = found
                session.delete(token_row)
                record(session, Actor(row.name, address), "logged out", row.name)

    def by_token(self, token: str) -> Account | None:
        """The enabled account a token belongs to, or None (unknown, expired, or its account disabled)."""
        with self.storage.reading() as session:
            found = session.execute(
                select(AccountRow, TokenRow).join(TokenRow, TokenRow.account_id == AccountRow.id)
                .where(TokenRow.token_hash == token_hash(token))
            ).first()
            if found is None:
                return None
            row, token_row = found
            if row.disabled or (token_row.expires_at is not None and as_utc(token_row.expires_at) <= utc_now()):
                return None
            return self._account(session, row)

    def by_password(self, name: str, password: str) -> Account | None:
        """The enabled account with this name and password, or None; as slow for an unknown name as for a
        wrong password, so that the time says nothing about which names exist."""
        with self.storage.reading() as session:
            row = session.scalar(select(AccountRow).where(AccountRow.name == name.strip().lower()))
            try:
                _hasher.verify(row.password_hash if row is not None else _ABSENT_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if row is None or row.disabled:
                return None
            return self._account(session, row)

    @staticmethod
    def _row(session: Session, name: str) -> AccountRow:
        row = session.scalar(select(AccountRow).where(AccountRow.name == name.strip().lower()))
        if row is None:
            raise AccountError(f"no account named {name!r}")
        return row

    @staticmethod
    def _account(session: Session, row: AccountRow) -> Account:
        tokens = session.scalar(select(func.count()).select_from(TokenRow).where(TokenRow.account_id == row.id))
        return Account(row.name, Role(row.role), row.disabled, as_utc(row.created_at), tokens or 0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _valid_name(name: str) -> str:
    name = name.strip().lower()
    if not NAME.fullmatch(name):
        raise AccountError(f"{name!r} is not an account name: 1 to 64 of a-z, 0-9, '.', '_' and '-', "
                           "starting with a letter or digit")
    return name


def _valid_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AccountError(f"{role!r} is not a role: one of {', '.join(r.value for r in Role)}") from None
