"""Password hashing (argon2id) and token digests (HMAC-SHA256 with the installation's secret).

The parameters are OWASP's Password Storage Cheat Sheet minimum for argon2id: m = 19 MiB,
t = 2 passes, p = 1 lane (its first recommended configuration, equivalent in cost to its other
ones). argon2-cffi's default (RFC 9106's "second recommended": 64 MiB, t = 3, p = 4) costs about
four times more CPU per sign-in for no gain a registry needs: sign-in is throttled per account
and address (services/throttling.py), so an online attacker gets a handful of guesses a minute,
and 19 MiB per guess still makes an offline attack on a stolen database memory-bound. Hashes
made with other parameters still verify and are re-hashed at the next sign-in.

The async functions run argon2 in a small thread pool (argon2-cffi releases the GIL), so a
burst of sign-ins never stalls the event loop. At most HASH_THREADS hashes run at once per
process and at most MAX_WAITING wait; beyond that a sign-in is refused as TooManyRequests.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from backend.services.throttling import TooManyRequests

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
# One hashing thread per worker process by default: `serve` starts one worker per core.
HASH_THREADS = max(1, int(os.environ.get("REGISTRY_HASH_THREADS", "1")))
MAX_WAITING = 256

_hasher = PasswordHasher(
    time_cost=ARGON2_TIME_COST,
    memory_cost=ARGON2_MEMORY_KIB,
    parallelism=ARGON2_PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)
# Verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
T = TypeVar("T")
_pool = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="argon2")
_waiting = 0


def hash_password(password: str) -> str:
    """argon2id hash of password (blocks for one hash: prefer hash_password_async)."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if password matches; always spends one argon2 verification (blocks)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True if the hash was made with other parameters than ours."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


async def _off_loop(work: Callable[..., T], *args: str | None) -> T:
    global _waiting
    if _waiting >= MAX_WAITING + HASH_THREADS:
        raise TooManyRequests("The server is busy signing others in; try again.", retry_after=1)
    _waiting += 1
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_pool, work, *args)
    finally:
        _waiting -= 1


async def hash_password_async(password: str) -> str:
    """hash_password in the hashing pool. Raises TooManyRequests when the pool is saturated."""
    return await _off_loop(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """verify_password in the hashing pool. Raises TooManyRequests when it is saturated."""
    return await _off_loop(verify_password, password_hash, password)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(secret: bytes, token: str) -> str:
    """What the database stores of a bearer or reset token."""
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()
