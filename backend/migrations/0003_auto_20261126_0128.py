from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('registry', '0002_ledger_append_only')]

    initial = False

    operations = [
        ops.RemoveField(model_name='LedgerCheckpoint', name='size'),
        ops.AddField(
            model_name='LedgerCheckpoint',
            name='size',
            field=fields.BigIntField(primary_key=True, unique=True, db_index=True),
        ),
        ops.AddIndex(
            model_name='LedgerCheckpoint',
            index=Index(fields=['size']),
        ),
        ops.RemoveField(model_name='LedgerEntry', name='seq'),
        ops.AddField(
            model_name='LedgerEntry',
            name='seq',
            field=fields.BigIntField(primary_key=True, unique=True, db_index=True),
        ),
        ops.AddIndex(
            model_name='LedgerEntry',
            index=Index(fields=['seq']),
        ),
        ops.RemoveField(model_name='LedgerNode', name='key'),
        ops.AddField(
            model_name='LedgerNode',
            name='key',
            field=fields.BigIntField(primary_key=True, unique=True, db_index=True),
        ),
        ops.AddIndex(
            model_name='LedgerNode',
            index=Index(fields=['key']),
        ),
    ]
