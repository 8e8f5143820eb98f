"""A document as a PDF in the reader's language, drawn by ReportLab (pure Python: no system
libraries, unlike WeasyPrint's pango and cairo) with its standard fonts, in a small pool of
worker threads so that drawing never blocks the event loop. The output is reproducible: the
same letter in the same language gives the same bytes (ReportLab's invariant mode)."""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

import anyio
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from backend import i18n
from backend.i18n import enum_labels
from backend.i18n.formats import long_date, whole_number
from backend.services import runtime
from backend.services.letters.citation import Citation
from backend.services.letters.facts import Label, Letter, Value

WORKERS = anyio.CapacityLimiter(2)  # PDF drawing threads, across all requests at once


def written(language: str, value: Value) -> str:
    """value as the language writes it: dates long, numbers grouped, lists joined, enum
    values by their labels."""
    if value is None or value == []:
        return "-"
    if isinstance(value, Label):
        return value.prefix + enum_labels.label(language, value.group, value.value)
    if isinstance(value, date):
        return long_date(language, value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return whole_number(language, value)
    if isinstance(value, list):
        return ", ".join(value)
    return value


def citation_lines(language: str, citation: Citation, base_url: str) -> list[str]:
    """The ledger paragraph: the entry, its checkpoint (or pending), how to verify it."""
    t = i18n.text
    lines = [
        t(
            language,
            "pdf.ledger.entry",
            seq=citation.seq,
            type=citation.type,
            date=long_date(language, citation.recorded_at.date()),
        )
    ]
    if citation.checkpoint_size is None:
        lines.append(t(language, "pdf.ledger.pending", size=citation.expected_size))
        size = citation.expected_size
    else:
        assert citation.checkpoint_at is not None
        lines.append(
            t(
                language,
                "pdf.ledger.checkpoint",
                size=citation.checkpoint_size,
                date=long_date(language, citation.checkpoint_at.date()),
                root=citation.checkpoint_root,
            )
        )
        size = citation.checkpoint_size
    lines.append(t(language, "pdf.ledger.verify", url=base_url, seq=citation.seq, size=size))
    return lines


def draw(letter: Letter, language: str, country: str, base_url: str, today: date) -> bytes:
    """The letter's PDF bytes (synchronous: run it in a worker thread)."""
    styles = getSampleStyleSheet()
    t = i18n.text
    out = io.BytesIO()
    title = t(language, f"pdf.{letter.kind}.title")
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=title,
        author=t(language, "pdf.registry", country=country),
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        invariant=True,
    )
    body = {key: written(language, value) for key, value in letter.body.items()}
    rows = [
        [
            Paragraph(escape(t(language, f"pdf.field.{key}")), styles["BodyText"]),
            Paragraph(escape(written(language, value)), styles["BodyText"]),
        ]
        for key, value in letter.facts
    ]
    table = Table(rows, colWidths=[55 * mm, 115 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
            ]
        )
    )
    story = [
        Paragraph(escape(t(language, "pdf.registry", country=country)), styles["Heading3"]),
        Paragraph(escape(title), styles["Title"]),
        Paragraph(
            escape(t(language, "pdf.issued_on", date=long_date(language, today))),
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            escape(t(language, f"pdf.{letter.kind}.body", country=country, **body)),
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph(escape(t(language, "pdf.ledger.heading")), styles["Heading4"]),
        *(
            Paragraph(escape(line), styles["BodyText"])
            for line in citation_lines(language, letter.citation, base_url)
        ),
    ]
    document.build(story)
    return out.getvalue()


async def render(letter: Letter, language: str, today: date) -> bytes:
    """The letter's PDF in language (English for one the registry does not write)."""
    current = runtime.current()
    return await anyio.to_thread.run_sync(
        draw,
        letter,
        i18n.supported(language),
        current.country.name,
        current.public_url,
        today,
        limiter=WORKERS,
    )
