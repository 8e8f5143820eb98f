"""What a state-changing service returns: the changed object and its ledger entry's seq."""

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Recorded(Generic[T]):
    value: T
    ledger_seq: int
