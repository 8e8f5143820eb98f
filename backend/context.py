"""The per-request context: who is asking, per-request DataLoaders, the response to set cookies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from starlette.requests import Request
from starlette.responses import Response
from strawberry.dataloader import DataLoader

from backend.models.organisation import Organisation
from backend.policy import Principal
from backend.services import auth

SESSION_COOKIE = "registry_session"


async def load_organisations(ids: list[int]) -> list[Organisation | None]:
    found = {row.id: row for row in await Organisation.filter(id__in=ids)}
    return [found.get(i) for i in ids]


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Loaders:
    """Per-request DataLoaders (module-level ones would cache across requests and users).
    Each domain's schema module defines its batch functions and asks for their loader here."""

    def __init__(self) -> None:
        self._made: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

    def get(self, load: Callable[[list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        """The request's loader for the batch function `load`."""
        if load not in self._made:
            self._made[load] = DataLoader(load_fn=load)
        return cast(DataLoader[K, V], self._made[load])

    @property
    def organisation(self) -> DataLoader[int, Organisation | None]:
        return self.get(load_organisations)


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
