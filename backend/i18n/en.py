"""The server's words in English."""

from backend.i18n.exports_en import EXPORT_HEADERS

TEXTS: dict[str, str] = {**EXPORT_HEADERS}
