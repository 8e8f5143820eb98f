"""The ledger's tables. Rows are only ever inserted (triggers refuse UPDATE and DELETE),
except the single head row, which the appender locks and advances."""

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class LedgerHead(Model):
    """The one row (id = 1) that serialises appenders: tree size and its compact range."""

    id = fields.IntField(primary_key=True)
    size = fields.BigIntField()
    compact = fields.BinaryField()  # the right edge: one 32-byte root per perfect subtree
    root = fields.BinaryField()

    class Meta:
        table = "ledger_head"


class LedgerEntry(Model):
    seq = fields.BigIntField(primary_key=True)
    body = fields.BinaryField()  # the exact RFC 8785 bytes that were hashed
    leaf_hash = fields.BinaryField()
    type = fields.CharField(max_length=64, db_index=True)
    # What the entry is about, e.g. "project:12", so an object's history is one indexed query.
    subject = fields.CharField(max_length=64, null=True, db_index=True)

    class Meta:
        table = "ledger_entry"
        indexes = (Index(fields=("subject", "seq"), name="idx_ledger_entry_subject_seq"),)


class LedgerNode(Model):
    """A perfect-subtree node of the Merkle tree, keyed by level << 56 | index."""

    key = fields.BigIntField(primary_key=True)
    hash = fields.BinaryField()

    class Meta:
        table = "ledger_node"


class LedgerCheckpoint(Model):
    """A signed tree head (C2SP signed note), all kept."""

    size = fields.BigIntField(primary_key=True)
    root = fields.BinaryField()
    note = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "ledger_checkpoint"
