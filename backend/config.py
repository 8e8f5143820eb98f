"""Settings from the environment (prefix REGISTRY_) and the country configuration file."""

from __future__ import annotations

import os
import re
import secrets
import tomllib
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.models.enums import OrganisationType
from backend.policy import CREDIT_HOLDER_TYPES

COUNTRIES_DIR = Path(__file__).parent / "countries"
# Secrets that examples and defaults ship with (.env.example's change-me, MinIO's minioadmin):
# a registry configured with one of them refuses to start.
PLACEHOLDER_SECRETS = frozenset(
    {"change-me", "changeme", "change_me", "changeit", "password", "secret", "minioadmin"}
)
ORGANISATION_TYPES = tuple(kind.value for kind in OrganisationType)
# The policy says who may ever hold credits (backend.policy.CREDIT_HOLDER_TYPES); a country file
# may only narrow it.
HOLDER_TYPES = tuple(kind.value for kind in OrganisationType if kind in CREDIT_HOLDER_TYPES)


class CountryConfig(BaseModel):
    """What differs between countries; validated at start."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    iso2: str = Field(pattern=r"^[A-Z]{2}$")
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    languages: tuple[str, ...] = Field(min_length=1)
    default_language: str
    registry_id: str = Field(pattern=r"^[A-Z]{3}[0-9]{2}$")
    # The unit type in serials and exports: unit_type for every unit that carries no Article 6.2
    # authorization (e.g. a national verified unit), authorized_unit_type for those that do.
    unit_type: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,15}$")
    authorized_unit_type: str = Field(default="ITMO", pattern=r"^[A-Z][A-Z0-9]{1,15}$")
    ledger_origin: str = Field(min_length=1, max_length=200)
    share_of_proceeds_percent: Decimal = Field(ge=0, le=100)
    omge_percent: Decimal = Field(ge=0, le=100)
    organisation_types: tuple[str, ...]
    # Who may hold credits, by organisation type: a subset of the policy's CREDIT_HOLDER_TYPES,
    # always with DEVELOPER (project owners receive the issuance).
    credit_holder_types: tuple[str, ...] = HOLDER_TYPES
    sectors: tuple[str, ...] = Field(min_length=1)
    ghgs: tuple[str, ...] = Field(min_length=1)
    sectoral_scopes: dict[int, str]

    @field_validator("share_of_proceeds_percent", "omge_percent", mode="before")
    @classmethod
    def _no_float(cls, value: object) -> object:
        if isinstance(value, float):
            raise ValueError('write percentages as strings, e.g. "5" or "2.5", never floats')
        return value

    @field_validator("ledger_origin")
    @classmethod
    def _origin_is_one_line(cls, value: str) -> str:
        if re.search(r"\s", value):
            raise ValueError("the ledger origin must not contain whitespace")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CountryConfig:
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        unknown = set(self.organisation_types) - set(ORGANISATION_TYPES)
        if unknown:
            raise ValueError(f"unknown organisation types: {sorted(unknown)}")
        if "GOVERNMENT" not in self.organisation_types:
            raise ValueError("organisation_types must include GOVERNMENT")
        if not set(self.credit_holder_types) <= set(self.organisation_types) & set(HOLDER_TYPES):
            raise ValueError(
                f"credit_holder_types must be organisation_types among {', '.join(HOLDER_TYPES)}"
            )
        if "DEVELOPER" not in self.credit_holder_types:
            raise ValueError("credit_holder_types must include DEVELOPER (owners are issued)")
        if not self.registry_id.startswith(self.iso3):
            raise ValueError("registry_id must start with iso3")
        if sorted(self.sectoral_scopes) != list(range(1, len(self.sectoral_scopes) + 1)):
            raise ValueError("sectoral_scopes must be numbered 1..N without gaps")
        return self

    @classmethod
    def load(cls, path: Path) -> CountryConfig:
        """Read and validate a country file; raises ValueError with the file's name."""
        try:
            with path.open("rb") as handle:
                raw = tomllib.load(handle)
            return cls.model_validate(raw)
        except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
            raise ValueError(f"invalid country configuration {path}: {exc}") from exc


class Settings(BaseSettings):
    """The registry's configuration; every field is REGISTRY_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    storage_url: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    country_config: Path | None = None
    debug: bool = False
    secret_key: str | None = None
    ledger_signing_key_file: Path | None = None
    ledger_key_name: str | None = None
    smtp_url: str | None = None
    mail_from: str = "registry@localhost"
    public_url: str | None = None  # None: links follow the address each request was served at
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_query_depth: int = Field(default=12, ge=2)
    max_aliases: int = Field(default=30, ge=1)
    max_tokens: int = Field(default=5000, ge=100)
    # Identity providers for sign-in (JSON list; see README "Signing in with a national IdP").
    oidc_providers: str | None = None
    self_audit_seconds: float = Field(default=60, ge=0)  # 0: no background self-audit
    # Anonymous GraphQL requests per minute from one address (the public transparency queries).
    anonymous_requests_per_minute: int = Field(default=300, ge=1)

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        urls = {"DATABASE_URL": self.database_url, "STORAGE_URL": self.storage_url}
        urls["SMTP_URL"] = self.smtp_url
        for name, url in urls.items():
            if not url or "@" not in url:
                continue
            try:
                parts = urlsplit(url)
                given = [parts.username, parts.password]
            except ValueError:
                continue  # the URL's own parser says what is wrong with it
            for value in given:
                if value is not None and unquote(value).lower() in PLACEHOLDER_SECRETS:
                    raise ValueError(_placeholder(f"REGISTRY_{name}", unquote(value)))
        if self.secret_key and self.secret_key.lower() in PLACEHOLDER_SECRETS:
            raise ValueError(_placeholder("REGISTRY_SECRET_KEY", self.secret_key))
        return self

    @cached_property
    def resolved_data_dir(self) -> Path:
        path = self.data_dir.resolve()
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite://{self.resolved_data_dir / 'registry.sqlite3'}"

    @property
    def resolved_storage_url(self) -> str:
        return self.storage_url or str(self.resolved_data_dir / "documents")

    @cached_property
    def country_settings(self) -> CountryConfig:
        """The country configuration: REGISTRY_COUNTRY_CONFIG, else the bundled file for
        REGISTRY_COUNTRY, else the bundled default (VU). Raises ValueError if invalid."""
        if self.country_config is not None:
            path = self.country_config
        else:
            path = COUNTRIES_DIR / f"{self.country or 'VU'}.toml"
            if not path.exists():
                raise ValueError(
                    f"no bundled configuration for country {self.country}; "
                    "set REGISTRY_COUNTRY_CONFIG to your file"
                )
        config = CountryConfig.load(path)
        if self.country is not None and config.iso2 != self.country:
            raise ValueError(f"REGISTRY_COUNTRY={self.country} but {path} is for {config.iso2}")
        return config

    @cached_property
    def resolved_secret_key(self) -> bytes:
        """The HMAC key for session and reset tokens: configured, or generated once."""
        if self.secret_key:
            return self.secret_key.encode()
        return load_or_create_secret(self.resolved_data_dir / "secret_key", 32)

    @property
    def outbox_dir(self) -> Path:
        return self.resolved_data_dir / "outbox"

    @property
    def ledger_key_file(self) -> Path:
        return self.ledger_signing_key_file or self.resolved_data_dir / "ledger_signing_key.pem"


def _placeholder(name: str, value: str) -> str:
    return (
        f"{name} holds the placeholder {value!r} (from .env.example or a default): "
        "set a real secret, e.g. from `openssl rand -hex 24`"
    )


def load_or_create_secret(path: Path, size: int) -> bytes:
    """Return the secret stored at path, creating it (random, mode 0600) on first use."""
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    value = secrets.token_bytes(size)
    write_private_file(path, value.hex().encode())
    return value


def write_private_file(path: Path, content: bytes) -> None:
    """Create path with mode 0600 (refusing to overwrite) and write content."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
