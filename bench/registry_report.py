"""The registry benchmark's report: report.json and a Markdown table, with issue 13's targets."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.load import Load

TITLES = {
    "organisations": "`organisations(first: 50)`, the seed's columns",
    "projects": "`projects(first: 50)` with owners, activities and documents",
    "serialLookup": "`serialLookup` of a random unit (anonymous)",
    "signIn": "`login` (argon2id, a random user)",
    "transferCredits": "`transferCredits` of 1 unit through GraphQL",
    "dashboard": "`dashboard` of the whole registry (government), every figure",
}


def summary(latencies: list[float], failed: int, seconds: float, clients: int) -> dict[str, Any]:
    """Throughput and percentiles (ms) of in-process calls."""
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    return {
        "clients": clients,
        "requests": len(ordered),
        "seconds": seconds,
        "rate": len(ordered) / seconds if seconds else 0.0,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "failed": failed,
    }


def _ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:,.2f}"


def _row(title: str, run: Load, cores: int) -> str:
    cpu = run.app_cpu_ms + run.pg_cpu_ms
    ceiling = "–" if math.isnan(cpu) or cpu <= 0 else f"{cores * 1000 / cpu:,.0f}"
    return (
        f"| {title} | {run.clients} | {run.rate:,.1f} | {run.p50_ms:,.1f} | {run.p95_ms:,.1f} "
        f"| {run.p99_ms:,.1f} | {run.requests:,} | {run.failed + run.socket_errors:,} "
        f"| {_ms(run.app_cpu_ms)} | {_ms(run.pg_cpu_ms)} | {ceiling} |"
    )


def _plain(value: Any) -> Any:
    """NaN (not measured) as null, so report.json is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _at(runs: dict[str, Any], kind: str, clients: int) -> Load:
    return next(r for r in runs[kind] if r.clients == clients)


