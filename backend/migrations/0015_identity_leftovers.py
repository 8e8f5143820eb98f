"""Issue 10 leftovers: the token issuance log (out of the ledger), persisted-query documents
and a client's allow-list, PENDING and REJECTED users (first SSO sign-in), and the unused
failed_logins / locked_until columns removed (no lockout an attacker could use)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from backend.models.enums import UserStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class DropColumn(ops.RemoveField):
    """Drop a plain column with ALTER TABLE ... DROP COLUMN (PostgreSQL, SQLite 3.35+) rather
    than Tortoise's SQLite table rebuild, which the tables pointing at registry_user refuse
    once there are rows. Rolled back, the column comes back as `restore` says (DEFAULT 0 for
    a NOT NULL count, so that tables with rows accept it)."""

    def __init__(self, model_name: str, name: str, restore: str) -> None:
        super().__init__(model_name, name)
        self.restore = restore

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        if state_editor:
            table = old_state.apps.get_model(f"{app_label}.{self.model_name}")._meta.db_table
            await state_editor.client.execute_script(
                f'ALTER TABLE "{table}" DROP COLUMN "{self.name}"'
            )

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        if state_editor:
            table = new_state.apps.get_model(f"{app_label}.{self.model_name}")._meta.db_table
            await state_editor.client.execute_script(
                f'ALTER TABLE "{table}" ADD COLUMN "{self.name}" {self.restore}'
            )


class DescribeStatuses(ops.AlterField):
    """The user status gains PENDING and REJECTED: only the field's description (its list of
    values) changes, not the column (VARCHAR(16)), so nothing runs in the database (SQLite
    would otherwise rebuild the user table, which the tables pointing at it refuse)."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        return None

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):  # type: ignore[no-untyped-def]
        return None


class Migration(migrations.Migration):
    dependencies = [('registry', '0012_dashboard_totals')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiTokenIssuance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client', fields.ForeignKeyField('registry.ApiClient', source_field='client_id', db_constraint=True, to_field='id', related_name='issuances', on_delete=OnDelete.CASCADE)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('address', fields.CharField(null=True, max_length=64)),
                ('issued_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_token_issuance', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'The audit log of access tokens issued at /oauth/token (not the ledger: issuing a token'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PersistedQuery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sha256', fields.CharField(unique=True, max_length=64)),
                ('document', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'persisted_query', 'app': 'registry', 'pk_attr': 'id', 'table_description': "A GraphQL document government registered for clients' allow-lists, by its SHA-256"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiClient',
            name='allowed_operations',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        DescribeStatuses(
            model_name='User',
            name='status',
            field=fields.CharEnumField(default=UserStatus.ACTIVE, description='PENDING: PENDING\nACTIVE: ACTIVE\nREJECTED: REJECTED\nDEACTIVATED: DEACTIVATED', enum_type=UserStatus, max_length=16),
        ),
        DropColumn(model_name='User', name='failed_logins', restore='INT NOT NULL DEFAULT 0'),
        DropColumn(model_name='User', name='locked_until', restore='TIMESTAMPTZ NULL'),
    ]
