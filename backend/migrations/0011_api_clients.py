"""Issue 10: partner API clients, their access tokens and used private_key_jwt assertions;
OpenID Connect identities (issuer, subject) and sign-in states."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('registry', '0010_idempotency_keys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiClient',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client_id', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('organisation', fields.ForeignKeyField('registry.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='api_clients', on_delete=OnDelete.RESTRICT)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('auth_method', fields.CharField(max_length=32)),
                ('secret_hash', fields.CharField(null=True, max_length=64)),
                ('jwks', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('rate_limit_per_minute', fields.IntField(default=100)),
                ('created_by_user_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('secret_rotated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_client', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'A partner system OAuth 2 client (client credentials), its secret only as an HMAC.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiAccessToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('client', fields.ForeignKeyField('registry.ApiClient', source_field='client_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_access_token', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'A short-lived bearer token issued to a client, of which only the HMAC is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiClientAssertion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('client', fields.ForeignKeyField('registry.ApiClient', source_field='client_id', db_constraint=True, to_field='id', related_name='assertions', on_delete=OnDelete.CASCADE)),
                ('jti', fields.CharField(max_length=200)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_client_assertion', 'app': 'registry', 'unique_together': (('client', 'jti'),), 'pk_attr': 'id', 'table_description': 'A used private_key_jwt assertion jti, kept until it expires so it is used only once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OidcState',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('state_hash', fields.CharField(unique=True, max_length=64)),
                ('provider', fields.CharField(max_length=64)),
                ('nonce', fields.CharField(max_length=64)),
                ('code_verifier', fields.CharField(max_length=128)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'oidc_state', 'app': 'registry', 'pk_attr': 'id', 'table_description': 'A sign-in under way: its state (only the HMAC), nonce and PKCE verifier, used once.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UserIdentity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('issuer', fields.CharField(max_length=300)),
                ('subject', fields.CharField(max_length=255)),
                ('user', fields.ForeignKeyField('registry.User', source_field='user_id', db_constraint=True, to_field='id', related_name='identities', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'user_identity', 'app': 'registry', 'unique_together': (('issuer', 'subject'),), 'pk_attr': 'id', 'table_description': 'A person at an identity provider: the pair (issuer, subject), linked to one user.'},
            bases=['Model'],
        ),
    ]