def targets(facts: dict[str, Any], runs: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """Issue 13's targets: (target, met, the figure)."""
    org, proj = _at(runs, "organisations", 16), _at(runs, "projects", 16)
    gql = _at(runs, "transferCredits", 16)
    sign = max((r for r in runs["signIn"]), key=lambda r: r.rate)
    reading = runs["during_sign_in"][0]
    serial = _at(runs, "serialLookup", 1)
    board = _at(runs, "dashboard", 1)
    small = next(r for r in facts["service_small"]["runs"] if r["clients"] == 16)
    large = next(r for r in facts["service_large"]["runs"] if r["clients"] == 16)
    ratio = large["rate"] / small["rate"] if small["rate"] else 0.0
    return [
        (
            "organisations(first: 50) >= 1,000 req/s at 16 clients, p95 < 50 ms",
            org.rate >= 1000 and org.p95_ms < 50,
            f"{org.rate:,.1f} req/s, p95 {org.p95_ms:,.1f} ms",
        ),
        (
            "projects(first: 50) nested >= 900 req/s at 16 clients, p95 < 50 ms",
            proj.rate >= 900 and proj.p95_ms < 50,
            f"{proj.rate:,.1f} req/s, p95 {proj.p95_ms:,.1f} ms",
        ),
        (
            ">= 500 committed GraphQL transfers/s at 16 clients",
            gql.rate >= 500 and gql.failed == 0,
            f"{gql.rate:,.1f}/s ({gql.failed} failed)",
        ),
        (
            "transfer cost flat from ~1% to 100% of the ledger (service layer, 16 clients, "
            "within 20%)",
            0.8 <= ratio <= 1.25,
            f"{small['rate']:,.1f}/s at {facts['service_small']['ledger_entries']:,} entries, "
            f"{large['rate']:,.1f}/s at {facts['service_large']['ledger_entries']:,}",
        ),
        (
            "sign-in >= 40/s with argon2id",
            sign.rate >= 40,
            f"{sign.rate:,.1f}/s at {sign.clients} clients",
        ),
        (
            "organisation list p95 < 100 ms while 64 clients sign in",
            reading.p95_ms < 100,
            f"p95 {reading.p95_ms:,.1f} ms ({reading.rate:,.1f} req/s at 16 clients)",
        ),
        (
            "serialLookup p95 < 10 ms at 1 client",
            serial.p95_ms < 10,
            f"p95 {serial.p95_ms:,.1f} ms at {facts['counts']['blocks']:,} blocks",
        ),
        (
            "dashboard answers in under 100 ms (p95 at 1 client; issue 12)",
            board.p95_ms < 100,
            f"p95 {board.p95_ms:,.1f} ms at {facts['counts']['blocks']:,} blocks",
        ),
    ]


def markdown(facts: dict[str, Any], runs: dict[str, Any]) -> str:
    counts = facts["counts"]
    lines = [
        "# Registry benchmark",
        "",
        f"- Date: {facts['date']}; command: `{facts['command']}`",
        f"- Machine: {facts['cores']} cores, {facts['machine']}; Python {facts['python']}; "
        f"PostgreSQL {facts['postgres']} (throwaway cluster, fsync off)",
        f"- Server: `carbon-registry serve --workers {facts['workers']}`, pool maxsize=20; "
        f"wrk on loopback on the same machine, {facts['seconds']:g} s a run",
        "- Load average before: {:.2f}, {:.2f}, {:.2f}; after: {:.2f}, {:.2f}, {:.2f} "
        "(the machine is shared: other work competes for its cores)".format(
            *facts["load_before"], *facts["load_after"]
        ),
        f"- Seed at scale {facts['scale']:g}: {counts['organisations']:,} organisations, "
        f"{counts['projects']:,} projects, {counts['activities']:,} activities, "
        f"{counts['blocks']:,} credit blocks, {counts['ledger_entries']:,} ledger entries "
        f"(rows {sum(facts['seed_seconds'].values()):,.0f} s, ledger "
        f"{facts['ledger_seconds']:,.0f} s)",
        "- Indexes beyond the migrations': "
        + ("; ".join(f"`{x}`" for x in facts.get("extra_indexes", [])) or "none"),
        "",
        "app and PG CPU: CPU milliseconds per request of the registry's processes and of the "
        "PostgreSQL cluster, measured from /proc (they move much less with the machine's other "
        "load than the rates do); ceiling: cores × 1000 / (app + PG CPU), the rate the server "
        "side could reach with every core to itself (an estimate: it leaves out wrk's own CPU).",
        "",
        "| request | clients | req/s | p50 ms | p95 ms | p99 ms | requests | failed "
        "| app CPU ms | PG CPU ms | ceiling req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    cores = int(facts["cores"])
    for kind, title in TITLES.items():
        lines += [_row(title, run, cores) for run in runs[kind]]
    reading, signing = runs["during_sign_in"]
    lines += [
        _row("`organisations(first: 50)` while 64 clients sign in", reading, cores),
        _row("`login`, meanwhile", signing, cores),
    ]
    for key in ("service_small", "service_large"):
        for r in facts[key]["runs"]:
            lines.append(
                f"| `transfers.transfer_credits` in-process, ledger of "
                f"{facts[key]['ledger_entries']:,} | {r['clients']} | {r['rate']:,.1f} | "
                f"{r['p50_ms']:,.1f} | {r['p95_ms']:,.1f} | {r['p99_ms']:,.1f} | "
                f"{r['requests']:,} | {r['failed']:,} | | | |"
            )
    lines += ["", "## Targets (issue 13)", ""]
    for target, met, figure in targets(facts, runs):
        lines.append(f"- {target}: **{'met' if met else 'not met'}** ({figure})")
    lines.append("")
    return "\n".join(lines)


def write(out: Path, facts: dict[str, Any], runs: dict[str, Any], ledger: str | None) -> None:
    """report.md (plus the ledger benchmark's report, if given) and report.json beside it."""
    text = markdown(facts, runs)
    if ledger:
        text += "\n" + ledger.replace("# Ledger benchmark", "# Ledger benchmark (bench.ledger)", 1)
    out.write_text(text)
    data = {
        "facts": facts,
        "runs": {k: [asdict(r) | {"rate": r.rate} for r in v] for k, v in runs.items()},
        "targets": [{"target": t, "met": m, "figure": f} for t, m, f in targets(facts, runs)],
    }
    text_json = json.dumps(_plain(data), indent=2, default=str, allow_nan=False)
    out.with_suffix(".json").write_text(text_json + "\n")
