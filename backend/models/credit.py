"""Credits: accounts, serial blocks, issuances, transfers, retirements, and the freeze."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from backend.models.enums import (
    AccountKind,
    BlockStatus,
    RetirementKind,
    RetirementStatus,
    TransferStatus,
)

if TYPE_CHECKING:
    from backend.models.activity import MonitoringReport
    from backend.models.article6 import Authorization
    from backend.models.organisation import Organisation
    from backend.models.project import Project


class Account(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(AccountKind, max_length=24)
    organisation: fields.ForeignKeyNullableRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation",
        related_name="accounts",
        null=True,
        unique=True,
        on_delete=fields.RESTRICT,
    )
    name = fields.CharField(max_length=200)

    organisation_id: int | None

    class Meta:
        table = "account"


class Issuance(Model):
    """One issuance per approved monitoring period: the unique key makes "never twice" hold."""

    id = fields.IntField(primary_key=True)
    monitoring_report: fields.ForeignKeyRelation[MonitoringReport] = fields.ForeignKeyField(
        "registry.MonitoringReport",
        related_name="issuances",
        unique=True,
        on_delete=fields.RESTRICT,
    )
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="issuances", on_delete=fields.RESTRICT
    )
    vintage = fields.IntField()
    quantity = fields.BigIntField()
    serial_start = fields.BigIntField()
    serial_end = fields.BigIntField()
    issued_at = fields.DatetimeField(auto_now_add=True)

    monitoring_report_id: int
    project_id: int

    class Meta:
        table = "issuance"
        indexes = (Index(fields=("project_id",), name="idx_issuance_project_id"),)


class CreditBlock(Model):
    """Units [serial_start, serial_end] of one issuance, held by one account, in one status."""

    id = fields.IntField(primary_key=True)
    issuance: fields.ForeignKeyRelation[Issuance] = fields.ForeignKeyField(
        "registry.Issuance", related_name="blocks", on_delete=fields.RESTRICT
    )
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "registry.Project", related_name="credit_blocks", on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation[CreditBlock] = fields.ForeignKeyField(
        "registry.CreditBlock", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    holder: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "registry.Account", related_name="blocks", on_delete=fields.RESTRICT
    )
    authorization: fields.ForeignKeyNullableRelation[Authorization] = fields.ForeignKeyField(
        "registry.Authorization", related_name="blocks", null=True, on_delete=fields.RESTRICT
    )
    serial_prefix = fields.CharField(max_length=80)  # CC-UNIT-SCOPE-PROJECT-VINTAGE-EXT
    serial_start = fields.BigIntField(db_index=True)
    serial_end = fields.BigIntField(db_index=True)
    vintage = fields.IntField(db_index=True)
    status = fields.CharEnumField(BlockStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    issuance_id: int
    project_id: int
    parent_id: int | None
    holder_id: int
    authorization_id: int | None

    @property
    def quantity(self) -> int:
        return int(self.serial_end) - int(self.serial_start) + 1

    @property
    def serial(self) -> str:
        return f"{self.serial_prefix}-{self.serial_start}-{self.serial_end}"

    class Meta:
        table = "credit_block"
        indexes = (
            Index(
                fields=("serial_prefix", "serial_start"),
                name="idx_credit_block_serial_prefix_serial_start",
            ),
            Index(fields=("holder_id",), name="idx_credit_block_holder_id"),
            Index(fields=("issuance_id",), name="idx_credit_block_issuance_id"),
            Index(fields=("project_id",), name="idx_credit_block_project_id"),
            Index(fields=("authorization_id",), name="idx_credit_block_authorization_id"),
        )


class Transfer(Model):
    id = fields.IntField(primary_key=True)
    block: fields.ForeignKeyRelation[CreditBlock] = fields.ForeignKeyField(
        "registry.CreditBlock", related_name="transfers", on_delete=fields.RESTRICT
    )
    moved_block: fields.ForeignKeyNullableRelation[CreditBlock] = fields.ForeignKeyField(
        "registry.CreditBlock", related_name="arrivals", null=True, on_delete=fields.RESTRICT
    )
    quantity = fields.BigIntField()
    from_account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "registry.Account", related_name="transfers_out", on_delete=fields.RESTRICT
    )
    to_account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "registry.Account", related_name="transfers_in", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(TransferStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    requested_by: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="transfers_requested", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    block_id: int
    moved_block_id: int | None
    from_account_id: int
    to_account_id: int
    requested_by_id: int

    class Meta:
        table = "credit_transfer"
        indexes = (
            Index(fields=("block_id",), name="idx_credit_transfer_block_id"),
            Index(fields=("from_account_id",), name="idx_credit_transfer_from_account_id"),
            Index(fields=("to_account_id",), name="idx_credit_transfer_to_account_id"),
            Index(fields=("requested_by_id",), name="idx_credit_transfer_requested_by_id"),
        )


class Retirement(Model):
    id = fields.IntField(primary_key=True)
    block: fields.ForeignKeyRelation[CreditBlock] = fields.ForeignKeyField(
        "registry.CreditBlock", related_name="retirements", on_delete=fields.RESTRICT
    )
    quantity = fields.BigIntField()
    kind = fields.CharEnumField(RetirementKind, max_length=24)
    beneficiary = fields.CharField(max_length=200)
    note: str | None = fields.TextField(null=True)
    acquiring_country = fields.CharField(max_length=3, null=True)  # ISO alpha-3, FIRST_TRANSFER
    status = fields.CharEnumField(RetirementStatus, max_length=16, db_index=True)
    status_reason: str | None = fields.TextField(null=True)
    requested_by: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "registry.Organisation", related_name="retirements", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)

    block_id: int
    requested_by_id: int

    class Meta:
        table = "retirement"
        indexes = (
            Index(fields=("block_id",), name="idx_retirement_block_id"),
            Index(fields=("requested_by_id",), name="idx_retirement_requested_by_id"),
        )


class RegistryState(Model):
    """The single row (id = 1) of registry-wide switches."""

    id = fields.IntField(primary_key=True)
    transfers_frozen = fields.BooleanField(default=False)
    frozen_reason: str | None = fields.TextField(null=True)

    class Meta:
        table = "registry_state"
