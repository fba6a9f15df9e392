"""The web workspace's settings: one list that both `paradeplan serve` and `create_app` read.

Each setting is a record with its name, default and help text (as datasette lists its settings),
so the command's options, the app and docs/web.md all say the same thing.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def development_examples_folder() -> Path:
    """The repository's examples/ folder, seen from the package source (src/paradeplan/web/../../../examples).

    It exists in a development (editable) install, the one `make` sets up; an installed wheel
    has no examples folder there, and then nothing is imported on first start.
    """
    return Path(__file__).resolve().parents[3] / "examples"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    flag: str | None = None  # the `serve` option, when it is not --<name>
    envvar: str | None = None  # the environment variable `serve` reads it from when the option is not given

    @property
    def option(self) -> str:
        """The `serve` option that sets it."""
        return self.flag or f"--{self.name}"


SETTINGS = [
    Setting("db", "sqlite:///paradeplan.db",
            "Database URL (SQLAlchemy): by default the SQLite file paradeplan.db in the working folder; "
            "a plain file path means a SQLite file there; "
            "PostgreSQL works too, e.g. postgresql+psycopg://user:password@localhost/paradeplan."),
    Setting("tiles", None,
            "Raster tile URL for the map's basemap, with {z}, {x} and {y}, "
            "e.g. https://tile.example.org/{z}/{x}/{y}.png. "
            "Without it the map has a plain background and no request leaves the server."),
    Setting("host", "127.0.0.1",
            "Address to listen on. Beyond loopback (127.0.0.1, ::1, localhost) only once an admin account exists, "
            "and with --certfile and --keyfile (HTTPS) or --behind-proxy."),
    Setting("certfile", None, "TLS certificate (PEM) to serve HTTPS with; with --keyfile."),
    Setting("keyfile", None, "TLS private key (PEM) of --certfile."),
    Setting("behind_proxy", None,
            "The address of the reverse proxy that ends TLS in front of this server (e.g. 127.0.0.1): its "
            "X-Forwarded-For and X-Forwarded-Proto are trusted, no one else's.", flag="--behind-proxy"),
    Setting("port", 8000, "Port to listen on."),
    Setting("allowed_hosts", (),
            "A host name or address the server is reached by, besides localhost, 127.0.0.1 and [::1] "
            "(a name of this computer, or the one a reverse proxy passes on); give it once for each. "
            "A request naming any other host in its Host header is refused (no DNS rebinding).",
            flag="--allowed-host", envvar="PARADEPLAN_ALLOWED_HOSTS"),
    Setting("examples", development_examples_folder(),
            "Folder of example scenarios: imported when the database is empty, and offered as 'new from example'."),
]

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The values in force; build them with `settings(...)` so that unset ones take their defaults."""

    db: str
    tiles: str | None
    host: str
    port: int
    allowed_hosts: tuple[str, ...]
    examples: Path
    certfile: Path | None = None
    keyfile: Path | None = None
    behind_proxy: str | None = None  # the proxy's address, whose X-Forwarded-* headers are trusted

    def problems(self) -> list[str]:
        """Why these settings cannot be served, one line each; empty when they can."""
        problems = []
        if not is_loopback(self.host) and not self.tls and self.behind_proxy is None:
            problems.append(f"--host {self.host}: beyond loopback the server needs HTTPS: give --certfile and "
                            "--keyfile, or --behind-proxy ADDRESS when a reverse proxy ends TLS")
        if (self.certfile is None) != (self.keyfile is None):
            problems.append("--certfile and --keyfile go together")
        problems += [f"--{name} {path}: no such file" for name, path in (("certfile", self.certfile),
                                                                         ("keyfile", self.keyfile))
                     if path is not None and not Path(path).is_file()]
        if not 0 < self.port < 65536:
            problems.append(f"--port {self.port}: must be between 1 and 65535")
        if self.tiles is not None and not (
            self.tiles.startswith(("http://", "https://")) and all(key in self.tiles for key in ("{z}", "{x}", "{y}"))
        ):
            problems.append(f"--tiles {self.tiles}: must be an http(s) URL with {{z}}, {{x}} and {{y}} in it")
        problems += [f"--allowed-host {name}: must be a host name or an address, with no scheme, port or path"
                     for name in self.allowed_hosts if not is_host_name(name)]
        return problems

    @property
    def tls(self) -> bool:
        return self.certfile is not None and self.keyfile is not None

    @property
    def url(self) -> str:
        """Where to open the workspace in a browser."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}/"


def settings(**values: Any) -> Settings:
    """Settings with these values and every other one at its default; None means 'the default'."""
    unknown = set(values) - set(SETTINGS_BY_NAME)
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    chosen: dict[str, Any] = {s.name: s.default if values.get(s.name) is None else values[s.name] for s in SETTINGS}
    if "://" not in chosen["db"]:  # a plain path: a SQLite file there
        chosen["db"] = f"sqlite:///{chosen['db']}"
    chosen["allowed_hosts"] = host_names(chosen["allowed_hosts"])
    return Settings(**{field.name: chosen[field.name] for field in dataclasses.fields(Settings)})


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_names(values: str | Iterable[str]) -> tuple[str, ...]:
    """Host names as the Host header check compares them: lower case, an IPv6 address without its brackets,
    each once; a value may hold several, separated by spaces or commas (as the environment variable does)."""
    items = [values] if isinstance(values, str) else values
    names = [name.strip().lower() for item in items for name in re.split(r"[\s,]+", item) if name.strip()]
    return tuple(dict.fromkeys(name[1:-1] if name.startswith("[") and name.endswith("]") else name for name in names))


def is_host_name(name: str) -> bool:
    """A DNS name (letters, digits, hyphens and dots) or an IP address."""
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return re.fullmatch(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
                            name) is not None
