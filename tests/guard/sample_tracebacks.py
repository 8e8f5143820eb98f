"""Run only by tests/test_traceback_guard.py (the name keeps pytest from collecting it)."""

import logging

import pytest


def test_logs_a_traceback() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("backend.errors").exception("unexpected error at ['x']")


@pytest.mark.expected_traceback
def test_logs_a_traceback_on_purpose() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("backend.errors").exception("unexpected error at ['x']")


def test_logs_a_plain_error() -> None:
    logging.getLogger("backend.errors").error("no traceback here")
