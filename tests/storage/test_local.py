"""What only the local folder store promises: file modes, layout, and staying inside its folder."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from storage import DocumentRejected, LocalStore
from storage.local import TEMP_PREFIX

from . import samples
from .backends import walk

LIMIT = 1 << 20


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_documents_are_private_files_at_their_key_paths(tmp_path: Path) -> None:
    root = tmp_path / "documents"
    store = LocalStore(root)

    await store.put("projects/15/design/v1.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)

    document = root / "projects" / "15" / "design" / "v1.pdf"
    assert document.read_bytes() == samples.pdf()
    assert mode(document) == 0o600
    assert mode(root) == 0o700
    assert mode(document.parent) == 0o700
    assert walk(root) == [
        "projects",
        "projects/15",
        "projects/15/design",
        "projects/15/design/v1.pdf",
    ]


async def test_a_replaced_document_stays_private(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    await store.put("doc", samples.once(samples.pdf()), max_bytes=LIMIT)

    await store.put("doc", samples.once(samples.png()), max_bytes=LIMIT)

    assert mode(tmp_path / "doc") == 0o600
    assert walk(tmp_path) == ["doc"]


async def test_a_refused_upload_creates_no_folder(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)

    with pytest.raises(DocumentRejected):
        await store.put("deep/folder/x.pdf", samples.once(b"<html>"), max_bytes=LIMIT)

    assert walk(tmp_path) == []


def test_paths_stay_inside_the_root(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)

    assert store.path("a/b.pdf") == tmp_path / "a" / "b.pdf"
    for key in ("../x", "/etc/passwd", "a/../../x"):
        with pytest.raises(ValueError):
            store.path(key)


def test_temporary_names_cannot_be_keys(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LocalStore(tmp_path).path(TEMP_PREFIX + "abc")


async def test_a_folder_is_not_a_document(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    await store.put("folder/doc.pdf", samples.once(samples.pdf()), max_bytes=LIMIT)

    await store.delete("folder")  # not a document: nothing to delete

    assert walk(tmp_path) == ["folder", "folder/doc.pdf"]


async def test_presigned_url_is_none(tmp_path: Path) -> None:
    assert await LocalStore(tmp_path).presigned_url("any/key.pdf", expires_seconds=60) is None


def test_repr_names_the_folder(tmp_path: Path) -> None:
    assert repr(LocalStore(tmp_path)) == f"LocalStore({str(tmp_path)!r})"
