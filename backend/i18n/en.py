"""The server's words in English."""

from backend.i18n.exports_en import EXPORT_HEADERS
from backend.i18n.mail_en import MAIL
from backend.i18n.pdf_en import PDF

TEXTS: dict[str, str] = {**EXPORT_HEADERS, **MAIL, **PDF}
