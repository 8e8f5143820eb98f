"""The registry-wide counters start at 0 (the first value handed out is 1)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

COUNTERS = ("project", "activity", "serial")


async def forward(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for name in COUNTERS:
        await schema_editor.client.execute_script(
            f"INSERT INTO registry_counter (name, value) VALUES ('{name}', 0);"
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_projects")]

    operations = [ops.RunPython(forward)]
