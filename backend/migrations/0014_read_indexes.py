"""Issue 13: the indexes that reads need. The ledger's subject (an object's history, the
serial lookup's replay; 0005 declared it but never created it), the credit block serial range
lookup (prefix, first unit), and the foreign-key columns that lists and lookups filter or join
on. Plain CREATE INDEX: the migration runs in a transaction, where PostgreSQL refuses
CREATE INDEX CONCURRENTLY.

It comes after 0015 (numbered earlier, written in parallel): on SQLite, 0015's reverse rebuilds
api_client to drop a column, which would lose an index made before it, and this migration's
reverse could then not drop that index."""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("registry", "0015_identity_leftovers")]

    initial = False

    operations = [
        ops.AddIndex(
            model_name="LedgerEntry",
            index=Index(fields=("subject", "seq"), name="idx_ledger_entry_subject_seq"),
        ),
        ops.AddIndex(
            model_name="CreditBlock",
            index=Index(
                fields=("serial_prefix", "serial_start"),
                name="idx_credit_block_serial_prefix_serial_start",
            ),
        ),
        ops.AddIndex(
            model_name="CreditBlock",
            index=Index(fields=("holder_id",), name="idx_credit_block_holder_id"),
        ),
        ops.AddIndex(
            model_name="CreditBlock",
            index=Index(fields=("issuance_id",), name="idx_credit_block_issuance_id"),
        ),
        ops.AddIndex(
            model_name="CreditBlock",
            index=Index(fields=("project_id",), name="idx_credit_block_project_id"),
        ),
        ops.AddIndex(
            model_name="CreditBlock",
            index=Index(fields=("authorization_id",), name="idx_credit_block_authorization_id"),
        ),
        ops.AddIndex(
            model_name="Transfer",
            index=Index(fields=("block_id",), name="idx_credit_transfer_block_id"),
        ),
        ops.AddIndex(
            model_name="Transfer",
            index=Index(fields=("from_account_id",), name="idx_credit_transfer_from_account_id"),
        ),
        ops.AddIndex(
            model_name="Transfer",
            index=Index(fields=("to_account_id",), name="idx_credit_transfer_to_account_id"),
        ),
        ops.AddIndex(
            model_name="Transfer",
            index=Index(fields=("requested_by_id",), name="idx_credit_transfer_requested_by_id"),
        ),
        ops.AddIndex(
            model_name="Retirement",
            index=Index(fields=("block_id",), name="idx_retirement_block_id"),
        ),
        ops.AddIndex(
            model_name="Retirement",
            index=Index(fields=("requested_by_id",), name="idx_retirement_requested_by_id"),
        ),
        ops.AddIndex(
            model_name="Issuance",
            index=Index(fields=("project_id",), name="idx_issuance_project_id"),
        ),
        ops.AddIndex(
            model_name="Activity",
            index=Index(fields=("project_id",), name="idx_activity_project_id"),
        ),
        ops.AddIndex(
            model_name="MonitoringReport",
            index=Index(fields=("verified_by_id",), name="idx_monitoring_report_verified_by_id"),
        ),
        ops.AddIndex(
            model_name="Document",
            index=Index(fields=("project_id",), name="idx_document_project_id"),
        ),
        ops.AddIndex(
            model_name="Document",
            index=Index(fields=("organisation_id",), name="idx_document_organisation_id"),
        ),
        ops.AddIndex(
            model_name="Project",
            index=Index(fields=("created_by_id",), name="idx_project_created_by_id"),
        ),
        ops.AddIndex(
            model_name="ProjectOwner",
            index=Index(fields=("organisation_id",), name="idx_project_owner_organisation_id"),
        ),
        ops.AddIndex(
            model_name="ProjectCertifier",
            index=Index(fields=("organisation_id",), name="idx_project_certifier_organisation_id"),
        ),
        ops.AddIndex(
            model_name="Financing",
            index=Index(fields=("project_id",), name="idx_financing_project_id"),
        ),
        ops.AddIndex(
            model_name="Financing",
            index=Index(fields=("requested_by_id",), name="idx_financing_requested_by_id"),
        ),
        ops.AddIndex(
            model_name="Authorization",
            index=Index(fields=("project_id",), name="idx_article6_authorization_project_id"),
        ),
        ops.AddIndex(
            model_name="User",
            index=Index(fields=("organisation_id",), name="idx_registry_user_organisation_id"),
        ),
        ops.AddIndex(
            model_name="Session",
            index=Index(fields=("user_id",), name="idx_user_session_user_id"),
        ),
        ops.AddIndex(
            model_name="Notification",
            index=Index(fields=("user_id",), name="idx_notification_user_id"),
        ),
        ops.AddIndex(
            model_name="ApiClient",
            index=Index(fields=("organisation_id",), name="idx_api_client_organisation_id"),
        ),
        ops.AddIndex(
            model_name="ApiAccessToken",
            index=Index(fields=("client_id",), name="idx_api_access_token_client_id"),
        ),
        ops.AddIndex(
            model_name="UserIdentity",
            index=Index(fields=("user_id",), name="idx_user_identity_user_id"),
        ),
    ]
