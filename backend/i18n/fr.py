"""The server's words in French."""

from backend.i18n.exports_fr import EXPORT_HEADERS
from backend.i18n.mail_fr import MAIL
from backend.i18n.pdf_fr import PDF

TEXTS: dict[str, str] = {**EXPORT_HEADERS, **MAIL, **PDF}
