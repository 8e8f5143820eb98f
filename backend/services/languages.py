"""Which language the registry writes a person in: their own (User.language) where the server
catalogue has it, else the country's default language, else English."""

from __future__ import annotations

from backend import i18n
from backend.models.user import User
from backend.policy import Principal
from backend.services import runtime


def country_default() -> str:
    """The country's default language, if the registry writes it (else English)."""
    return i18n.supported(runtime.current().country.default_language)


async def language_of(principal: Principal | None) -> str:
    """The language to write principal in (the country's default for none or a client)."""
    user = await User.get_or_none(id=principal.user_id) if principal and principal.user_id else None
    return i18n.supported(user.language) if user else country_default()
