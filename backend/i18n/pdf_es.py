"""The PDF documents' words in Spanish (pdf.*)."""

PDF = {
    "pdf.registry": "{country}: Registro Nacional de Carbono",
    "pdf.issued_on": "Expedido el {date}",
    "pdf.project_approval.title": "Carta de no objeción: aprobación del proyecto",
    "pdf.project_approval.body": "La autoridad nacional de {country} aprobó el {date} el "
    "proyecto descrito a continuación. No tiene objeción a que se ejecute tal como fue "
    "registrado, con sujeción a las leyes de {country}.",
    "pdf.article6_authorisation.title": "Autorización en virtud del artículo 6.2 del Acuerdo "
    "de París",
    "pdf.article6_authorisation.body": "{country}, como Parte en el Acuerdo de París, autorizó "
    "el {date} el uso de los resultados de mitigación del proyecto siguiente como resultados "
    "de mitigación de transferencia internacional (RMTI), en virtud del párrafo 2 del "
    "artículo 6, en las condiciones aquí indicadas.",
    "pdf.issuance_statement.title": "Declaración de emisión",
    "pdf.issuance_statement.body": "El registro emitió las unidades siguientes el {date}, tras "
    "la verificación y aprobación del informe de seguimiento del proyecto.",
    "pdf.retirement_certificate.title": "Certificado de retiro",
    "pdf.retirement_certificate.body": "Las unidades siguientes fueron retiradas el {date} en "
    "nombre de {beneficiary}. Las unidades retiradas nunca pueden volver a transferirse ni "
    "utilizarse.",
    "pdf.field.project": "Proyecto",
    "pdf.field.project_number": "Número del proyecto",
    "pdf.field.external_id": "Referencia del proyecto",
    "pdf.field.owners": "Propietarios del proyecto",
    "pdf.field.sector": "Sector",
    "pdf.field.sectoral_scope": "Ámbito sectorial",
    "pdf.field.start_date": "Fecha de inicio",
    "pdf.field.end_date": "Fecha de finalización",
    "pdf.field.estimated_credits": "Créditos estimados (tCO2e)",
    "pdf.field.authorization_id": "Identificador de la autorización",
    "pdf.field.cooperative_approach": "Enfoque cooperativo",
    "pdf.field.quantity": "Cantidad autorizada",
    "pdf.field.metric": "Unidad de medida",
    "pdf.field.purpose": "Finalidad",
    "pdf.field.authorized_parties": "Partes autorizadas",
    "pdf.field.authorized_entities": "Entidades autorizadas",
    "pdf.field.first_transfer": "Primera transferencia",
    "pdf.field.authorized_on": "Autorizado el",
    "pdf.field.version": "Versión",
    "pdf.field.vintage": "Año de cosecha",
    "pdf.field.issuance_quantity": "Unidades emitidas (tCO2e)",
    "pdf.field.issuance_serials": "Números de serie emitidos",
    "pdf.field.block_serials": "Números de serie",
    "pdf.field.block_quantity": "Unidades (tCO2e)",
    "pdf.field.holder": "Cuenta titular",
    "pdf.field.beneficiary": "Beneficiario",
    "pdf.field.kind": "Tipo de retiro",
    "pdf.field.acquiring_country": "Parte adquirente",
    "pdf.ledger.heading": "Asiento en el libro mayor",
    "pdf.ledger.entry": "Este documento se basa en el asiento {seq} ({type}) del libro mayor, "
    "registrado el {date}.",
    "pdf.ledger.checkpoint": "Ese asiento figura en el punto de control firmado de tamaño "
    "{size}, firmado el {date}, raíz {root}.",
    "pdf.ledger.pending": "Ese asiento está pendiente del próximo punto de control (tamaño "
    "previsto: {size} o más).",
    "pdf.ledger.verify": "Para verificarlo sin conexión, descargue {url}/ledger/entries/{seq} "
    "y {url}/ledger/proof/inclusion?seq={seq}&size={size}, y compruebe la prueba con el punto "
    "de control ({url}/ledger/checkpoint) y la clave pública del registro "
    "({url}/ledger/public-key).",
}
