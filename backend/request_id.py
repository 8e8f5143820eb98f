"""The current request's ID, for the ledger's request_id and the logs."""

from contextvars import ContextVar

current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)
