"""A throwaway PostgreSQL server for the tests that run on PostgreSQL as well as SQLite (fixtures in conftest.py).

Once per test session (so once per pytest-xdist worker), `throwaway_cluster()` runs Debian's
`initdb` into a new temporary folder and starts the server with `pg_ctl start -w`, listening on a
Unix socket in that folder only (no TCP port, so sessions and workers never clash), with trust
authentication and no fsync (nothing in it outlives the session). Each test gets a database of its
own, created and dropped around it. `close()` stops the server and removes the folder.

initdb refuses to run as root: as root the cluster belongs to the `postgres` system user (the
Debian package makes it), and its programs run as that user; as anyone else they run as oneself.

PARADEPLAN_TEST_POSTGRES, set to a server URL whose role may create databases (e.g.
postgresql+psycopg://paradeplan:paradeplan@127.0.0.1/postgres), uses that server instead.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

EXTERNAL = "PARADEPLAN_TEST_POSTGRES"
ROLE = "paradeplan"  # the cluster's superuser; trust authentication on its socket
INSTALL_HINT = ("`make test` installs Debian's postgresql, or: sudo apt-get install postgresql; "
                f"or set {EXTERNAL} to the URL of a server whose role may create databases")
SERVER_SETTINGS = {  # a server for tests only: no TCP, nothing synced to disk, quick to stop
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


class PostgresMissing(Exception):
    """PostgreSQL cannot be started here; the message says what to install or set."""


def server_programs() -> Path | None:
    """The folder with initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else the PATH's."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    if debian:
        return debian[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _version_key(initdb: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", initdb.parent.parent.name))


class Server:
    """A PostgreSQL server the tests may create databases on; `admin_url` names a database to connect to."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self._admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def new_database(self) -> str:
        """The URL of a new empty database on this server."""
        name = f"paradeplan_test_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        """Drop a database new_database made, closing whatever connections to it are left open."""
        name = make_url(url).database
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self._admin.dispose()


class Cluster(Server):
    """A server of our own in a temporary folder, stopped and removed by close()."""

    def __init__(self, folder: Path, programs: Path, owner: pwd.struct_passwd | None):
        self.folder = folder
        self.programs = programs
        self.owner = owner  # the system user the server runs as when we are root
        self.data = folder / "data"
        self.log = folder / "server.log"
        self.started_in_s = 0.0
        self._running = False
        # psycopg takes the socket's folder as the host
        super().__init__(f"postgresql+psycopg://{ROLE}@/postgres?host={folder}")

    def start(self) -> None:
        began = time.perf_counter()
        self._run("initdb", "--pgdata", str(self.data), "--username", ROLE, "--auth", "trust",
                  "--encoding", "UTF8", "--no-locale", "--no-sync")
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# paradeplan's tests (tests/postgres.py)\n")
            conf.write(f"unix_socket_directories = '{self.folder}'\n")
            conf.writelines(f"{name} = {value}\n" for name, value in SERVER_SETTINGS.items())
        self._run("pg_ctl", "start", "--wait", "--timeout", "60", "--pgdata", str(self.data),
                  "--log", str(self.log))
        self._running = True
        self.started_in_s = time.perf_counter() - began

    def close(self) -> None:
        super().close()
        if self._running:
            self._running = False
            self._run("pg_ctl", "stop", "--wait", "--mode", "immediate", "--pgdata", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        as_owner = {"user": self.owner.pw_uid, "group": self.owner.pw_gid, "extra_groups": []} if self.owner else {}
        result = subprocess.run([str(self.programs / program), *args], cwd=self.folder, capture_output=True,
                                text=True, check=False, **as_owner)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            said = "\n".join(part.strip() for part in (result.stdout, result.stderr, log) if part.strip())
            raise PostgresMissing(f"{program} failed (exit {result.returncode}) in {self.folder}:\n{said}")


def throwaway_cluster() -> Cluster:
    """A new cluster in a temporary folder, started; raises PostgresMissing with what to do."""
    programs = server_programs()
    if programs is None:
        raise PostgresMissing(f"PostgreSQL's server programs (initdb, pg_ctl) are not installed: {INSTALL_HINT}")
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresMissing(f"initdb does not run as root, and there is no `postgres` user to run it as: "
                                  f"{INSTALL_HINT}") from None
    # /tmp when root (the postgres user must reach the folder) or when TMPDIR would make the
    # socket's path longer than a Unix socket's 107 bytes
    short = owner is not None or len(tempfile.gettempdir()) > 60
    folder = Path(tempfile.mkdtemp(prefix="paradeplan-pg-", dir="/tmp" if short else None))
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(folder, programs, owner)
    atexit.register(cluster.close)  # also when the session ends without running its finalizers
    try:
        cluster.start()
    except BaseException:
        cluster.close()
        raise
    return cluster


def server_for_tests() -> Server:
    """The server the tests' PostgreSQL databases are made on: PARADEPLAN_TEST_POSTGRES's, or a throwaway one."""
    external = os.environ.get(EXTERNAL)
    return Server(external) if external else throwaway_cluster()
