"""What services need from the installation, set once at start by the app or the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from backend import served_url
from backend.config import CountryConfig, Settings
from backend.ledger.note import NoteSigner
from backend.services.ledger_keys import load_or_create_signer
from backend.services.mail import Mailer
from storage import DocumentStore, open_store


@dataclass(frozen=True)
class Runtime:
    country: CountryConfig
    secret_key: bytes
    session_hours: int
    mailer: Mailer
    signer: NoteSigner
    configured_public_url: str | None  # REGISTRY_PUBLIC_URL, without a trailing slash
    store: DocumentStore
    max_upload_bytes: int

    @property
    def public_url(self) -> str:
        """Where links point: REGISTRY_PUBLIC_URL, else the address this request was served at."""
        return self.configured_public_url or served_url.base_url()


_runtime: Runtime | None = None


def configure(settings: Settings) -> Runtime:
    """Build the runtime from settings (generating missing secrets) and make it current."""
    global _runtime
    country = settings.country_settings
    _runtime = Runtime(
        country=country,
        secret_key=settings.resolved_secret_key,
        session_hours=settings.session_hours,
        mailer=Mailer(
            smtp_url=settings.smtp_url,
            outbox=settings.outbox_dir,
            sender=settings.mail_from,
        ),
        signer=load_or_create_signer(
            settings.ledger_key_file, settings.ledger_key_name or country.ledger_origin
        ),
        configured_public_url=settings.public_url.rstrip("/") if settings.public_url else None,
        store=open_store(settings.resolved_storage_url),
        max_upload_bytes=settings.max_upload_bytes,
    )
    return _runtime


def current() -> Runtime:
    """The runtime; raises RuntimeError if configure() was not called."""
    if _runtime is None:
        raise RuntimeError("the registry runtime is not configured")
    return _runtime
