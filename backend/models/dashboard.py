"""The dashboard's running totals, kept in the same transaction as the change they count."""

from __future__ import annotations

from datetime import date

from tortoise import fields
from tortoise.models import Model

# The day of all-time figures (each dated figure is also added there) and of the present
# state (pending work): a fixed value rather than NULL, so the unique key holds for them too.
NO_DAY = date(1970, 1, 1)


class DashboardTotal(Model):
    """One figure: `kind` (what is counted) and `key` (e.g. a status) per UTC day, organisation
    (0: the whole registry), sector ('' when none) and vintage (0 when none)."""

    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=32)
    day: date = fields.DateField()
    organisation_id = fields.IntField()
    sector = fields.CharField(max_length=60)
    vintage = fields.IntField()
    key = fields.CharField(max_length=100)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "dashboard_total"
        # Organisation and day first: the dashboard reads one organisation's all-time rows.
        unique_together = (("organisation_id", "day", "kind", "sector", "vintage", "key"),)
        table_description = "The dashboard's figures, updated with the changes they count."
