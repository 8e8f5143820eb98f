"""Set-up hygiene (issue 14 item 22): the registry refuses to start with a placeholder secret
from .env.example, and the files the README creates stay out of git and the image."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from backend.config import PLACEHOLDER_SECRETS, Settings

ROOT = Path(__file__).resolve().parents[2]


def example_placeholders() -> set[str]:
    """The values .env.example tells people to replace."""
    values = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            values.add(line.split("=", 1)[1].strip())
    return {v for v in values if "change" in v}


def test_every_placeholder_of_env_example_is_known() -> None:
    assert example_placeholders() == {"change-me"}
    assert example_placeholders() <= PLACEHOLDER_SECRETS


@pytest.mark.parametrize(
    "settings",
    [
        {"database_url": "postgres://registry:change-me@postgres:5432/registry?maxsize=20"},
        {"storage_url": "s3://change-me:change-me@minio:9000/registry-documents"},
        {"storage_url": "s3://registry:minioadmin@minio:9000/registry-documents"},
        {"smtp_url": "smtp://mailer:Change-Me@mail.example.org:587"},
        {"secret_key": "change-me"},
    ],
)
def test_placeholder_secrets_are_refused(settings: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(data_dir=tmp_path, **settings)


def test_real_secrets_pass(tmp_path: Path) -> None:
    made = Settings(
        data_dir=tmp_path,
        database_url="postgres://registry:3f9c1d2e8a7b@postgres:5432/registry",
        storage_url="s3://registry:9b8a7c6d5e4f3a2b@minio:9000/docs",
    )
    assert made.database_url is not None


def test_the_command_refuses_to_start_with_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    env["REGISTRY_DATA_DIR"] = str(tmp_path)
    env["REGISTRY_DATABASE_URL"] = "postgres://registry:change-me@127.0.0.1:1/registry"
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "REGISTRY_DATABASE_URL holds the placeholder 'change-me'" in result.stderr


@pytest.mark.parametrize("ignore", [".gitignore", ".dockerignore"])
def test_the_root_password_file_and_data_stay_out(ignore: str) -> None:
    lines = {line.strip() for line in (ROOT / ignore).read_text().splitlines()}
    assert {"root-password", "data"} <= {line.strip("/") for line in lines}
