"""The server's words in Spanish."""

from backend.i18n.exports_es import EXPORT_HEADERS

TEXTS: dict[str, str] = {**EXPORT_HEADERS}
