"""The transparency-dev/merkle proof vectors and the RFC 6962 root vectors."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from backend.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from backend.ledger.verify import ProofError, root_of, verify_consistency, verify_inclusion

VECTORS = Path(__file__).resolve().parent / "vectors" / "merkle"
INCLUSION_FILES = 98
CONSISTENCY_FILES = 98


def _files(kind: str) -> list[Path]:
    # Never empty: a missing folder gives one path that fails to open, so the run fails loudly.
    found = sorted((VECTORS / "testdata" / kind).rglob("*.json"))
    return found or [VECTORS / "testdata" / kind / "missing.json"]


def _id(path: Path) -> str:
    return str(path.relative_to(VECTORS / "testdata"))


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def _proof(probe: dict[str, object]) -> list[bytes]:
    proof = probe.get("proof") or []
    assert isinstance(proof, list)
    return [_b64(item) for item in proof]


INCLUSION = _files("inclusion")
CONSISTENCY = _files("consistency")


def test_all_196_vector_probes_are_committed() -> None:
    assert VECTORS.is_dir(), f"{VECTORS} is missing: the Merkle vectors are part of the repository"
    assert len(INCLUSION) == INCLUSION_FILES
    assert len(CONSISTENCY) == CONSISTENCY_FILES
    assert len(INCLUSION) + len(CONSISTENCY) == 196
    assert (VECTORS / "README.md").is_file()


@pytest.mark.parametrize("path", INCLUSION, ids=_id)
def test_inclusion_vector(path: Path) -> None:
    probe = json.loads(path.read_text())
    try:
        verify_inclusion(
            _b64(probe["leafHash"]),
            probe["leafIdx"],
            probe["treeSize"],
            _proof(probe),
            _b64(probe["root"]),
        )
    except ProofError:
        assert probe["wantErr"], probe["desc"]
    else:
        assert not probe["wantErr"], probe["desc"]


@pytest.mark.parametrize("path", CONSISTENCY, ids=_id)
def test_consistency_vector(path: Path) -> None:
    probe = json.loads(path.read_text())
    try:
        verify_consistency(
            probe["size1"],
            probe["size2"],
            _proof(probe),
            _b64(probe["root1"]),
            _b64(probe["root2"]),
        )
    except ProofError:
        assert probe["wantErr"], probe["desc"]
    else:
        assert not probe["wantErr"], probe["desc"]


RFC6962_LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
RFC6962_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


@pytest.mark.parametrize("size", range(9))
def test_rfc6962_root(size: int) -> None:
    leaves = [leaf_hash(data) for data in RFC6962_LEAVES[:size]]
    assert root_of(leaves).hex() == RFC6962_ROOTS[size]


def test_empty_root() -> None:
    assert EMPTY_ROOT.hex() == RFC6962_ROOTS[0]


def test_single_leaf_hash() -> None:
    assert leaf_hash(b"L123456").hex() == (
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )


def test_single_node_hash() -> None:
    assert node_hash(b"N123", b"N456").hex() == (
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )
