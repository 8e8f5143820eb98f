"""Where each PDF document is served, for the routes and for the API's path fields."""

from __future__ import annotations

PROJECT_APPROVAL = "/documents/letters/project-approval/{id}.pdf"
ARTICLE6_AUTHORISATION = "/documents/letters/article6-authorisation/{id}.pdf"
ISSUANCE_STATEMENT = "/documents/statements/issuance/{id}.pdf"
RETIREMENT_CERTIFICATE = "/documents/certificates/retirement/{id}.pdf"


def path(pattern: str, id: int) -> str:
    """The path of the document of pattern for the object id."""
    return pattern.format(id=id)
