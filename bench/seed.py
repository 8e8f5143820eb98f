"""Seed a realistic registry on PostgreSQL by bulk paths (INSERT ... SELECT generate_series).

At scale 1: 1,000 organisations (one government, 10 certifiers, 4 ministries, the rest
developers, each with one ADMIN user and a holding account), 10,000 authorised projects (one
owner, one certifier, a design document each), 100,000 approved activities (10 a project), one
approved monitoring report and one issuance of 10,000 units per activity, split into 1,000,000
credit blocks of 1,000 units (the first kept by the owner, the others held by other
organisations, a tenth of them retired), and a ledger of 1,000,000 entries: one credits.issued and
nine credits.transferred per issuance, each with the issuance as its subject (so serialLookup
reads a real history). The ledger is built through services.ledger.append_many, so the tree and
its nodes are the registry's own. Scale s multiplies every count (at least 20 organisations).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from backend.db import connection, transaction
from backend.ledger import entries
from backend.services import ledger
from backend.services.passwords import hash_password

PASSWORD = "bench password that is long enough"
BLOCKS_PER_ISSUANCE = 10
UNITS_PER_BLOCK = 1_000
CERTIFIERS, MINISTRIES = 10, 4
LEDGER_BATCH = 2_000


@dataclass(frozen=True)
class Scale:
    organisations: int
    projects: int
    activities: int
    blocks: int

    @property
    def issuances(self) -> int:
        return self.activities

    @property
    def ledger_entries(self) -> int:
        return self.blocks

    @property
    def first_developer(self) -> int:
        return 2 + CERTIFIERS + MINISTRIES

    @staticmethod
    def of(factor: float) -> Scale:
        organisations = max(20, round(1_000 * factor))
        projects = max(10, round(10_000 * factor))
        return Scale(organisations, projects, projects * 10, projects * 10 * BLOCKS_PER_ISSUANCE)


def _statements(s: Scale, password_hash: str) -> list[tuple[str, tuple[object, ...]]]:
    dev0, developers = s.first_developer, s.organisations - s.first_developer + 1
    owner = f"({dev0} + (p % {developers}))"
    other = f"({dev0} + ((b::bigint * 7919) % {developers}))"
    return [
        (
            "INSERT INTO organisation (id, name, tax_id, type, status, email, phone, website,"
            " address, country, sectoral_scopes, created_at, updated_at)"
            " SELECT n, 'Organisation ' || n, 'TAX-' || lpad(n::text, 7, '0'),"
            " CASE WHEN n = 1 THEN 'GOVERNMENT' WHEN n <= $2 THEN 'CERTIFIER'"
            "  WHEN n < $3 THEN 'MINISTRY' ELSE 'DEVELOPER' END, 'ACTIVE',"
            " 'org' || n || '@bench.example', '+678 555 ' || lpad(n::text, 4, '0'),"
            " 'https://org' || n || '.example', n || ' Kumul Highway, Port Vila', 'VU',"
            " CASE WHEN n > $2 AND n < $3 THEN '[1, 3]'::jsonb ELSE '[]'::jsonb END, now(), now()"
            " FROM generate_series(1, $1) n",
            (s.organisations, 1 + CERTIFIERS, dev0),
        ),
        (
            "INSERT INTO registry_user (id, email, name, language, role, status, password_hash,"
            " created_at, updated_at, organisation_id)"
            " SELECT n, 'user' || n || '@bench.example', 'User ' || n, 'en', 'ADMIN', 'ACTIVE',"
            " $2, now(), now(), n FROM generate_series(1, $1) n",
            (s.organisations, password_hash),
        ),
        (
            "INSERT INTO account (id, kind, name, organisation_id)"
            " SELECT 3 + n, 'HOLDING', 'Organisation ' || n, n FROM generate_series(1, $1) n",
            (s.organisations,),
        ),
        (
            "INSERT INTO document (id, kind, status, storage_key, sha256, size, media_type,"
            " filename, version, created_at, decided_at, organisation_id, uploaded_by_id,"
            " project_id)"
            f" SELECT p, 'DESIGN', 'ACCEPTED', 'bench/' || p, md5(p::text) || md5(p::text),"
            f" 100000 + p, 'application/pdf', 'design-' || p || '.pdf', 1, now(), now(),"
            f" {owner}, {owner}, NULL FROM generate_series(1, $1) p",
            (s.projects,),
        ),
        (
            "INSERT INTO project (id, number, title, external_id, sector, sectoral_scope,"
            " start_date, end_date, ghgs, activity_scope, location, article6_trading,"
            " buyer_countries, estimated_credits, estimated_cost, minimum_carbon_price,"
            " environmental_assessment_number, status, serial_prefix, created_at, updated_at,"
            " created_by_id, design_document_id)"
            " SELECT p, p, 'Project ' || p, 'EXT-' || p,"
            " (ARRAY['Energy', 'Forestry', 'Agriculture', 'Waste'])[1 + p % 4], 1 + p % 15,"
            " date '2024-01-01', date '2034-12-31', '[\"CO2\", \"CH4\"]'::jsonb, 'UNCONDITIONAL',"
            ' \'{"regions": ["Shefa"], "geometry": {"type": "Point",'
            ' "coordinates": [168.3, -17.7]}}\'::jsonb,'
            " p % 2 = 0, '[\"CH\"]'::jsonb, 100000, 250000.00, 12.50, 'EIA-' || p,"
            f" 'AUTHORISED', 'VU-VCU-' || (1 + p % 15) || '-' || p, now(), now(), {owner}, p"
            " FROM generate_series(1, $1) p",
            (s.projects,),
        ),
        ("UPDATE document SET project_id = id", ()),
        (
            "INSERT INTO project_owner (project_id, organisation_id, percentage)"
            f" SELECT p, {owner}, 100.00 FROM generate_series(1, $1) p",
            (s.projects,),
        ),
        (
            "INSERT INTO project_certifier (project_id, organisation_id, status, assigned_at,"
            " certified_at) SELECT p, 2 + p % $2, 'CERTIFIED', now(), now()"
            " FROM generate_series(1, $1) p",
            (s.projects, CERTIFIERS),
        ),
        (
            "INSERT INTO activity (id, code, number, type, title, methodology, mitigation_type,"
            " estimated_credits, verified_credits, co_benefits, status, created_at, updated_at,"
            " project_id)"
            " SELECT a, lpad((1 + (a - 1) / 10)::text, greatest(3, length((1 + (a - 1) / 10)::text)),"
            " '0') || '-M-' || lpad(a::text, greatest(3, length(a::text)), '0'),"
            " a, 'M', 'Activity ' || a, 'AMS-I.D.', 'Renewable energy', 10000, 10000,"
            " '[7, 13]'::jsonb, 'APPROVED', now(), now(), 1 + (a - 1) / 10"
            " FROM generate_series(1, $1) a",
            (s.activities,),
        ),
        (
            "INSERT INTO monitoring_report (id, period_start, period_end, claimed_reductions,"
            " verified_quantity, status, submitted_at, verified_at, approved_at, activity_id,"
            " document_id, verified_by_id)"
            " SELECT a, date '2024-01-01', date '2024-12-31', 10000, 10000, 'APPROVED', now(),"
            " now(), now(), a, 1 + (a - 1) / 10, 2 + (1 + (a - 1) / 10) % $2"
            " FROM generate_series(1, $1) a",
            (s.activities, CERTIFIERS),
        ),
        (
            "INSERT INTO issuance (id, vintage, quantity, serial_start, serial_end, issued_at,"
            " monitoring_report_id, project_id)"
            " SELECT i, 2024, $2::bigint, (i - 1) * $2::bigint + 1, i * $2::bigint, now(), i,"
            " 1 + (i - 1) / 10"
            " FROM generate_series(1, $1) i",
            (s.issuances, BLOCKS_PER_ISSUANCE * UNITS_PER_BLOCK),
        ),
        (
            "INSERT INTO credit_block (id, serial_prefix, serial_start, serial_end, vintage,"
            " status, created_at, updated_at, holder_id, issuance_id, parent_id, project_id)"
            " SELECT b, 'VU-VCU-' || (1 + p % 15) || '-' || p || '-2024-' || i,"
            " (b - 1) * $2::bigint + 1, b * $2::bigint, 2024,"
            " CASE WHEN b % 10 = 5 THEN 'RETIRED' ELSE 'ACTIVE' END, now(), now(),"
            f" CASE WHEN b % 10 = 1 THEN 3 + {owner} WHEN b % 10 = 5 THEN 1"
            f"  ELSE 3 + {other} END,"
            " i, CASE WHEN b % 10 = 1 THEN NULL ELSE b - (b - 1) % 10 END, p"
            " FROM (SELECT b, 1 + (b - 1) / $3::int AS i, 1 + (b - 1) / ($3::int * 10) AS p"
            "       FROM generate_series(1, $1) b) s",
            (s.blocks, UNITS_PER_BLOCK, BLOCKS_PER_ISSUANCE),
        ),
    ]


_SEQUENCES = (
    "organisation", "registry_user", "account", "document", "project", "project_owner",
    "project_certifier", "activity", "monitoring_report", "issuance", "credit_block",
)  # fmt: skip


async def seed_rows(scale: Scale, log: object) -> dict[str, float]:
    """Insert every row of the registry at this scale; returns seconds per table."""
    password_hash = hash_password(PASSWORD)
    seconds: dict[str, float] = {}
    async with transaction() as conn:
        raw = conn._connection  # asyncpg: positional $n parameters
        for sql, args in _statements(scale, password_hash):
            started = time.perf_counter()
            await raw.execute(sql, *args)
            table = sql.split()[2 if sql.startswith("INSERT") else 1]
            seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - started
            log(f"seeded {table} in {seconds[table]:.1f} s")  # type: ignore[operator]
        for table in _SEQUENCES:
            await raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
    await connection().execute_script("ANALYZE")
    return seconds


def _ledger_entries(scale: Scale, issuance: int) -> list[ledger.NewEntry]:
    """The issuance's credits.issued and its nine transfers, as the seed's rows have them,
    built through the ledger's declarations like every entry the registry writes."""
    first = (issuance - 1) * BLOCKS_PER_ISSUANCE + 1
    start = (first - 1) * UNITS_PER_BLOCK + 1
    project = 1 + (issuance - 1) // 10
    dev0, developers = scale.first_developer, scale.organisations - scale.first_developer + 1
    owner = f"account:{3 + dev0 + project % developers}"
    prefix = f"VU-VCU-{1 + project % 15}-{project}-2024-{issuance}"
    subject = f"issuance:{issuance}"
    issued = entries.CreditsIssued(
        issuance_id=issuance,
        monitoring_report_id=issuance,
        project_id=project,
        vintage=2024,
        quantity=BLOCKS_PER_ISSUANCE * UNITS_PER_BLOCK,
        serial_prefix=prefix,
        blocks=[
            {
                "block_id": first,
                "serial_prefix": prefix,
                "start": start,
                "end": start + BLOCKS_PER_ISSUANCE * UNITS_PER_BLOCK - 1,
                "holder": owner,
                "status": "ACTIVE",
                "authorization": None,
            }
        ],
    )
    made = [ledger.new_entry(issued, actor="user:1", subject=subject)]
    for block in range(first + 1, first + BLOCKS_PER_ISSUANCE):
        begin = (block - 1) * UNITS_PER_BLOCK + 1
        holder = 1 if block % 10 == 5 else 3 + dev0 + (block * 7919) % developers
        moved = entries.CreditsTransferred(
            transfer_id=block,
            block_id=first,
            new_block_id=block,
            start=begin,
            end=begin + UNITS_PER_BLOCK - 1,
            sender=owner,
            receiver=f"account:{holder}",
        )
        made.append(ledger.new_entry(moved, actor="user:1", subject=subject))
    return made


async def seed_ledger(scale: Scale, log: object, first: int = 1, last: int | None = None) -> float:
    """Append the ledger entries of issuances first..last (default: all); returns seconds."""
    last = scale.issuances if last is None else last
    started, pending, done = time.perf_counter(), [], 0
    for issuance in range(first, last + 1):
        pending.extend(_ledger_entries(scale, issuance))
        if len(pending) >= LEDGER_BATCH or issuance == last:
            async with transaction() as conn:
                await ledger.append_many(conn, pending)
            done += len(pending)
            pending = []
            if done % 100_000 < LEDGER_BATCH:
                rate = done / (time.perf_counter() - started)
                log(f"ledger: {done:,} entries ({rate:,.0f}/s)")  # type: ignore[operator]
    return time.perf_counter() - started
