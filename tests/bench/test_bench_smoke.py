"""`make bench` at a tiny scale: it seeds, serves with workers, drives wrk and writes the
report (Markdown and JSON) with every request kind, client count and target."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.registry import CLIENTS
from bench.registry_report import TITLES

pytestmark = pytest.mark.postgres_only


def test_the_registry_bench_runs_at_tiny_scale_and_reports_every_figure(tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed (make system-test-deps installs it)", pytrace=False)
    out = tmp_path / "report.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.registry", "--scale", "0.002", "--seconds", "2"]
        + ["--workers", "2", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.with_suffix(".json").read_text())
    assert report["facts"]["cores"] >= 1 and report["facts"]["workers"] == 2
    assert report["facts"]["counts"]["organisations"] == 20
    assert report["facts"]["counts"]["blocks"] == 2_000
    assert report["facts"]["counts"]["ledger_entries"] == 2_000
    assert report["facts"]["ledger_size"] >= 2_000  # and the transfers measured before it
    for kind in TITLES:
        runs = report["runs"][kind]
        assert [r["clients"] for r in runs] == list(CLIENTS), kind
        assert all(r["seconds"] > 0 and r["requests"] >= 0 for r in runs), kind
    # The reads were answered, and without errors.
    for kind in ("organisations", "projects", "serialLookup"):
        runs = report["runs"][kind]
        assert sum(r["requests"] for r in runs) > 0, kind
        assert sum(r["failed"] + r["socket_errors"] for r in runs) == 0, kind
    assert [r["clients"] for r in report["runs"]["during_sign_in"]] == [16, 64]
    for key in ("service_small", "service_large"):
        assert [r["clients"] for r in report["facts"][key]["runs"]] == list(CLIENTS)
    assert len(report["targets"]) == 8  # issue 13's seven and the dashboard's (issue 12)
    assert all(isinstance(t["met"], bool) and t["figure"] for t in report["targets"])
    text = out.read_text()
    assert text.startswith("# Registry benchmark")
    assert f"{report['facts']['cores']} cores" in text
    assert "| request | clients | req/s | p50 ms | p95 ms | p99 ms | requests | failed " in text
    assert text.count("\n| `") == len(TITLES) * len(CLIENTS) + 2 + 2 * len(CLIENTS)
    assert "## Targets (issue 13)" in text
