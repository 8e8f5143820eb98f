"""The traceback guard of tests/conftest.py fails a test that logs a traceback, and only then."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.tracebacks import log_tracebacks

SAMPLE = Path(__file__).parent / "guard" / "sample_tracebacks.py"


def test_a_logged_traceback_fails_its_test_unless_marked() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", str(SAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )
    out = run.stdout
    assert run.returncode == 1, out
    assert "ERROR tests/guard/sample_tracebacks.py::test_logs_a_traceback " in out, out
    assert "PASSED tests/guard/sample_tracebacks.py::test_logs_a_traceback_on_purpose" in out, out
    assert "PASSED tests/guard/sample_tracebacks.py::test_logs_a_plain_error" in out, out
    assert "1 traceback(s) logged" in out and "RuntimeError: boom" in out, out


def test_tracebacks_in_a_server_log_are_found(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    log.write_text(
        "INFO started\nERROR Exception in ASGI application\n"
        "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: no\nINFO ok\n"
    )
    found = log_tracebacks(log)
    assert len(found) == 1 and "Exception in ASGI application" in found[0]
    assert log_tracebacks(tmp_path / "missing.log") == []
    log.write_text("INFO started\nINFO ok\n")
    assert log_tracebacks(log) == []
