"""The per-request context: who is asking, per-request DataLoaders, the response to set cookies."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from backend.models.organisation import Organisation
from backend.policy import Principal
from backend.services import auth

SESSION_COOKIE = "registry_session"


async def _load_organisations(ids: list[int]) -> list[Organisation | None]:
    found = {row.id: row for row in await Organisation.filter(id__in=ids)}
    return [found.get(i) for i in ids]


@dataclass
class Loaders:
    """Fresh per request: module-level loaders would cache across requests and users."""

    organisation: DataLoader[int, Organisation | None] = field(
        default_factory=lambda: DataLoader(load_fn=_load_organisations)
    )


@dataclass
class Context:
    request: Request
    response: Response
    principal: Principal | None
    token: str | None
    loaders: Loaders


def bearer_token(request: Request) -> str | None:
    """The session token from `Authorization: Bearer ...`, else from the session cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(SESSION_COOKIE) or None


async def get_context(request: Request, response: Response) -> Context:
    token = bearer_token(request)
    principal = await auth.authenticate(token) if token else None
    return Context(request, response, principal, token, Loaders())
