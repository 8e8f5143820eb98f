"""Who is calling, for every route: one Starlette authentication backend reads the credential
(`Authorization: Bearer`, else the session cookie), asks services.callers who it belongs to,
and leaves the answer on the request (`request.user`, `request.auth`) for GraphQL and the
plain HTTP routes alike. A credential that proves nothing makes the caller anonymous."""

from __future__ import annotations

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
    UnauthenticatedUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from backend.policy import Principal
from backend.services import callers

SESSION_COOKIE = "registry_session"
CSRF_HEADER = "X-Requested-With"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_MESSAGE = (
    "This request uses the session cookie and may change something: send the "
    f"{CSRF_HEADER} header (the registry's web app does), or a bearer token."
)


class CsrfRefused(AuthenticationError):
    """A cookie-authenticated unsafe request without the CSRF header."""


class Caller(BaseUser):
    """A request's authenticated caller: a person or a partner API client."""

    def __init__(self, principal: Principal, credential: str, rate_limit: int | None) -> None:
        self.principal, self.credential, self.rate_limit = principal, credential, rate_limit

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def display_name(self) -> str:
        return self.principal.actor

    @property
    def identity(self) -> str:
        return self.principal.actor


def _bearer(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def credential_of(connection: HTTPConnection) -> str | None:
    """The bearer credential: `Authorization: Bearer ...`, else the session cookie."""
    return _bearer(connection) or connection.cookies.get(SESSION_COOKIE) or None


def lacks_csrf_header(connection: HTTPConnection) -> bool:
    """True for an unsafe request authenticated by the cookie (no bearer) without the header."""
    unsafe = connection.scope.get("method", "GET") not in SAFE_METHODS
    by_cookie = _bearer(connection) is None
    return unsafe and by_cookie and not connection.headers.get(CSRF_HEADER, "").strip()


def csrf_refused(connection: HTTPConnection, exc: AuthenticationError) -> Response:
    """The 403 for a refused request: a GraphQL error body on /graphql, else {error, code}."""
    message = str(exc) or CSRF_MESSAGE
    if connection.url.path.startswith("/graphql"):
        body: dict[str, object] = {
            "data": None,
            "errors": [{"message": message, "extensions": {"code": "FORBIDDEN"}}],
        }
    else:
        body = {"error": message, "code": "FORBIDDEN"}
    return JSONResponse(body, status_code=403)


def credentials_of(principal: Principal) -> AuthCredentials:
    """Starlette's view of what the caller may do: its kind, then its role or OAuth scopes."""
    granted = ["authenticated", principal.kind.value.lower()]
    if principal.role is not None:
        granted.append(f"role:{principal.role.value}")
    granted.extend(sorted(scope.value for scope in principal.oauth_scopes))
    return AuthCredentials(granted)


class RegistryAuthentication(AuthenticationBackend):
    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        credential = credential_of(conn)
        if credential is None:
            return None
        found = await callers.authenticate(credential)
        if found is None:
            return None  # anonymous: a forged request gains nothing from a dead cookie
        if lacks_csrf_header(conn):
            raise CsrfRefused(CSRF_MESSAGE)
        caller = Caller(found.principal, credential, found.rate_limit_per_minute)
        return credentials_of(found.principal), caller


def principal_of(connection: HTTPConnection) -> Principal | None:
    """The caller that the authentication middleware found, or None for an anonymous one."""
    user = connection.scope.get("user")
    return user.principal if isinstance(user, Caller) else None


def credential_used(connection: HTTPConnection) -> str | None:
    """The credential that authenticated this request (None for an anonymous one)."""
    user = connection.scope.get("user")
    return user.credential if isinstance(user, Caller) else None


__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "Caller",
    "RegistryAuthentication",
    "UnauthenticatedUser",
    "credential_of",
    "csrf_refused",
    "credential_used",
    "principal_of",
]
