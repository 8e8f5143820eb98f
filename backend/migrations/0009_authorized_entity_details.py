from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('registry', '0008_financing_commitment_salt')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Authorization',
            name='entity_details',
            field=fields.JSONField(default=list, db_default=[], encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
