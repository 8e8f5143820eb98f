"""The server's words in French."""

from backend.i18n.exports_fr import EXPORT_HEADERS

TEXTS: dict[str, str] = {**EXPORT_HEADERS}
