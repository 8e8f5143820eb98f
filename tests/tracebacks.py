"""Issue 14: the server log of the whole `make test` run holds no traceback from a request.

In-process tests: a handler on the root logger keeps every record that carries a traceback
(exc_info) while a test runs; the test fails at teardown if there is one, unless it is marked
`expected_traceback` (a test that makes an unexpected error on purpose, to prove it is masked).
Servers run as subprocesses (browser and reliability tests) write a log file: `log_tracebacks`
counts the tracebacks in it, and their fixtures fail when it is not zero."""

from __future__ import annotations

import logging
import re
from pathlib import Path

_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):", re.MULTILINE)
# Loggers whose tracebacks come from no request: asyncpg's pool retrying to reconnect in the
# background while the database is down (the outage tests stop it on purpose).
NOT_FROM_A_REQUEST = ("asyncpg.pool",)


class TracebackRecords(logging.Handler):
    """Keeps the log records that carry a traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if (record.exc_info or record.stack_info) and record.name not in NOT_FROM_A_REQUEST:
            self.records.append(record)

    def describe(self) -> str:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        return "\n".join(
            formatter.format(record) + "\n" + formatter.formatException(record.exc_info)
            if record.exc_info
            else formatter.format(record)
            for record in self.records
        )


def log_tracebacks(path: Path) -> list[str]:
    """The tracebacks in a server's log file (each with the line before it), oldest first."""
    if not path.exists():
        return []
    text = path.read_text(errors="replace")
    found = []
    for match in _TRACEBACK.finditer(text):
        start = text.rfind("\n", 0, max(match.start() - 1, 0)) + 1
        if any(name in text[start : match.start()] for name in NOT_FROM_A_REQUEST):
            continue
        found.append(text[start : match.start() + 2000])
    return found
