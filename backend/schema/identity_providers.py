"""The identity providers people may sign in with (public: the sign-in page shows a button
per provider, which goes to its login path)."""

from __future__ import annotations

import strawberry

from backend.schema.fields import field
from backend.services import oidc


@strawberry.type(description="An identity provider people may sign in with (OpenID Connect).")
class IdentityProvider:
    id: strawberry.ID = strawberry.field(description="The provider's name in the configuration.")
    display_name: str = strawberry.field(description="The sign-in button's label.")
    login_path: str = strawberry.field(
        description="Where the button goes: GET it to start the sign-in (/auth/oidc/<id>/login)."
    )


@strawberry.type
class IdentityProviderQuery:
    @field(description="The configured identity providers, for the sign-in page (public).")
    def identity_providers(self) -> list[IdentityProvider]:
        return [
            IdentityProvider(
                id=strawberry.ID(p.name),
                display_name=p.label,
                login_path=f"/auth/oidc/{p.name}/login",
            )
            for p in oidc.providers()
        ]
