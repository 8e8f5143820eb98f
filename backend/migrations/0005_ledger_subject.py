from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('registry', '0004_counters')]

    initial = False

    operations = [
        ops.AddField(
            model_name='LedgerEntry',
            name='subject',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
    ]
