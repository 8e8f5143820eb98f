"""The PDF documents' words in English (pdf.*)."""

PDF = {
    "pdf.registry": "{country}: National Carbon Registry",
    "pdf.issued_on": "Issued on {date}",
    "pdf.project_approval.title": "Letter of no objection: project approval",
    "pdf.project_approval.body": "The national authority of {country} approved the project "
    "described below on {date}. It has no objection to the project being carried out as "
    "registered, subject to the laws of {country}.",
    "pdf.article6_authorisation.title": "Authorisation under Article 6.2 of the Paris Agreement",
    "pdf.article6_authorisation.body": "{country}, as a Party to the Paris Agreement, "
    "authorised on {date} the use of the mitigation outcomes of the project below as "
    "internationally transferred mitigation outcomes (ITMOs), under Article 6, paragraph 2, "
    "as set out here.",
    "pdf.issuance_statement.title": "Issuance statement",
    "pdf.issuance_statement.body": "The registry issued the units below on {date}, after the "
    "verification and approval of the project's monitoring report.",
    "pdf.retirement_certificate.title": "Retirement certificate",
    "pdf.retirement_certificate.body": "The units below were retired on {date} on behalf of "
    "{beneficiary}. Retired units can never be transferred or used again.",
    "pdf.field.project": "Project",
    "pdf.field.project_number": "Project number",
    "pdf.field.external_id": "Project reference",
    "pdf.field.owners": "Project owners",
    "pdf.field.sector": "Sector",
    "pdf.field.sectoral_scope": "Sectoral scope",
    "pdf.field.start_date": "Start date",
    "pdf.field.end_date": "End date",
    "pdf.field.estimated_credits": "Estimated credits (tCO2e)",
    "pdf.field.authorization_id": "Authorisation ID",
    "pdf.field.cooperative_approach": "Cooperative approach",
    "pdf.field.quantity": "Authorised quantity",
    "pdf.field.metric": "Metric",
    "pdf.field.purpose": "Purpose",
    "pdf.field.authorized_parties": "Authorised Parties",
    "pdf.field.authorized_entities": "Authorised entities",
    "pdf.field.first_transfer": "First transfer",
    "pdf.field.authorized_on": "Authorised on",
    "pdf.field.version": "Version",
    "pdf.field.vintage": "Vintage",
    "pdf.field.issuance_quantity": "Units issued (tCO2e)",
    "pdf.field.issuance_serials": "Serial numbers issued",
    "pdf.field.block_serials": "Serial numbers",
    "pdf.field.block_quantity": "Units (tCO2e)",
    "pdf.field.holder": "Holder account",
    "pdf.field.beneficiary": "Beneficiary",
    "pdf.field.kind": "Kind of retirement",
    "pdf.field.acquiring_country": "Acquiring Party",
    "pdf.ledger.heading": "Ledger record",
    "pdf.ledger.entry": "This document rests on ledger entry {seq} ({type}), recorded on {date}.",
    "pdf.ledger.checkpoint": "That entry is in the signed checkpoint of tree size {size}, "
    "signed on {date}, root {root}.",
    "pdf.ledger.pending": "That entry is pending the next checkpoint (expected tree size "
    "{size} or more).",
    "pdf.ledger.verify": "To verify it offline, fetch {url}/ledger/entries/{seq} and "
    "{url}/ledger/proof/inclusion?seq={seq}&size={size}, then check the proof against the "
    "checkpoint ({url}/ledger/checkpoint) and the registry's public key "
    "({url}/ledger/public-key).",
}
