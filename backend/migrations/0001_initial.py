from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from backend.models.enums import OrganisationStatus, OrganisationType, Role, UserStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='LedgerCheckpoint',
            fields=[
                ('size', fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ('root', fields.BinaryField()),
                ('note', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ledger_checkpoint', 'app': 'registry', 'pk_attr': 'size', 'table_description': 'A signed tree head (C2SP signed note), all kept.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('seq', fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ('body', fields.BinaryField()),
                ('leaf_hash', fields.BinaryField()),
                ('type', fields.CharField(db_index=True, max_length=64)),
            ],
            options={'table': 'ledger_entry', 'app': 'registry', 'pk_attr': 'seq'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerHead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('size', fields.BigIntField()),
                ('compact', fields.BinaryField()),
                ('root', fields.BinaryField()),
            ],
            options={'table': 'ledger_head', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'The one row (id = 1) that serialises appenders: tree size and its compact range.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerNode',
            fields=[
                ('key', fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ('hash', fields.BinaryField()),
            ],
            options={'table': 'ledger_node', 'app': 'registry', 'pk_attr': 'key', 'table_description': 'A perfect-subtree node of the Merkle tree, keyed by level << 56 | index.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Organisation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(db_index=True, max_length=200)),
                ('tax_id', fields.CharField(unique=True, max_length=64)),
                ('type', fields.CharEnumField(db_index=True, description='GOVERNMENT: GOVERNMENT\nMINISTRY: MINISTRY\nDEVELOPER: DEVELOPER\nCERTIFIER: CERTIFIER\nPARTNER: PARTNER', enum_type=OrganisationType, max_length=16)),
                ('status', fields.CharEnumField(db_index=True, description='PENDING: PENDING\nACTIVE: ACTIVE\nREJECTED: REJECTED\nSUSPENDED: SUSPENDED', enum_type=OrganisationStatus, max_length=16)),
                ('status_reason', fields.TextField(null=True, unique=False)),
                ('email', fields.CharField(max_length=254)),
                ('phone', fields.CharField(null=True, max_length=32)),
                ('website', fields.CharField(null=True, max_length=300)),
                ('address', fields.TextField(null=True, unique=False)),
                ('country', fields.CharField(max_length=2)),
                ('logo_url', fields.CharField(null=True, max_length=500)),
                ('sectoral_scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'organisation', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('registry.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.RESTRICT)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('name', fields.CharField(max_length=200)),
                ('phone', fields.CharField(null=True, max_length=32)),
                ('language', fields.CharField(default='en', max_length=8)),
                ('role', fields.CharEnumField(description='ROOT: ROOT\nADMIN: ADMIN\nMANAGER: MANAGER\nVIEWER: VIEWER', enum_type=Role, max_length=8)),
                ('status', fields.CharEnumField(default=UserStatus.ACTIVE, description='ACTIVE: ACTIVE\nDEACTIVATED: DEACTIVATED', enum_type=UserStatus, max_length=16)),
                ('password_hash', fields.CharField(null=True, max_length=200)),
                ('failed_logins', fields.IntField(default=0)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'registry_user', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PasswordResetToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('registry.User', source_field='user_id', db_constraint=True, to_field='id', related_name='reset_tokens', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'password_reset_token', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'A single-use token sent by e-mail, of which only the HMAC is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('registry.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'user_session', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'A sign-in, of which only the HMAC of the bearer token is stored.'},
            bases=['Model'],
        ),
    ]
