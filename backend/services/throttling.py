"""The registry's one rate-limiting primitive (token buckets), and sign-in throttling with it.

`Buckets` is used for every limit the registry keeps: the sign-in buckets below, the partner
clients' and anonymous callers' requests (web.rate_limits), and tokens issued per client
(web.oauth). A limit of N a minute is `Rate.per_minute(N)`: a burst of N, then one more every
60/N seconds.

Sign-in: nothing here locks an account. A wrong password spends a token from three buckets:

- the caller's address (spraying many accounts from one address);
- the pair (account, address) (guessing one account's password from one address);
- the account across all addresses (guessing from many addresses). When that one is empty,
  only addresses that have not signed in to the account lately are refused: an attacker who
  exhausts it does not keep the owner, signing in from an address they used before, out.

An empty bucket refuses with TooManyRequests and the seconds until a token is back, before any
password is hashed (a refused attempt costs no argon2 time). A successful sign-in spends nothing
and marks the address as known to the account. The buckets live in this process's memory: with
N workers an attacker spread across them gets at most N times the budget (the kernel shares the
connections between them), which the per-address figures below allow for.
"""

from __future__ import annotations

import contextvars
import math
import time
from dataclasses import dataclass

from backend.errors import RegistryError

# The address of the request being served (set by the API layer; None outside a request).
client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "client_address", default=None
)


class TooManyRequests(RegistryError):
    """Refused for now; extensions carry retryAfter (seconds)."""

    code = "TOO_MANY_REQUESTS"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, retryAfter=retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Rate:
    """A bucket of `burst` tokens that regains one token every `refill_seconds`."""

    burst: int
    refill_seconds: float

    @classmethod
    def per_minute(cls, limit: int) -> Rate:
        """`limit` at once, and `limit` a minute after that."""
        return cls(burst=limit, refill_seconds=60.0 / limit)


def clock() -> float:
    """The time every bucket is read at (monotonic seconds)."""
    return time.monotonic()


PER_ADDRESS = Rate(burst=100, refill_seconds=6.0)  # 10 failures a minute after a burst of 100
PER_ACCOUNT_ADDRESS = Rate(burst=5, refill_seconds=60.0)  # one guess a minute after 5
PER_ACCOUNT = Rate(burst=20, refill_seconds=30.0)  # two a minute from unknown addresses
KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600
MAX_KEYS = 100_000  # beyond this, buckets that have refilled are forgotten


class Buckets:
    """Token buckets keyed by string, all with one Rate; lazily refilled."""

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self._state: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def _tokens(self, key: str, now: float) -> float:
        tokens, at = self._state.get(key, (float(self.rate.burst), now))
        return min(float(self.rate.burst), tokens + (now - at) / self.rate.refill_seconds)

    def wait(self, key: str, now: float) -> int:
        """Seconds until `key` has a token (0: it has one now)."""
        missing = 1.0 - self._tokens(key, now)
        # rounded to microseconds first: 40.000000000000004 s is a 40 s wait, not 41
        return 0 if missing <= 0 else math.ceil(round(missing * self.rate.refill_seconds, 6))

    def take(self, key: str, now: float | None = None) -> int:
        """Spend a token if `key` has one and return 0, else the seconds until it will."""
        now = clock() if now is None else now
        wait = self.wait(key, now)
        if not wait:
            self.spend(key, now)
        return wait

    def spend(self, key: str, now: float) -> None:
        """Take one token (the bucket may go empty, never below zero)."""
        self._state[key] = (max(0.0, self._tokens(key, now) - 1.0), now)
        if len(self._state) > MAX_KEYS:
            self._forget_full(now)

    def _forget_full(self, now: float) -> None:
        full = [k for k in self._state if self._tokens(k, now) >= self.rate.burst]
        for key in full:
            del self._state[key]
        if len(self._state) > MAX_KEYS:  # still too many: drop the oldest half
            by_age = sorted(self._state, key=lambda k: self._state[k][1])
            for key in by_age[: len(by_age) // 2]:
                del self._state[key]


class SignInLimits:
    """The three buckets and each account's recently successful addresses."""

    def __init__(self) -> None:
        self.address = Buckets(PER_ADDRESS)
        self.pair = Buckets(PER_ACCOUNT_ADDRESS)
        self.account = Buckets(PER_ACCOUNT)
        self._known: dict[str, dict[str, float]] = {}

    def _is_known(self, account: str, address: str, now: float) -> bool:
        seen = self._known.get(account, {}).get(address)
        return seen is not None and now - seen < KNOWN_ADDRESS_SECONDS

    def check(self, account: str, address: str, now: float | None = None) -> None:
        """Raise TooManyRequests if this attempt must wait; spends nothing."""
        now = clock() if now is None else now
        waits = [self.address.wait(address, now), self.pair.wait(f"{account}\0{address}", now)]
        if not self._is_known(account, address, now):
            waits.append(self.account.wait(account, now))
        wait = max(waits)
        if wait:
            raise TooManyRequests(
                f"Too many failed sign-ins; try again in {wait} seconds.", retry_after=wait
            )

    def failed(self, account: str, address: str, now: float | None = None) -> None:
        """Record a wrong password (or unknown e-mail) for this account from this address."""
        now = clock() if now is None else now
        self.address.spend(address, now)
        self.pair.spend(f"{account}\0{address}", now)
        self.account.spend(account, now)

    def succeeded(self, account: str, address: str, now: float | None = None) -> None:
        """Remember that this address signed in to this account."""
        now = clock() if now is None else now
        known = self._known.setdefault(account, {})
        known[address] = now
        if len(known) > 32:  # keep the most recent addresses of an account
            del known[min(known, key=known.__getitem__)]
        if len(self._known) > MAX_KEYS:
            self._known.pop(next(iter(self._known)))


sign_in_limits = SignInLimits()


def current_address() -> str:
    """The address of the request being served, or "local" outside one."""
    return client_address.get() or "local"
