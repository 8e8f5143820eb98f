"""The server's words in Spanish."""

from backend.i18n.exports_es import EXPORT_HEADERS
from backend.i18n.mail_es import MAIL
from backend.i18n.pdf_es import PDF

TEXTS: dict[str, str] = {**EXPORT_HEADERS, **MAIL, **PDF}
