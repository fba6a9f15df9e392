"""The server's listening socket, opened before the URL is printed: a printed URL always answers.

Without an explicit port the server takes the first free one from the default up; with one, a
busy port is refused in one line.
"""

from __future__ import annotations

import socket

NEXT_PORTS_TRIED = 20  # without --port: the default and this many after it


class PortBusy(Exception):
    """No port could be listened on; the message says which were tried."""


def listening_socket(host: str, port: int, *, try_next: bool) -> socket.socket:
    """A socket bound to host:port (or, with `try_next`, the first free port after it) and listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    last = port + (NEXT_PORTS_TRIED if try_next else 0)
    for candidate in range(port, min(last, 65535) + 1):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
            sock.listen(128)
        except OSError:
            sock.close()
            continue
        return sock
    tried = f"ports {port} to {last}" if try_next else f"port {port}"
    raise PortBusy(f"{tried} on {host}: in use by another program (give a free one with --port)")
