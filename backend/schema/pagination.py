"""Relay-style connections with totalCount; cursors are opaque offsets."""

from __future__ import annotations

import base64
from typing import Annotated, Generic, TypeVar

import strawberry

from backend.errors import BadUserInput

T = TypeVar("T")
MAX_PAGE = 100

# The paging arguments every list takes.
First = Annotated[
    int | None,
    strawberry.argument(description=f"How many items to return, 0 to {MAX_PAGE} (default 20)."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Return the items after this cursor (a page's endCursor)."),
]


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last edge; pass as `after`."
    )


@strawberry.type(description="One item of a list and its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many items the whole list has.")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset after the given cursor (0 without one). Raises BadUserInput."""
    if cursor is None:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadUserInput("invalid cursor.", field="after") from exc
    if kind != "offset" or offset < 0:
        raise BadUserInput("invalid cursor.", field="after")
    return offset + 1


def page_bounds(first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) for `first` items after `after`."""
    limit = 20 if first is None else first
    if not 0 <= limit <= MAX_PAGE:
        raise BadUserInput(f"first must be between 0 and {MAX_PAGE}.", field="first")
    return decode_cursor(after), limit


def make_connection(nodes: list[T], *, offset: int, total: int) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(offset + i), node=node) for i, node in enumerate(nodes)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(nodes) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
