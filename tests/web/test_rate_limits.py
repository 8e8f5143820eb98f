"""N a minute, counted with the registry's one primitive (services.throttling.Buckets): a burst
of N, then one every 60/N seconds, each key on its own, the wait rounded up to whole seconds."""

from __future__ import annotations

from backend.services.throttling import Buckets, Rate
from backend.web.rate_limits import PerMinute


def test_n_a_minute_is_a_burst_of_n_then_one_every_60_over_n_seconds() -> None:
    buckets = Buckets(Rate.per_minute(4))
    assert [buckets.take("a", now=100.0) for _ in range(4)] == [0, 0, 0, 0]
    assert buckets.take("a", now=100.0) == 15  # 60 / 4 seconds until the next token
    assert buckets.take("b", now=100.0) == 0  # another key is not held back
    assert buckets.take("a", now=114.0) == 1
    assert buckets.take("a", now=115.0) == 0
    assert buckets.take("a", now=115.0) == 15


def test_a_refused_request_spends_nothing() -> None:
    buckets = Buckets(Rate.per_minute(1))
    assert buckets.take("a", now=0.0) == 0
    for second in range(59):
        assert buckets.take("a", now=float(second)) == 60 - second
    assert buckets.take("a", now=60.0) == 0


def test_each_limit_has_its_own_buckets() -> None:
    limits = PerMinute()
    assert all(limits.take("client:1", 2) == 0 for _ in range(2))
    assert limits.take("client:1", 2) > 0
    assert all(limits.take("client:2", 100) == 0 for _ in range(100))
    assert limits.take("client:2", 100) > 0
