"""Issue 12: a project's dashboard figures count for its acting certifiers too (rows of
dashboard_total for the certifier organisations): no table changes, the totals recounted so
that an existing registry's certifiers see the projects they already act on (as `dashboard
rebuild` does)."""

from tortoise import migrations
from tortoise.migrations import operations as ops


async def recount(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Every total recounted from the rows, the certifiers' figures with them."""
    from backend.services.dashboard_recount import rebuild

    await rebuild(schema_editor.client)


async def keep(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Going back: the certifiers' rows stay (the older code reads them only for a certifier,
    whose dashboard it showed empty); `carbon-registry dashboard rebuild` of the older code
    recounts them away."""


class Migration(migrations.Migration):
    dependencies = [('registry', '0016_dashboard_first_level_regions')]

    initial = False

    operations = [ops.RunPython(recount, reverse_code=keep)]
