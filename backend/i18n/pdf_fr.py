"""The PDF documents' words in French (pdf.*)."""

PDF = {
    "pdf.registry": "{country} : Registre national du carbone",
    "pdf.issued_on": "Délivré le {date}",
    "pdf.project_approval.title": "Lettre de non-objection : approbation du projet",
    "pdf.project_approval.body": "L'autorité nationale de {country} a approuvé le {date} le "
    "projet décrit ci-dessous. Elle ne s'oppose pas à sa mise en œuvre telle qu'enregistrée, "
    "sous réserve des lois de {country}.",
    "pdf.article6_authorisation.title": "Autorisation au titre de l'article 6.2 de l'Accord "
    "de Paris",
    "pdf.article6_authorisation.body": "{country}, Partie à l'Accord de Paris, a autorisé le "
    "{date} l'utilisation des résultats d'atténuation du projet ci-dessous comme résultats "
    "d'atténuation transférés au niveau international (RATI), au titre du paragraphe 2 de "
    "l'article 6, dans les conditions indiquées ici.",
    "pdf.issuance_statement.title": "Relevé d'émission",
    "pdf.issuance_statement.body": "Le registre a émis les unités ci-dessous le {date}, après "
    "la vérification et l'approbation du rapport de suivi du projet.",
    "pdf.retirement_certificate.title": "Certificat de retrait",
    "pdf.retirement_certificate.body": "Les unités ci-dessous ont été retirées le {date} au "
    "nom de {beneficiary}. Des unités retirées ne peuvent plus jamais être transférées ni "
    "utilisées.",
    "pdf.field.project": "Projet",
    "pdf.field.project_number": "Numéro du projet",
    "pdf.field.external_id": "Référence du projet",
    "pdf.field.owners": "Propriétaires du projet",
    "pdf.field.sector": "Secteur",
    "pdf.field.sectoral_scope": "Portée sectorielle",
    "pdf.field.start_date": "Date de début",
    "pdf.field.end_date": "Date de fin",
    "pdf.field.estimated_credits": "Crédits estimés (tCO2e)",
    "pdf.field.authorization_id": "Identifiant de l'autorisation",
    "pdf.field.cooperative_approach": "Démarche coopérative",
    "pdf.field.quantity": "Quantité autorisée",
    "pdf.field.metric": "Unité de mesure",
    "pdf.field.purpose": "Finalité",
    "pdf.field.authorized_parties": "Parties autorisées",
    "pdf.field.authorized_entities": "Entités autorisées",
    "pdf.field.first_transfer": "Premier transfert",
    "pdf.field.authorized_on": "Autorisé le",
    "pdf.field.version": "Version",
    "pdf.field.vintage": "Millésime",
    "pdf.field.issuance_quantity": "Unités émises (tCO2e)",
    "pdf.field.issuance_serials": "Numéros de série émis",
    "pdf.field.block_serials": "Numéros de série",
    "pdf.field.block_quantity": "Unités (tCO2e)",
    "pdf.field.holder": "Compte détenteur",
    "pdf.field.beneficiary": "Bénéficiaire",
    "pdf.field.kind": "Type de retrait",
    "pdf.field.acquiring_country": "Partie acquéreuse",
    "pdf.ledger.heading": "Inscription au registre public",
    "pdf.ledger.entry": "Ce document repose sur l'entrée {seq} ({type}) du registre public, "
    "inscrite le {date}.",
    "pdf.ledger.checkpoint": "Cette entrée figure dans le point de contrôle signé de taille "
    "{size}, signé le {date}, racine {root}.",
    "pdf.ledger.pending": "Cette entrée est en attente du prochain point de contrôle (taille "
    "attendue : {size} ou plus).",
    "pdf.ledger.verify": "Pour la vérifier hors ligne, téléchargez {url}/ledger/entries/{seq} "
    "et {url}/ledger/proof/inclusion?seq={seq}&size={size}, puis vérifiez la preuve avec le "
    "point de contrôle ({url}/ledger/checkpoint) et la clé publique du registre "
    "({url}/ledger/public-key).",
}
