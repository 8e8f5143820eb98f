"""The address the current request was served at, for links in e-mails and exports when
REGISTRY_PUBLIC_URL is not configured.

Links carry single-use tokens, so a Host header is believed only when it names this machine
(a loopback name or the address the connection arrived at); anything else falls back to that
address itself (backend/web/served_address.py). Behind a reverse proxy, configure
REGISTRY_PUBLIC_URL."""

from __future__ import annotations

from contextvars import ContextVar

current_base_url: ContextVar[str | None] = ContextVar("current_base_url", default=None)
DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # outside a request (the CLI)


def base_url() -> str:
    """The current request's served address, else DEFAULT_BASE_URL."""
    return current_base_url.get() or DEFAULT_BASE_URL
