"""The app's start-up hands what it built to gc.freeze() and raises the collector's first
threshold, once per process (backend.app.settle_memory): a 50-project page ran 13 collections,
a quarter of its CPU, before."""

from __future__ import annotations

import gc

from backend.app import COLLECTOR_THRESHOLD, settle_memory


def test_start_up_is_frozen_and_collections_are_rarer() -> None:
    settle_memory()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the modules, the schema, the ORM's models
    assert gc.get_threshold()[0] == COLLECTOR_THRESHOLD

    settle_memory()  # a second app in the same process (tests build many): no second freeze
    assert gc.get_freeze_count() == frozen
