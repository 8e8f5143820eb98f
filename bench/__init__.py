"""Benchmarks of the registry. `python -m bench.ledger --out bench/report.md` (make bench)."""
