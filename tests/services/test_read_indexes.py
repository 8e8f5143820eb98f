"""Migration 0014: every index the models declare exists after `migrate` (PostgreSQL and SQLite),
and on a seeded PostgreSQL registry the reads that lists and serialLookup make use them: no
Seq Scan on a large table in any statement they send (EXPLAIN of the very statements, with their
parameters, captured from the ORM's query log)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from tortoise import Tortoise

from backend.db import connection
from bench import seed
from bench.registry import LOGIN, ORGANISATIONS, PROJECTS, SERIAL
from tests.conftest import DB_KIND, GraphQLClient

# Tables with thousands of rows at the test's seed scale; a Seq Scan on one of them is what the
# indexes are there to avoid (small tables such as organisation may be read whole by design).
LARGE = {"activity", "monitoring_report", "issuance", "credit_block", "ledger_entry"}


def declared_indexes() -> dict[str, dict[str, list[str]]]:
    """table -> index name -> columns, from the models' Meta.indexes."""
    found: dict[str, dict[str, list[str]]] = {}
    for model in Tortoise.apps["registry"].values():
        for index in model._meta.indexes:
            found.setdefault(model._meta.db_table, {})[index.name] = list(index.fields)
    return found


async def indexes_in_database(table: str) -> dict[str, list[str]]:
    """The named indexes of table with their columns, from the database's own catalogue."""
    db = connection()
    if DB_KIND == "sqlite":
        _, rows = await db.execute_query(f"PRAGMA index_list('{table}')")
        result = {}
        for row in rows:
            _, columns = await db.execute_query(f"PRAGMA index_info('{row['name']}')")
            result[row["name"]] = [c["name"] for c in sorted(columns, key=lambda c: c["seqno"])]
        return result
    _, rows = await db.execute_query(
        "SELECT i.relname AS name, array_agg(a.attname ORDER BY k.n) AS columns"
        " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " JOIN pg_class t ON t.oid = x.indrelid"
        " CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
        " WHERE t.relname = $1 GROUP BY i.relname",
        [table],
    )
    return {row["name"]: list(row["columns"]) for row in rows}


async def test_migrate_creates_every_index_the_models_declare(database: str) -> None:
    declared = declared_indexes()
    assert declared["ledger_entry"] == {"idx_ledger_entry_subject_seq": ["subject", "seq"]}
    assert declared["credit_block"]["idx_credit_block_serial_prefix_serial_start"] == [
        "serial_prefix",
        "serial_start",
    ]
    assert sum(len(v) for v in declared.values()) >= 29
    for table, indexes in declared.items():
        present = await indexes_in_database(table)
        for name, columns in indexes.items():
            assert present.get(name) == columns, (table, name, present)


@contextmanager
def captured_selects() -> Iterator[list[tuple[str, list[Any]]]]:
    """The SELECT statements (and their parameters) the ORM sends inside the block."""
    statements: list[tuple[str, list[Any]]] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if len(record.args or ()) == 2:
                query, values = record.args  # type: ignore[misc]
                if str(query).lstrip().upper().startswith("SELECT"):
                    statements.append((str(query), list(values or [])))

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Capture(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from scans(child)


async def plans_of(statements: list[tuple[str, list[Any]]]) -> list[tuple[str, list[Any]]]:
    """(statement, its plan's nodes) for each captured statement."""
    db = connection()
    result = []
    for query, values in statements:
        _, rows = await db.execute_query(f"EXPLAIN (FORMAT JSON) {query}", values)
        plan = rows[0]["QUERY PLAN"]
        plan = plan if isinstance(plan, list) else __import__("json").loads(plan)
        result.append((query, list(scans(plan[0]["Plan"]))))
    return result


def seq_scans_on_large_tables(plans: list[tuple[str, list[Any]]]) -> list[str]:
    return [
        f"{node['Relation Name']}: {query}"
        for query, nodes in plans
        for node in nodes
        if node["Node Type"] == "Seq Scan"
        and node.get("Relation Name") in LARGE
        and not query.lstrip().upper().startswith("SELECT COUNT(")
    ]


@pytest.mark.postgres_only
async def test_lists_and_serial_lookup_use_indexes_on_a_seeded_registry(
    database: str, gql: GraphQLClient
) -> None:
    scale = seed.Scale.of(0.02)  # 200 projects, 2,000 activities, 20,000 blocks and entries
    await seed.seed_rows(scale, lambda _: None)
    await seed.seed_ledger(scale, lambda _: None)
    await connection().execute_script("VACUUM ANALYZE")
    login = await gql(LOGIN, e="user1@bench.example", p=seed.PASSWORD)
    signed_in = gql.as_(login["data"]["login"]["token"])

    # Block 12,345 of issuance 1,235 (project 124), as the bench names its units.
    unit = 12_344 * seed.UNITS_PER_BLOCK + 17
    serial = f"VU-VCU-{1 + 124 % 15}-124-2024-1235-{unit}"
    with captured_selects() as statements:
        found = await gql(SERIAL, s=serial)
    assert "errors" not in found, found
    assert found["data"]["serialLookup"]["block"]["id"] == "12345"
    assert found["data"]["serialLookup"]["history"], found
    plans = await plans_of(statements)
    used = {node.get("Index Name") for _, nodes in plans for node in nodes}
    assert "idx_credit_block_serial_prefix_serial_start" in used, plans
    assert "idx_ledger_entry_subject_seq" in used, plans
    assert seq_scans_on_large_tables(plans) == []

    for query in (ORGANISATIONS, PROJECTS):
        with captured_selects() as statements:
            listed = await signed_in(query)
        assert "errors" not in listed, listed
        plans = await plans_of(statements)
        assert len(plans) >= 2  # the page and its count, and the nested parts for projects
        assert seq_scans_on_large_tables(plans) == [], query
    used = {node.get("Index Name") for _, nodes in plans for node in nodes}
    assert "idx_activity_project_id" in used, plans
