"""Registry-wide counters (project numbers, activity numbers, serial units), never reused."""

from tortoise import fields
from tortoise.models import Model


class Counter(Model):
    """One row per sequence, taken under a row lock inside the caller's transaction."""

    name = fields.CharField(max_length=32, primary_key=True)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "registry_counter"
