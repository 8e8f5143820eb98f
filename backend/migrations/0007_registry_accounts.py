"""The registry's own accounts and its switches row."""

from tortoise import migrations
from tortoise.migrations import operations as ops

ACCOUNTS = (
    ("RETIREMENT", "Registry retirement and cancellation account"),
    ("SHARE_OF_PROCEEDS", "Registry share-of-proceeds account"),
    ("OMGE", "Registry OMGE cancellation account"),
)


async def forward(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    client = schema_editor.client
    for kind, name in ACCOUNTS:
        await client.execute_script(
            f"INSERT INTO account (kind, name) VALUES ('{kind}', '{name}');"
        )
    false = "false" if client.capabilities.dialect == "postgres" else "0"
    await client.execute_script(
        f"INSERT INTO registry_state (id, transfers_frozen) VALUES (1, {false});"
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_credits")]

    operations = [ops.RunPython(forward)]
