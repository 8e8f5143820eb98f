"""Every e-mail goes out in its recipient's language: decisions' notifications, invitations,
password resets and registration receipts (read back from the outbox)."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from backend.config import Settings
from backend.models.enums import OrganisationType, ProjectStatus, Role
from backend.models.user import User
from backend.services import auth, project_decisions, registration, users
from backend.services.organisations import AdminInput
from tests.factories import make_member, make_project
from tests.services.credit_helpers import government
from tests.services.test_registration import company


def mails_to(settings: Settings, address: str) -> list[tuple[str, str]]:
    """(subject, text) of each e-mail written to the outbox for address, oldest first."""
    outbox: Path = settings.outbox_dir
    found = []
    for path in sorted(outbox.iterdir()) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        if message["To"] == address:
            found.append((str(message["Subject"]), str(message.get_content())))
    return found


async def test_a_decision_is_mailed_in_each_owners_language(settings: Settings) -> None:
    gov = await government()
    owner = await make_member()
    colleague = await make_member(
        OrganisationType.DEVELOPER, Role.MANAGER, organisation=owner.organisation
    )
    await User.filter(id=owner.user.id).update(language="fr")
    await User.filter(id=colleague.user.id).update(language="es")
    project = await make_project(owner, ProjectStatus.PENDING)

    await project_decisions.approve_project(principal=gov.principal, project_id=project.id)

    [(fr_subject, fr_text)] = mails_to(settings, owner.user.email)
    [(es_subject, es_text)] = mails_to(settings, colleague.user.email)
    assert fr_subject == f"Le projet {project.title} a été approuvé"
    assert "lettre de non-objection" in fr_text and "registre carbone de Vanuatu" in fr_text
    assert es_subject == f"El proyecto {project.title} fue aprobado"
    assert "carta de no objeción" in es_text and "registro de carbono de Vanuatu" in es_text


async def test_invitation_and_reset_are_in_the_users_language(settings: Settings) -> None:
    gov = await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)
    developer = await make_member()

    invited = await users.create_user(
        principal=developer.principal,
        organisation_id=developer.organisation.id,
        email="amelie@example.org",
        name="Amélie",
        role=Role.VIEWER,
        language="fr",
    )
    await User.filter(id=gov.user.id).update(language="es")
    await auth.request_password_reset(email=gov.user.email)

    [(subject, text)] = mails_to(settings, invited.value.email)
    assert subject == "Votre compte au registre carbone"
    assert "Choisissez votre mot de passe ici (valable 72 heures" in text
    assert "/invitation/" in text
    [(reset_subject, reset_text)] = mails_to(settings, gov.user.email)
    assert reset_subject == "Restablezca su contraseña del registro de carbono"
    assert "/reset-password/" in reset_text and "válido 24 horas" in reset_text


async def test_a_registration_receipt_is_in_the_admins_language(settings: Settings) -> None:
    await make_member(OrganisationType.GOVERNMENT, Role.ADMIN)

    await registration.submit_registration(
        principal=None,
        organisation=company("REG-ES"),
        admin=AdminInput("ana@example.org", "Ana", "a long enough password", language="es"),
    )

    [(subject, text)] = mails_to(settings, "ana@example.org")
    assert subject == "Se recibió su inscripción en el registro de carbono"
    assert "espera la aprobación del gobierno" in text
