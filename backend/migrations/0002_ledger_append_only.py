"""The ledger is append-only: triggers refuse UPDATE and DELETE on its rows (the head row, which
the appender advances under lock, is the one exception), and the head row starts at size 0."""

from tortoise import migrations
from tortoise.migrations import operations as ops

EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
TABLES = ("ledger_entry", "ledger_node", "ledger_checkpoint")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _postgres(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();",
    ]


def _sqlite(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: {op} on {table} refused'); END;"
        for op in ("UPDATE", "DELETE")
    ]


async def forward(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        statements = [POSTGRES_FUNCTION] + [s for t in TABLES for s in _postgres(t)]
        head = f"INSERT INTO ledger_head (id, size, compact, root) VALUES (1, 0, '', '\\x{EMPTY_ROOT_HEX}'::bytea);"
    else:
        statements = [s for t in TABLES for s in _sqlite(t)]
        head = f"INSERT INTO ledger_head (id, size, compact, root) VALUES (1, 0, X'', X'{EMPTY_ROOT_HEX}');"
    for statement in [*statements, head]:
        await client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [ops.RunPython(forward)]
