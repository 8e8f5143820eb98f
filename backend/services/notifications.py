"""Telling the parties of a decision: an in-app notification (in the same transaction as the
decision) and an e-mail (after commit), both in the recipient's language."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from backend.models.notification import Notification
from backend.models.organisation import Organisation
from backend.models.user import User
from backend.services import runtime

# event -> language -> subject template; params fill the {placeholders}.
SUBJECTS: dict[str, dict[str, str]] = {
    "project.submitted": {
        "en": "Project {title} was submitted for approval",
        "fr": "Le projet {title} a été soumis pour approbation",
        "es": "El proyecto {title} fue presentado para aprobación",
    },
    "project.approved": {
        "en": "Project {title} was approved",
        "fr": "Le projet {title} a été approuvé",
        "es": "El proyecto {title} fue aprobado",
    },
    "project.authorised": {
        "en": "Project {title} was authorised",
        "fr": "Le projet {title} a été autorisé",
        "es": "El proyecto {title} fue autorizado",
    },
    "project.rejected": {
        "en": "Project {title} was rejected: {reason}",
        "fr": "Le projet {title} a été rejeté : {reason}",
        "es": "El proyecto {title} fue rechazado: {reason}",
    },
    "certifier.assigned": {
        "en": "You were assigned to certify project {title}",
        "fr": "Vous avez été désigné pour certifier le projet {title}",
        "es": "Se le asignó la certificación del proyecto {title}",
    },
    "monitoring.submitted": {
        "en": "A monitoring report for activity {activity} awaits verification",
        "fr": "Un rapport de suivi de l'activité {activity} attend sa vérification",
        "es": "Un informe de monitoreo de la actividad {activity} espera verificación",
    },
    "monitoring.verified": {
        "en": "The monitoring report for activity {activity} was verified",
        "fr": "Le rapport de suivi de l'activité {activity} a été vérifié",
        "es": "El informe de monitoreo de la actividad {activity} fue verificado",
    },
    "activity.approved": {
        "en": "Activity {activity} was approved",
        "fr": "L'activité {activity} a été approuvée",
        "es": "La actividad {activity} fue aprobada",
    },
    "activity.rejected": {
        "en": "Activity {activity} was rejected: {reason}",
        "fr": "L'activité {activity} a été rejetée : {reason}",
        "es": "La actividad {activity} fue rechazada: {reason}",
    },
    "financing.requested": {
        "en": "Financing was requested for project {title}",
        "fr": "Un financement a été demandé pour le projet {title}",
        "es": "Se solicitó financiación para el proyecto {title}",
    },
    "financing.approved": {
        "en": "Financing for project {title} was approved",
        "fr": "Le financement du projet {title} a été approuvé",
        "es": "La financiación del proyecto {title} fue aprobada",
    },
    "financing.rejected": {
        "en": "Financing for project {title} was rejected: {reason}",
        "fr": "Le financement du projet {title} a été rejeté : {reason}",
        "es": "La financiación del proyecto {title} fue rechazada: {reason}",
    },
    "organisation.registered": {
        "en": "Organisation {name} registered and awaits approval",
        "fr": "L'organisation {name} s'est inscrite et attend son approbation",
        "es": "La organización {name} se registró y espera aprobación",
    },
    "user.registered": {
        "en": "{name} signed in with {provider} and awaits your approval",
        "fr": "{name} s'est connecté avec {provider} et attend votre approbation",
        "es": "{name} inició sesión con {provider} y espera su aprobación",
    },
    "user.approved": {
        "en": "Your account was approved: you may now sign in",
        "fr": "Votre compte a été approuvé : vous pouvez maintenant vous connecter",
        "es": "Su cuenta fue aprobada: ya puede iniciar sesión",
    },
    "user.rejected": {
        "en": "Your account's request was rejected: {reason}",
        "fr": "La demande de votre compte a été rejetée : {reason}",
        "es": "La solicitud de su cuenta fue rechazada: {reason}",
    },
    "credits.transfer_requested": {
        "en": "{requester} asks for {quantity} units of block {block}",
        "fr": "{requester} demande {quantity} unités du bloc {block}",
        "es": "{requester} solicita {quantity} unidades del bloque {block}",
    },
    "credits.transfer_rejected": {
        "en": "Your request for {quantity} units of block {block} was rejected: {reason}",
        "fr": "Votre demande de {quantity} unités du bloc {block} a été rejetée : {reason}",
        "es": "Su solicitud de {quantity} unidades del bloque {block} fue rechazada: {reason}",
    },
    "credits.transferred": {
        "en": "You received {quantity} units ({serials})",
        "fr": "Vous avez reçu {quantity} unités ({serials})",
        "es": "Usted recibió {quantity} unidades ({serials})",
    },
    "credits.retirement_requested": {
        "en": "A retirement of {quantity} units by {holder} awaits recognition",
        "fr": "Un retrait de {quantity} unités par {holder} attend sa reconnaissance",
        "es": "Un retiro de {quantity} unidades por {holder} espera su reconocimiento",
    },
    "credits.retirement_recognised": {
        "en": "Your retirement of {quantity} units was recognised",
        "fr": "Votre retrait de {quantity} unités a été reconnu",
        "es": "Su retiro de {quantity} unidades fue reconocido",
    },
    "credits.retirement_rejected": {
        "en": "Your retirement of {quantity} units was rejected: {reason}",
        "fr": "Votre retrait de {quantity} unités a été rejeté : {reason}",
        "es": "Su retiro de {quantity} unidades fue rechazado: {reason}",
    },
}


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str


def subject(event: str, language: str, params: dict[str, str]) -> str:
    """The subject of event in language (English when the language has no text)."""
    texts = SUBJECTS[event]
    return texts.get(language, texts["en"]).format(**params)


async def recipients(
    organisation_ids: Iterable[int], *, roles: Sequence[Role] = (Role.ADMIN, Role.MANAGER)
) -> list[User]:
    """The active working users of the given (active) organisations."""
    return list(
        await User.filter(
            organisation_id__in=list(organisation_ids),
            role__in=list(roles),
            status=UserStatus.ACTIVE,
            organisation__status=OrganisationStatus.ACTIVE,
        ).order_by("id")
    )


async def government_users(*, roles: Sequence[Role] = (Role.ADMIN, Role.MANAGER)) -> list[User]:
    """The active users in these roles of the active GOVERNMENT organisations."""
    governments = await Organisation.filter(
        type=OrganisationType.GOVERNMENT, status=OrganisationStatus.ACTIVE
    )
    return await recipients([o.id for o in governments], roles=roles)


async def record(
    connection: BaseDBAsyncClient,
    *,
    event: str,
    about: str,
    users: Sequence[User],
    params: dict[str, str],
    is_task: bool,
) -> list[Mail]:
    """Store one notification per user inside the caller's transaction; returns the e-mails
    to send once it has committed (see deliver)."""
    mails: list[Mail] = []
    rows = []
    for user in users:
        text = subject(event, user.language, params)
        rows.append(
            Notification(
                user=user, event=event, about=about, subject=text, params=params, is_task=is_task
            )
        )
        mails.append(Mail(to=user.email, subject=text))
    if rows:
        await Notification.bulk_create(rows, using_db=connection)
    return mails


async def deliver(mails: Sequence[Mail]) -> None:
    """Send the e-mails of committed notifications (failures are logged by the mailer)."""
    current = runtime.current()
    for mail in mails:
        await current.mailer.send(
            to=mail.to,
            subject=mail.subject,
            text=f"{mail.subject}\n\n{current.public_url}\n",
        )


async def close_tasks(connection: BaseDBAsyncClient, *, about: str) -> None:
    """Mark done the open tasks about an object (e.g. "project:12") once it was decided."""
    await (
        Notification.filter(about=about, is_task=True, done_at=None)
        .using_db(connection)
        .update(done_at=datetime.now(UTC))
    )


async def list_for_user(
    user_id: int, *, open_tasks_only: bool, offset: int = 0, limit: int = 20
) -> tuple[list[Notification], int]:
    """A user's notifications, newest first; with open_tasks_only, their pending tasks."""
    query = Notification.filter(user_id=user_id)
    if open_tasks_only:
        query = query.filter(is_task=True, done_at=None)
    total = await query.count()
    return list(await query.order_by("-id").offset(offset).limit(limit)), total
