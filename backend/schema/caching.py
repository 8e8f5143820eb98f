"""Parse and validate each distinct query text once per process.

Strawberry's QueryDepthLimiter and MaxAliasesLimiter build a new validation-rule class for every
request, so the validation cache (keyed on the document and the rules) would never hit. Here
the rule classes are built once, when the schema is, and the parser's and validator's LRU caches
are shared by every request of the process. A cached parse was made under the same token limit
(same text, same tokens); a cached validation ran the same rules on the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from graphql import ASTValidationRule, GraphQLError, parse
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

# Distinct query texts kept: clients send a few dozen; hostile ones only push others out.
CACHED_DOCUMENTS = 1024
_parse = lru_cache(maxsize=CACHED_DOCUMENTS)(parse)


class ParserCache(SchemaExtension):
    """Strawberry's ParserCache parses inside the hook, so a syntax error (or the token limit)
    escapes Strawberry's error handling and loses its extensions.code. This one caches good
    parses only: on an error it leaves the document unset, and Strawberry parses again and
    reports the error as it does without a cache."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        try:
            context.graphql_document = _parse(context.query, **context.parse_options)
        except (GraphQLError, TypeError):
            pass
        yield


def cached_limits(
    *, max_depth: int, max_aliases: int, max_tokens: int
) -> list[Callable[[], SchemaExtension]]:
    """The schema's extensions for the size limits, with cached parsing and validation."""
    rules: list[type[ASTValidationRule]] = [
        depth_rule(max_depth, None, None),
        alias_rule(max_aliases),
    ]
    return [
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        ParserCache,
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHED_DOCUMENTS),
    ]
