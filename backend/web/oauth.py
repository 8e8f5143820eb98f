"""The OAuth 2 token endpoint for partner API clients, and its metadata (RFC 8414).

POST /oauth/token    grant_type=client_credentials [&scope=projects:read credits:read]
                     client authentication: HTTP Basic, client_id + client_secret in the
                     form, or client_assertion (private_key_jwt)
GET  /.well-known/oauth-authorization-server
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.policy import OAuthScope
from backend.services import oauth_tokens, runtime
from backend.services.api_clients import PRIVATE_KEY_JWT, SECRET_METHODS
from backend.services.oauth_tokens import ClientCredentials, OAuthError
from backend.web.rate_limits import PerMinute

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# Tokens one authenticated client may be issued per minute (a token lasts ten minutes). Every
# request to this route is also limited per address (web.rate_limits); this one counts only
# issued tokens, so nobody without the client's credentials can use up its budget.
TOKENS_PER_CLIENT_PER_MINUTE = 10
MAX_FORM_FIELD = 8192


def _error(exc: OAuthError) -> JSONResponse:
    headers = dict(NO_STORE)
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="registry"'
    if exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse(
        {"error": exc.error, "error_description": exc.description},
        status_code=exc.status,
        headers=headers,
    )


def _basic(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError("invalid_client", "malformed Basic credentials.", 401) from None
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise OAuthError("invalid_client", "malformed Basic credentials.", 401)
    return unquote_plus(client_id), unquote_plus(secret)  # RFC 6749 §2.3.1 form-encodes both


def _field(form: dict[str, str], name: str) -> str | None:
    value = form.get(name)
    if value is not None and len(value) > MAX_FORM_FIELD:
        raise OAuthError("invalid_request", f"{name} is too long.")
    return value


def _issuance(request: Request) -> PerMinute:
    """This app's count of tokens issued per client (one per app, so tests start afresh)."""
    state = request.app.state
    if not hasattr(state, "token_issuance"):
        state.token_issuance = PerMinute()
    limits: PerMinute = state.token_issuance
    return limits


def token_endpoint() -> str:
    return runtime.current().public_url + "/oauth/token"


async def token(request: Request) -> Response:
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return _error(OAuthError("invalid_request", "send application/x-www-form-urlencoded."))
    try:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        basic = _basic(request)
        if basic and (_field(form, "client_secret") or _field(form, "client_assertion")):
            raise OAuthError("invalid_request", "use one client authentication method only.")
        credentials = ClientCredentials(
            client_id=basic[0] if basic else _field(form, "client_id"),
            secret=basic[1] if basic else _field(form, "client_secret"),
            assertion_type=_field(form, "client_assertion_type"),
            assertion=_field(form, "client_assertion"),
        )
        issued = await oauth_tokens.issue_token(
            grant_type=_field(form, "grant_type"),
            credentials=credentials,
            scope=_field(form, "scope"),
            audiences=(token_endpoint(), runtime.current().public_url),
            address=request.client.host if request.client else None,
            admit=lambda client_id: _issuance(request).take(
                client_id, TOKENS_PER_CLIENT_PER_MINUTE
            ),
        )
    except OAuthError as exc:
        return _error(exc)
    body = {
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "scope": " ".join(issued.scopes),
    }
    return JSONResponse(body, headers=NO_STORE)


async def metadata(request: Request) -> Response:
    issuer = runtime.current().public_url
    return JSONResponse(
        {
            "issuer": issuer,
            "token_endpoint": token_endpoint(),
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": [*SECRET_METHODS, PRIVATE_KEY_JWT],
            "token_endpoint_auth_signing_alg_values_supported": list(
                oauth_tokens.SIGNING_ALGORITHMS
            ),
            "scopes_supported": [scope.value for scope in OAuthScope],
        }
    )


routes = [
    Route("/oauth/token", token, methods=["POST"]),
    Route("/.well-known/oauth-authorization-server", metadata, methods=["GET"]),
]
