from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from backend.models.enums import AccountKind, AuthorizationPurpose, BlockStatus, FirstTransferDefinition, RetirementKind, RetirementStatus, TransferStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('registry', '0005_ledger_subject')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='HOLDING: HOLDING\nRETIREMENT: RETIREMENT\nSHARE_OF_PROCEEDS: SHARE_OF_PROCEEDS\nOMGE: OMGE', enum_type=AccountKind, max_length=24)),
                ('organisation', fields.ForeignKeyField('registry.Organisation', source_field='organisation_id', null=True, unique=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.RESTRICT)),
                ('name', fields.CharField(max_length=200)),
            ],
            options={'table': 'account', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CooperativeApproach',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=6)),
                ('name', fields.CharField(max_length=300)),
                ('parties', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'cooperative_approach', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Authorization',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('authorization_id', fields.CharField(unique=True, max_length=64)),
                ('cooperative_approach', fields.ForeignKeyField('registry.CooperativeApproach', source_field='cooperative_approach_id', db_constraint=True, to_field='id', related_name='authorizations', on_delete=OnDelete.RESTRICT)),
                ('project', fields.ForeignKeyField('registry.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='authorizations', on_delete=OnDelete.RESTRICT)),
                ('authorized_on', fields.DateField()),
                ('version', fields.IntField(default=1)),
                ('quantity', fields.BigIntField()),
                ('metric', fields.CharField(default='GHG', max_length=16)),
                ('sectors', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('activity_types', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('purpose', fields.CharEnumField(description='NDC: NDC\nOIMP: OIMP\nNDC_AND_OIMP: NDC_AND_OIMP', enum_type=AuthorizationPurpose, max_length=16)),
                ('authorized_parties', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('authorized_entities', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('first_transfer_definition', fields.CharEnumField(null=True, description='AUTHORIZATION: AUTHORIZATION\nISSUANCE: ISSUANCE\nUSE_OR_CANCELLATION: USE_OR_CANCELLATION', enum_type=FirstTransferDefinition, max_length=24)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'article6_authorization', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Issuance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('monitoring_report', fields.ForeignKeyField('registry.MonitoringReport', source_field='monitoring_report_id', unique=True, db_constraint=True, to_field='id', related_name='issuances', on_delete=OnDelete.RESTRICT)),
                ('project', fields.ForeignKeyField('registry.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='issuances', on_delete=OnDelete.RESTRICT)),
                ('vintage', fields.IntField()),
                ('quantity', fields.BigIntField()),
                ('serial_start', fields.BigIntField()),
                ('serial_end', fields.BigIntField()),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'issuance', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'One issuance per approved monitoring period: the unique key makes "never twice" hold.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CreditBlock',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('issuance', fields.ForeignKeyField('registry.Issuance', source_field='issuance_id', db_constraint=True, to_field='id', related_name='blocks', on_delete=OnDelete.RESTRICT)),
                ('project', fields.ForeignKeyField('registry.Project', source_field='project_id', db_constraint=True, to_field='id', related_name='credit_blocks', on_delete=OnDelete.RESTRICT)),
                ('parent', fields.ForeignKeyField('registry.CreditBlock', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('holder', fields.ForeignKeyField('registry.Account', source_field='holder_id', db_constraint=True, to_field='id', related_name='blocks', on_delete=OnDelete.RESTRICT)),
                ('authorization', fields.ForeignKeyField('registry.Authorization', source_field='authorization_id', null=True, db_constraint=True, to_field='id', related_name='blocks', on_delete=OnDelete.RESTRICT)),
                ('serial_prefix', fields.CharField(max_length=80)),
                ('serial_start', fields.BigIntField(db_index=True)),
                ('serial_end', fields.BigIntField(db_index=True)),
                ('vintage', fields.IntField(db_index=True)),
                ('status', fields.CharEnumField(db_index=True, description='ACTIVE: ACTIVE\nRESERVED: RESERVED\nRETIRED: RETIRED\nCANCELLED: CANCELLED', enum_type=BlockStatus, max_length=16)),
                ('status_reason', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'credit_block', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'Units [serial_start, serial_end] of one issuance, held by one account, in one status.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RegistryState',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('transfers_frozen', fields.BooleanField(default=False)),
                ('frozen_reason', fields.TextField(null=True, unique=False)),
            ],
            options={'table': 'registry_state', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'The single row (id = 1) of registry-wide switches.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Retirement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('block', fields.ForeignKeyField('registry.CreditBlock', source_field='block_id', db_constraint=True, to_field='id', related_name='retirements', on_delete=OnDelete.RESTRICT)),
                ('quantity', fields.BigIntField()),
                ('kind', fields.CharEnumField(description='VOLUNTARY_CANCELLATION: VOLUNTARY_CANCELLATION\nNDC_USE: NDC_USE\nFIRST_TRANSFER: FIRST_TRANSFER\nLEGAL_OTHER: LEGAL_OTHER', enum_type=RetirementKind, max_length=24)),
                ('beneficiary', fields.CharField(max_length=200)),
                ('note', fields.TextField(null=True, unique=False)),
                ('acquiring_country', fields.CharField(null=True, max_length=3)),
                ('status', fields.CharEnumField(db_index=True, description='REQUESTED: REQUESTED\nRECOGNISED: RECOGNISED\nREJECTED: REJECTED\nCANCELLED: CANCELLED', enum_type=RetirementStatus, max_length=16)),
                ('status_reason', fields.TextField(null=True, unique=False)),
                ('requested_by', fields.ForeignKeyField('registry.Organisation', source_field='requested_by_id', db_constraint=True, to_field='id', related_name='retirements', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'retirement', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Transfer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('block', fields.ForeignKeyField('registry.CreditBlock', source_field='block_id', db_constraint=True, to_field='id', related_name='transfers', on_delete=OnDelete.RESTRICT)),
                ('moved_block', fields.ForeignKeyField('registry.CreditBlock', source_field='moved_block_id', null=True, db_constraint=True, to_field='id', related_name='arrivals', on_delete=OnDelete.RESTRICT)),
                ('quantity', fields.BigIntField()),
                ('from_account', fields.ForeignKeyField('registry.Account', source_field='from_account_id', db_constraint=True, to_field='id', related_name='transfers_out', on_delete=OnDelete.RESTRICT)),
                ('to_account', fields.ForeignKeyField('registry.Account', source_field='to_account_id', db_constraint=True, to_field='id', related_name='transfers_in', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(db_index=True, description='REQUESTED: REQUESTED\nCOMPLETED: COMPLETED\nREJECTED: REJECTED\nCANCELLED: CANCELLED', enum_type=TransferStatus, max_length=16)),
                ('status_reason', fields.TextField(null=True, unique=False)),
                ('requested_by', fields.ForeignKeyField('registry.Organisation', source_field='requested_by_id', db_constraint=True, to_field='id', related_name='transfers_requested', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'credit_transfer', 'app': 'registry', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
