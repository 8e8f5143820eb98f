from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('registry', '0007_registry_accounts')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Financing',
            name='commitment_salt',
            field=fields.CharField(default='', db_default='', max_length=32),
        ),
    ]
