"""Entry types about credits. Since body version 2 every id is a JSON integer (version 1 wrote
block and retirement ids as strings) and every entry that concerns units names them: the block
acted on and the units [start, end]. The version-1 records stay, to read what was written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from .base import Entry, key


class IssuedBlock(TypedDict):
    """One block of an issuance: its units, first holder, status and authorization (text)."""

    block_id: int
    start: int
    end: int
    holder: str  # an account reference, "account:{id}"
    status: str
    authorization: str | None


class _IssuedBlockV1(TypedDict):
    block_id: str | int
    start: int
    end: int
    holder: str
    status: str


class IssuedBlockV1(_IssuedBlockV1, total=False):
    authorization: str | None  # the earliest bodies had none: all were ITMOs


@dataclass(frozen=True, kw_only=True)
class CreditsIssued(Entry):
    """Units issued for a monitoring period, in blocks (an OMGE block CANCELLED at once)."""

    TYPE, VERSION = "credits.issued", 2
    issuance_id: int
    monitoring_report_id: int
    project_id: int
    vintage: int
    quantity: int
    serial_prefix: str
    blocks: Sequence[IssuedBlock]


@dataclass(frozen=True, kw_only=True)
class CreditsIssuedV1(Entry):
    TYPE = "credits.issued"
    issuance_id: int
    monitoring_report_id: int
    project_id: int
    vintage: int
    quantity: int
    serial_prefix: str
    blocks: Sequence[IssuedBlockV1]

    def current(self) -> CreditsIssued:
        return CreditsIssued(
            issuance_id=self.issuance_id,
            monitoring_report_id=self.monitoring_report_id,
            project_id=self.project_id,
            vintage=self.vintage,
            quantity=self.quantity,
            serial_prefix=self.serial_prefix,
            blocks=[
                IssuedBlock(
                    block_id=int(b["block_id"]),
                    start=b["start"],
                    end=b["end"],
                    holder=b["holder"],
                    status=b["status"],
                    # No key: written before an authorization could run out, all authorized
                    # (by an authorization the body does not name: "").
                    authorization=b.get("authorization", ""),
                )
                for b in self.blocks
            ],
        )


@dataclass(frozen=True, kw_only=True)
class CreditsTransferred(Entry):
    """Units [start, end] of block_id moved from one account to another; new_block_id is the
    split-off block when only its tail moved."""

    TYPE, VERSION = "credits.transferred", 2
    transfer_id: int
    block_id: int
    new_block_id: int | None
    start: int
    end: int
    sender: str = key("from")
    receiver: str = key("to")


@dataclass(frozen=True, kw_only=True)
class CreditsTransferredV1(Entry):
    TYPE = "credits.transferred"
    transfer_id: int
    block_id: str
    new_block_id: str | None
    start: int
    end: int
    sender: str = key("from")
    receiver: str = key("to")

    def current(self) -> CreditsTransferred:
        return CreditsTransferred(
            transfer_id=self.transfer_id,
            block_id=int(self.block_id),
            new_block_id=None if self.new_block_id is None else int(self.new_block_id),
            start=self.start,
            end=self.end,
            sender=self.sender,
            receiver=self.receiver,
        )


@dataclass(frozen=True, kw_only=True)
class TransferRequested(Entry):
    """The receiver asked for quantity units of block_id: the units [start, end] it would get
    were the request approved now (the block's tail)."""

    TYPE, VERSION = "credits.transfer_requested", 2
    transfer_id: int
    block_id: int
    quantity: int
    start: int
    end: int
    sender: str = key("from")
    receiver: str = key("to")


@dataclass(frozen=True, kw_only=True)
class TransferRequestedV1(Entry):
    TYPE = "credits.transfer_requested"
    transfer_id: int
    block_id: str
    quantity: int
    sender: str = key("from")
    receiver: str = key("to")


@dataclass(frozen=True, kw_only=True)
class TransferClosed(Entry):
    """A transfer request closed without moving units; it concerned the units its request
    named (resolvable through transfer_id)."""

    VERSION = 2
    transfer_id: int
    block_id: int
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class TransferRejected(TransferClosed):
    """The holder refused a transfer request."""

    TYPE = "credits.transfer_rejected"


@dataclass(frozen=True, kw_only=True)
class TransferCancelled(TransferClosed):
    """The requester withdrew a transfer request."""

    TYPE = "credits.transfer_cancelled"


@dataclass(frozen=True, kw_only=True)
class TransferClosedV1(Entry):
    transfer_id: int


@dataclass(frozen=True, kw_only=True)
class TransferRejectedV1(TransferClosedV1):
    TYPE = "credits.transfer_rejected"


@dataclass(frozen=True, kw_only=True)
class TransferCancelledV1(TransferClosedV1):
    TYPE = "credits.transfer_cancelled"


@dataclass(frozen=True, kw_only=True)
class RetirementRequested(Entry):
    """Units [start, end] of block_id were reserved for a retirement (new_block_id: the
    split-off block, when only the block's tail is retired)."""

    TYPE, VERSION = "credits.retirement_requested", 2
    retirement_id: int
    block_id: int
    new_block_id: int | None
    start: int
    end: int
    holder: str
    kind: str
    acquiring_country: str | None


@dataclass(frozen=True, kw_only=True)
class RetirementRequestedV1(Entry):
    TYPE = "credits.retirement_requested"
    retirement_id: str
    block_id: str
    new_block_id: str | None
    start: int
    end: int
    holder: str
    kind: str
    acquiring_country: str | None

    def current(self) -> RetirementRequested:
        return RetirementRequested(
            retirement_id=int(self.retirement_id),
            block_id=int(self.block_id),
            new_block_id=None if self.new_block_id is None else int(self.new_block_id),
            start=self.start,
            end=self.end,
            holder=self.holder,
            kind=self.kind,
            acquiring_country=self.acquiring_country,
        )


@dataclass(frozen=True, kw_only=True)
class RetirementDecided(Entry):
    """The end of a retirement request: the reserved block_id, units [start, end]."""

    VERSION = 2
    retirement_id: int
    block_id: int
    start: int
    end: int
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class RetirementRecognised(RetirementDecided):
    """The government recognised a retirement: its units are retired for good."""

    TYPE = "credits.retirement_recognised"


@dataclass(frozen=True, kw_only=True)
class RetirementRejected(RetirementDecided):
    """The government refused a retirement: its units are active again."""

    TYPE = "credits.retirement_rejected"


@dataclass(frozen=True, kw_only=True)
class RetirementCancelled(RetirementDecided):
    """The requester withdrew a retirement: its units are active again."""

    TYPE = "credits.retirement_cancelled"


@dataclass(frozen=True, kw_only=True)
class RetirementDecidedV1(Entry):
    retirement_id: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class RetirementRecognisedV1(RetirementDecidedV1):
    TYPE = "credits.retirement_recognised"


@dataclass(frozen=True, kw_only=True)
class RetirementRejectedV1(RetirementDecidedV1):
    TYPE = "credits.retirement_rejected"


@dataclass(frozen=True, kw_only=True)
class RetirementCancelledV1(RetirementDecidedV1):
    TYPE = "credits.retirement_cancelled"


@dataclass(frozen=True, kw_only=True)
class TransfersFrozen(Entry):
    """The government froze every transfer, with a reason."""

    TYPE = "registry.transfers_frozen"
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class TransfersUnfrozen(Entry):
    """The government lifted the freeze."""

    TYPE = "registry.transfers_unfrozen"
    reason: str | None


OLD_VERSIONS: Sequence[type[Entry]] = (
    CreditsIssuedV1,
    CreditsTransferredV1,
    TransferRequestedV1,
    TransferRejectedV1,
    TransferCancelledV1,
    RetirementRequestedV1,
    RetirementRecognisedV1,
    RetirementRejectedV1,
    RetirementCancelledV1,
)
