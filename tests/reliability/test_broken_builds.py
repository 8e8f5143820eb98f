"""The broken-build demo (tests/reliability/broken_builds.py) still patches the current tree:
every replacement's text is found exactly once, so a refactor makes this fail instead of the
demo silently running an unbroken build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability import broken_builds


def test_every_broken_build_still_applies_to_the_tree() -> None:
    assert broken_builds.check_all() == []


def test_each_reliability_test_has_a_broken_build_and_each_names_a_real_test() -> None:
    tested = {build.test.split("::")[0] for build in broken_builds.BUILDS}
    here = Path(broken_builds.__file__).parent
    files = {f"tests/reliability/{path.name}" for path in here.glob("test_*.py")}
    assert files - tested == {"tests/reliability/test_broken_builds.py"}
    for build in broken_builds.BUILDS:
        path, _, name = build.test.partition("::")
        assert (broken_builds.ROOT / path).is_file()
        assert not name or f"def {name}(" in (broken_builds.ROOT / path).read_text()


def test_a_patch_whose_text_is_gone_stops_the_demo(tmp_path: Path) -> None:
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "outage.py").write_text("def is_outage(error): return True\n")
    build = next(b for b in broken_builds.BUILDS if b.name == "database-restart")
    with pytest.raises(broken_builds.PatchDoesNotApply, match="occurs 0 times"):
        broken_builds.apply(tmp_path, build)
