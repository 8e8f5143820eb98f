"""Input checks shared by the services; each raises BadUserInput with a clear message."""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

from backend.errors import BadUserInput

PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}$")
TAX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./\-]{0,63}$")
WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]{2,290}$")
PASSWORD_MIN, PASSWORD_MAX = 12, 256


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str | None:
    """NFC-normalised, stripped text of at most max_length characters."""
    cleaned = unicodedata.normalize("NFC", value).strip() if value is not None else ""
    if not cleaned:
        if required:
            raise BadUserInput(f"{field} is required.", field=field)
        return None
    if len(cleaned) > max_length:
        raise BadUserInput(f"{field} is longer than {max_length} characters.", field=field)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in cleaned):
        raise BadUserInput(f"{field} contains control characters.", field=field)
    return cleaned


def required_text(value: str, field: str, *, max_length: int) -> str:
    result = text(value, field, max_length=max_length)
    assert result is not None
    return result


def email(value: str, field: str = "email") -> str:
    """A syntactically valid e-mail address, lower-cased."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except (EmailNotValidError, AttributeError) as exc:
        raise BadUserInput(f"{field} is not a valid e-mail address.", field=field) from exc
    return str(result.normalized).lower()


def phone(value: str | None, field: str = "phone") -> str | None:
    if value is None or not value.strip():
        return None
    if not PHONE.match(value.strip()):
        raise BadUserInput(f"{field} is not a valid phone number.", field=field)
    return value.strip()


def tax_id(value: str) -> str:
    cleaned = value.strip()
    if not TAX_ID.match(cleaned):
        raise BadUserInput(
            "taxId must be 1-64 letters, digits, spaces, dots, slashes or dashes.", field="taxId"
        )
    return cleaned


def website(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if not WEBSITE.match(value.strip()):
        raise BadUserInput("website must be an http(s) URL.", field="website")
    return value.strip()


def password(value: str, field: str = "password") -> str:
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        raise BadUserInput(
            f"{field} must be {PASSWORD_MIN} to {PASSWORD_MAX} characters long.", field=field
        )
    return value
