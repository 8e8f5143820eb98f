"""Issue 12: the dashboard's kept totals (dashboard_total), backfilled from the existing rows."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


async def backfill(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """An existing registry's figures, recounted from its rows (as `dashboard rebuild` does)."""
    from backend.services.dashboard_recount import rebuild

    await rebuild(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('registry', '0011_api_clients')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DashboardTotal',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=32)),
                ('day', fields.DateField()),
                ('organisation_id', fields.IntField()),
                ('sector', fields.CharField(max_length=60)),
                ('vintage', fields.IntField()),
                ('key', fields.CharField(max_length=100)),
                ('value', fields.BigIntField(default=0)),
            ],
            options={'table': 'dashboard_total', 'app': 'registry', 'unique_together': (('organisation_id', 'day', 'kind', 'sector', 'vintage', 'key'),), 'pk_attr': 'id', 'table_description': "The dashboard's figures, updated with the changes they count."},
            bases=['Model'],
        ),
        ops.RunPython(backfill),
    ]
