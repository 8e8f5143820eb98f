"""The address a request was served at (see backend.served_url): its Host header only when that
names this machine, else the address the connection arrived at. A link with a token in it must
never point wherever a request's Host header says."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import Scope


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_base_url(scope: Scope) -> str:
    """scheme://host[:port] of this request, from its Host header if that names this machine."""
    scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
    server = scope.get("server") or ("127.0.0.1", 8000)
    own_host, own_port = str(server[0]), server[1]
    header = Headers(scope=scope).get("host", "")
    try:
        parsed = urlsplit(f"//{header}")
        host, port = parsed.hostname or "", parsed.port
    except ValueError:
        host, port = "", None
    if host and (_loopback(host) or host == own_host):
        shown = f"[{host}]" if ":" in host else host
        return f"{scheme}://{shown}" + (f":{port}" if port else "")
    shown = f"[{own_host}]" if ":" in own_host else own_host
    default_port = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{shown}" + ("" if own_port in (None, default_port) else f":{own_port}")
