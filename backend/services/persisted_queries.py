"""Persisted queries: government can restrict a partner API client to an allow-list of
operations, named by the SHA-256 of their document in the form Apollo and urql clients send
(`extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`). A restricted client's
other operations are FORBIDDEN. The documents are registered by government with the list, so a
client may send the hash alone; nobody else can add documents (no automatic registration)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from backend.db import locked, transaction
from backend.errors import BadUserInput, Conflict, Forbidden, RegistryError
from backend.ledger import entries
from backend.models.api_client import ApiClient, PersistedQuery
from backend.policy import Action, Principal, require
from backend.services import ledger
from backend.services.api_clients import IssuedClient

MAX_OPERATIONS = 100
MAX_DOCUMENT_CHARS = 20_000
_HEX64 = re.compile(r"[0-9a-f]{64}")


class PersistedQueryNotFound(RegistryError):
    """A hash the registry holds no document for (Apollo's clients then send the text)."""

    code = "PERSISTED_QUERY_NOT_FOUND"


def sha256_of(document: str) -> str:
    """The hash a client sends for a document: SHA-256 of its exact UTF-8 text, in hex."""
    return hashlib.sha256(document.encode()).hexdigest()


async def set_allowed_operations(
    *, principal: Principal, client_id: int, documents: list[str] | None
) -> IssuedClient:
    """Restrict a client to these operations (their documents are stored by hash), or lift
    the restriction (None). Raises Forbidden, NotFound, BadUserInput, Conflict (revoked)."""
    require(principal, Action.API_CLIENT_MANAGE)
    hashes: list[str] | None = None
    if documents is not None:
        if not documents or len(documents) > MAX_OPERATIONS:
            raise BadUserInput(f"give 1 to {MAX_OPERATIONS} operations.", field="documents")
        if any(not d.strip() or len(d) > MAX_DOCUMENT_CHARS for d in documents):
            raise BadUserInput(
                f"each operation is 1 to {MAX_DOCUMENT_CHARS} characters.", field="documents"
            )
        hashes = sorted({sha256_of(d) for d in documents})
    async with transaction() as connection:
        client = await locked(connection, ApiClient, client_id, name="API client", field="id")
        if client.revoked_at is not None:
            raise Conflict("this client is revoked.")
        for document in documents or []:
            digest = sha256_of(document)
            if not await PersistedQuery.filter(sha256=digest).using_db(connection).exists():
                await PersistedQuery.create(using_db=connection, sha256=digest, document=document)
        client.allowed_operations = hashes
        await client.save(using_db=connection, update_fields=["allowed_operations"])
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                entries.ApiClientOperationsSet(
                    id=client.id, oauth_client=client.client_id, allowed_operations=hashes
                ),
                principal.actor,
                subject=f"api_client:{client.id}",
            ),
        )
    return IssuedClient(client, None, seq)


def _requested_hash(extensions: Any) -> str | None:
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version", 1) != 1:
        raise BadUserInput("extensions.persistedQuery must be {version: 1, sha256Hash}.")
    value = persisted.get("sha256Hash")
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise BadUserInput("sha256Hash must be 64 lowercase hex digits.")
    return value


async def operation_text(
    principal: Principal | None, query: str | None, extensions: Any
) -> str | None:
    """The document to run for a request: its query, or the registered document of its
    persisted-query hash. Raises BadUserInput (a hash that does not match the query),
    Forbidden (a restricted client's operation off its list), PersistedQueryNotFound."""
    wanted = _requested_hash(extensions)
    if wanted is not None and query is not None and sha256_of(query) != wanted:
        raise BadUserInput("provided sha does not match query")
    if principal is not None and principal.is_client:
        client = await ApiClient.get(id=principal.client_id)
        if client.allowed_operations is not None:
            named = wanted or (sha256_of(query) if query is not None else None)
            if named not in client.allowed_operations:
                raise Forbidden(
                    "this client may send only its allowed operations (persisted queries).",
                    action="persisted_query",
                )
    if query is None and wanted is not None:
        row = await PersistedQuery.get_or_none(sha256=wanted)
        if row is None:
            raise PersistedQueryNotFound("PersistedQueryNotFound")
        return row.document
    return query
