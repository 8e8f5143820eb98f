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
from backend.web.authentication import (
    SESSION_COOKIE,
    RegistryAuthentication,
    UnauthenticatedUser,
    credential_used,
    principal_of,
)

__all__ = ["SESSION_COOKIE", "Context", "Loaders", "get_context"]


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


async def get_context(request: Request, response: Response) -> Context:
    """The request's context, with the caller that the authentication middleware found."""
    if "user" not in request.scope:  # an app built without RegistryAuthentication
        user = await RegistryAuthentication().authenticate(request)
        request.scope["user"] = user[1] if user else UnauthenticatedUser()
    return Context(request, response, principal_of(request), credential_used(request), Loaders())
