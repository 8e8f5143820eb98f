"""The ledger, pure: canonical JSON, RFC 6962 hashing, the compact range, proofs, signed
checkpoints, the export format, the replay of the registry's rules, and the offline auditor.

Only the standard library and `cryptography` are imported here; the database side lives in
services/ledger.py. Import from the modules themselves (backend.ledger.verify, ...).
"""
