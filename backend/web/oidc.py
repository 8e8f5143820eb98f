"""Sign-in with an OpenID Connect provider, over plain HTTP (browser redirects):

GET  /auth/oidc/providers              [{name, label, loginUrl}] for the sign-in page
GET  /auth/oidc/{name}/login           303 to the provider; sets the state cookie (Lax)
GET  /auth/oidc/{name}/callback        the provider's redirect: opens a session, 303 to /
POST /auth/oidc/{name}/logout          ends the local session; 303 to the provider's
                                       logout when it offers one, else to /
GET  /.well-known/jwks.json            the registry's public key (for private_key_jwt)
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from backend.errors import Forbidden, RegistryError, Unauthenticated
from backend.models.enums import UserStatus
from backend.services import oidc, runtime, sessions
from backend.services.oidc_accounts import AwaitsApproval
from backend.services.sessions import USER_BLOCKED
from backend.web.authentication import SESSION_COOKIE, credential_used

STATE_COOKIE = "registry_oidc_state"
STATUS = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404}


def _secure() -> bool:
    return runtime.current().public_url.startswith("https://")


def _error(exc: RegistryError) -> JSONResponse:
    response = JSONResponse(
        {"error": exc.message, "code": exc.code}, status_code=STATUS.get(exc.code, 400)
    )
    response.delete_cookie(STATE_COOKIE, path="/auth/oidc")
    return response


async def provider_list(request: Request) -> Response:
    return JSONResponse(
        [
            {"name": p.name, "label": p.label, "loginUrl": f"/auth/oidc/{p.name}/login"}
            for p in oidc.providers()
        ]
    )


async def login(request: Request) -> Response:
    try:
        url, state = await oidc.begin(request.path_params["name"])
    except RegistryError as exc:
        return _error(exc)
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        state,
        max_age=oidc.STATE_SECONDS,
        path="/auth/oidc",
        httponly=True,
        samesite="lax",
        secure=_secure(),
    )
    return response


async def callback(request: Request) -> Response:
    params = request.query_params
    name = request.path_params["name"]
    try:
        if "error" in params or not params.get("code") or not params.get("state"):
            raise Unauthenticated(f"the provider did not sign you in ({params.get('error')}).")
        signed_in = await oidc.finish(
            name,
            code=params["code"],
            state=params["state"],
            cookie_state=request.cookies.get(STATE_COOKIE),
        )
    except RegistryError as exc:
        return _error(exc)
    if isinstance(signed_in, AwaitsApproval):
        return _error(Forbidden(USER_BLOCKED[UserStatus.PENDING]))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(STATE_COOKIE, path="/auth/oidc")
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.token,
        expires=signed_in.expires_at,
        httponly=True,
        samesite="strict",
        secure=_secure(),
    )
    return response


async def logout(request: Request) -> Response:
    credential = credential_used(request)
    if credential:
        await sessions.close_session(credential)
    try:
        target = await oidc.logout_url(
            request.path_params["name"], runtime.current().public_url + "/"
        )
    except RegistryError:
        target = None
    response = RedirectResponse(target or "/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def jwks(request: Request) -> Response:
    return JSONResponse(oidc.public_jwks(), headers={"Cache-Control": "public, max-age=300"})


routes = [
    Route("/auth/oidc/providers", provider_list, methods=["GET"]),
    Route("/auth/oidc/{name}/login", login, methods=["GET"]),
    Route("/auth/oidc/{name}/callback", callback, methods=["GET"]),
    Route("/auth/oidc/{name}/logout", logout, methods=["POST"]),
    Route("/.well-known/jwks.json", jwks, methods=["GET"]),
]
