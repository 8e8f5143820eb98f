"""The object store down: an upload fails with a clear error within seconds, nothing is
half-written (no document row, no ledger entry), and the same upload succeeds once it is back."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from backend.app import build_app
from backend.config import Settings
from backend.models.document import Document
from backend.models.enums import OrganisationType, Role
from backend.services import runtime
from tests.factories import Member, ledger_size, make_member
from tests.s3server import (
    ACCESS_KEY,
    SECRET_KEY,
    _free_port,
    _stop,
    _wait_until_answering,
    find_rclone,
)
from tests.storage import samples

pytestmark = pytest.mark.postgres_only


@contextmanager
def s3_on(port: int, root: Path) -> Iterator[None]:
    """rclone serve s3 on this port (the same port again after a stop)."""
    config = root.parent / "rclone.conf"
    config.touch()
    process = subprocess.Popen(
        [find_rclone(), "serve", "s3", "--config", str(config), "--addr", f"127.0.0.1:{port}"]
        + ["--auth-key", f"{ACCESS_KEY},{SECRET_KEY}", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_until_answering(process, port), "rclone serve s3 did not start"
        yield
    finally:
        _stop(process)


async def upload(http: httpx.AsyncClient, member: Member) -> httpx.Response:
    return await http.post(
        "/documents",
        params={"kind": "DESIGN", "filename": "design.pdf"},
        content=samples.pdf(),
        headers={"Authorization": f"Bearer {member.token}", "Content-Type": "application/pdf"},
    )


async def test_uploads_fail_cleanly_while_the_store_is_down_and_succeed_after(
    database: str, settings: Settings, tmp_path: Path
) -> None:
    port, root = _free_port(), tmp_path / "s3"
    root.mkdir()
    credentials = f"{quote(ACCESS_KEY, safe='')}:{quote(SECRET_KEY, safe='')}"
    outage = settings.model_copy(
        update={"storage_url": f"s3://{credentials}@127.0.0.1:{port}/outage"}
    )
    runtime.configure(outage)
    try:
        app = build_app(outage, apply_migrations=False)
        # As a server would: an exception escaping the app is a 500, not raised into the test.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            member = await make_member(OrganisationType.DEVELOPER, Role.MANAGER)
            with s3_on(port, root):
                first = await upload(http, member)
                assert first.status_code == 201, first.text
            before = (await Document.all().count(), await ledger_size())
            started = time.monotonic()
            down = await upload(http, member)
            elapsed = time.monotonic() - started
            assert (await Document.all().count(), await ledger_size()) == before
            assert elapsed < 30
            assert down.status_code in (502, 503), (down.status_code, down.text)
            assert down.headers["content-type"].startswith("application/json")
            assert down.json()["error"], down.text
            with s3_on(port, root):
                again = await upload(http, member)
                assert again.status_code == 201, again.text
            assert (await Document.all().count(), await ledger_size()) == (
                before[0] + 1,
                before[1] + 1,
            )
    finally:
        runtime.configure(settings)
