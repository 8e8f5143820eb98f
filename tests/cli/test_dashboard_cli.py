"""`carbon-registry dashboard rebuild` and `dashboard check`, run as real processes on SQLite:
check exits 0 on totals that match a recount and 1 (naming the row) on totals that do not;
rebuild repairs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.test_cli import PASSWORD, run


def test_check_finds_a_wrong_total_and_rebuild_repairs_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    secret = tmp_path / "root-password"
    secret.write_text(PASSWORD + "\n")
    run(data, "create-root", "--email", "root@example.gov", "--password-file", str(secret))
    assert "match a full recount" in run(data, "dashboard", "check").stdout
    [database] = list(data.glob("*.sqlite3")) or list(data.glob("*.db"))
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO dashboard_total (organisation_id, day, kind, sector, vintage, key, value)"
            " VALUES (0, '1970-01-01', 'credits', 'Energy', 2025, 'issued', 5)"
        )
    wrong = run(data, "dashboard", "check", check=False)
    assert wrong.returncode == 1 and "kept 5, recounted 0" in wrong.stdout
    assert "recounted the dashboard's totals: 0 rows" in run(data, "dashboard", "rebuild").stdout
    assert run(data, "dashboard", "check").returncode == 0
