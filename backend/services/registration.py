"""Self-registration that does not tell who has an account: the answer is the same whether or
not the admin's e-mail address is known. A known address records nothing and its owner is told
by e-mail; a new one registers the organisation (PENDING, a task for the government) and tells
the new admin by e-mail."""

from __future__ import annotations

from dataclasses import dataclass

from backend import i18n, policy
from backend.errors import BadUserInput
from backend.models.enums import OrganisationStatus, OrganisationType
from backend.models.user import User
from backend.policy import Action, Principal
from backend.services import notifications, organisations, runtime, users, validation
from backend.services.organisations import AdminInput, OrganisationInput
from backend.services.passwords import hash_password_async

RECEIVED = (
    "Your registration was received. We sent a message to the address you gave; the "
    "government reviews every registration before the account can be used."
)


@dataclass(frozen=True)
class Receipt:
    """The one answer to a self-registration, whatever the registry already knew."""

    message: str = RECEIVED


async def submit_registration(
    *, principal: Principal | None, organisation: OrganisationInput, admin: AdminInput
) -> Receipt:
    """Register an organisation and its first ADMIN (PENDING) unless the admin's e-mail is a
    user's already; answers the same Receipt either way. Raises BadUserInput (invalid fields,
    GOVERNMENT type, no password) or Conflict (tax ID taken), before looking at the e-mail."""
    policy.require(principal, Action.ORGANISATION_REGISTER)
    if organisation.type is OrganisationType.GOVERNMENT:
        raise BadUserInput("government organisations are created by the registry's government.")
    if admin.password is None:
        raise BadUserInput("password is required.", field="password")
    address = validation.email(admin.email)
    validation.required_text(admin.name, "name", max_length=200)
    validation.password(admin.password)
    users.language_or_default(admin.language)
    await organisations.check_new(organisation)  # before the e-mail: the same either way
    if await User.exists(email=address):
        # the same work as a registration, so timing tells nothing
        await hash_password_async(admin.password)
        await _tell_owner(address, organisation.name)
        return Receipt()
    inserted = await organisations.insert_organisation(
        principal=principal,
        organisation=organisation,
        admin=admin,
        status=OrganisationStatus.PENDING,
    )
    await notifications.deliver(inserted.mails)
    language = inserted.admin.language
    await runtime.current().mailer.send(
        to=inserted.admin.email,
        subject=i18n.text(language, "mail.registration_received.subject"),
        text=notifications.signed(
            language, i18n.text(language, "mail.registration_received.body", name=organisation.name)
        ),
    )
    return Receipt()


async def _tell_owner(address: str, name: str) -> None:
    current = runtime.current()
    owner = await User.get_or_none(email=address)
    language = owner.language if owner else current.country.default_language
    text = i18n.text(
        language, "mail.registration_duplicate.body", name=name, url=current.public_url
    )
    await current.mailer.send(
        to=address,
        subject=i18n.text(language, "mail.registration_duplicate.subject"),
        text=notifications.signed(language, text),
    )
