"""Issue 12: the dashboard's counts by first-level region (kinds project_first_level and
authorised_first_level in dashboard_total): no table changes, the totals recounted so that an
existing registry's projects are counted in them too (as `dashboard rebuild` does)."""

from tortoise import migrations
from tortoise.migrations import operations as ops


async def recount(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Every total recounted from the rows, the new kinds with them."""
    from backend.services.dashboard_recount import rebuild

    await rebuild(schema_editor.client)


async def forget(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Going back: the new kinds' rows go (the older code does not read them)."""
    await schema_editor.client.execute_script(
        "DELETE FROM dashboard_total WHERE kind IN "
        "('project_first_level', 'authorised_first_level')"
    )


class Migration(migrations.Migration):
    dependencies = [('registry', '0014_read_indexes')]

    initial = False

    operations = [ops.RunPython(recount, reverse_code=forget)]
