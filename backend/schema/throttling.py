"""Tell the services who is calling, and answer a throttled request with HTTP 429.

The services throttle sign-in per address (services/throttling.py); this extension sets the
address of the request for them, and when a TooManyRequests error comes back it sets the HTTP
status to 429 and Retry-After, as well as extensions.code TOO_MANY_REQUESTS and
extensions.retryAfter in the GraphQL error.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from backend.services.throttling import TooManyRequests, client_address


class HttpThrottling(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        request = getattr(context, "request", None)
        client = getattr(request, "client", None)
        token = client_address.set(client.host if client else None)
        try:
            yield
        finally:
            client_address.reset(token)
        result = self.execution_context.result
        response = getattr(context, "response", None)
        if result is None or not result.errors or response is None:
            return
        waits = [
            error.original_error.retry_after
            for error in result.errors
            if isinstance(error.original_error, TooManyRequests)
        ]
        if waits:
            response.status_code = 429
            response.headers["Retry-After"] = str(max(waits))
