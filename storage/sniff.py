"""Tell what a file is from its bytes alone, and which kinds of file the registry accepts.

File names and client-declared types are never consulted: an HTML page named `report.pdf` is an
HTML page. Anything a browser could run or render as active content (HTML, SVG, XML, scripts) is
refused, and so are macro-enabled Office files and OLE2 files that are not Word, Excel or
PowerPoint (an .msi installer is OLE2 too).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import IO

from storage import ole

__all__ = [
    "ALLOWED_MEDIA_TYPES",
    "CSV",
    "DOC",
    "DOCX",
    "JPEG",
    "PDF",
    "PNG",
    "PPT",
    "PPTX",
    "XLS",
    "XLSX",
    "describe",
    "is_allowed",
    "sniff",
    "sniff_bytes",
]

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
CSV = "text/csv"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"

ALLOWED_MEDIA_TYPES = frozenset({PDF, PNG, JPEG, CSV, DOCX, XLSX, PPTX, DOC, XLS, PPT})

# What refused files are sniffed as (never allowed).
SVG = "image/svg+xml"
HTML = "text/html"
XML = "application/xml"
SCRIPT = "text/x-script"
TEXT = "text/plain"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
OFFICE_MACROS = "application/vnd.ms-office.vbaproject"
BINARY = "application/octet-stream"

_DESCRIPTIONS = {
    PDF: "a PDF document",
    PNG: "a PNG image",
    JPEG: "a JPEG image",
    CSV: "a CSV file",
    DOCX: "a Word document",
    XLSX: "an Excel workbook",
    PPTX: "a PowerPoint presentation",
    DOC: "a Word 97-2003 document",
    XLS: "an Excel 97-2003 workbook",
    PPT: "a PowerPoint 97-2003 presentation",
    SVG: "an SVG image",
    HTML: "an HTML page",
    XML: "an XML file",
    SCRIPT: "a script",
    TEXT: "a plain text file",
    ZIP: "a ZIP archive",
    OLE: "a Microsoft compound file that is not a Word, Excel or PowerPoint document",
    OFFICE_MACROS: "an Office file with macros",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
    "application/x-msdownload": "a Windows program",
    "application/x-executable": "a program",
    "application/gzip": "a compressed archive",
    "application/x-7z-compressed": "a compressed archive",
    "application/vnd.rar": "a compressed archive",
}

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ZIP_MAGIC = b"PK\x03\x04"
_OTHER_MAGIC = (
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
)
_OOXML_MAIN_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
_OLE_MACRO_ENTRIES = frozenset({"Macros", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"})

_HEAD_BYTES = 8192
_READ_BYTES = 1 << 16
# Tags that make old browsers (and careless viewers) render text as a page, looked for near the
# start of text that does not itself start with markup.
_ACTIVE_MARKUP = re.compile(
    r"<(?:!doctype|\?xml|html|head|body|script|iframe|svg|object|embed|meta|link|style)\b"
)
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_allowed(media_type: str) -> bool:
    """True if documents of this (sniffed) media type may be stored."""
    return media_type in ALLOWED_MEDIA_TYPES


def describe(media_type: str) -> str:
    """A phrase naming the kind of file, for messages to users ("an HTML page")."""
    return _DESCRIPTIONS.get(media_type, "a file of an unrecognised kind")


def sniff_bytes(data: bytes) -> str:
    """`sniff` for bytes already in memory."""
    return sniff(io.BytesIO(data))


def sniff(file: IO[bytes]) -> str:
    """The media type of a seekable binary file, judged from its bytes; the position is reset to 0.

    Reads only the head for most types; an Office file's ZIP or OLE2 directory and a text file's
    whole content (it must be clean UTF-8 to count as CSV) are read in full.
    """
    try:
        file.seek(0)
        head = file.read(_HEAD_BYTES)
        return _sniff(file, head)
    finally:
        file.seek(0)


def _sniff(file: IO[bytes], head: bytes) -> str:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_PNG_MAGIC):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(file)
    if head.startswith(ole.OLE_MAGIC):
        return _sniff_ole(file)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, media_type in _OTHER_MAGIC:
        if head.startswith(magic):
            return media_type
    return _sniff_text(file, head)


def _sniff_zip(file: IO[bytes]) -> str:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ZIP
    if "[Content_Types].xml" not in names:
        return ZIP
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return OFFICE_MACROS
    kinds = [media_type for part, media_type in _OOXML_MAIN_PARTS if part in names]
    return kinds[0] if len(kinds) == 1 else ZIP


def _sniff_ole(file: IO[bytes]) -> str:
    names = ole.entry_names(file)
    if names is None:
        return OLE
    if names & _OLE_MACRO_ENTRIES:
        return OFFICE_MACROS
    if "WordDocument" in names:
        return DOC
    if "Workbook" in names or "Book" in names:
        return XLS
    if "PowerPoint Document" in names:
        return PPT
    return OLE


def _sniff_text(file: IO[bytes], head: bytes) -> str:
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return _markup_kind(head[2:].decode(encoding, "replace")) or TEXT
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    text = head.decode("utf-8", "replace").lstrip().lower()
    if text.startswith("<"):
        return _markup_kind(text) or HTML
    if text.startswith("#!"):
        return SCRIPT
    if not _is_clean_utf8_text(file):
        return BINARY
    if _ACTIVE_MARKUP.search(text, 0, 1024):
        return _markup_kind(text) or HTML
    first_line = text.split("\n", 1)[0]
    return CSV if ("," in first_line or ";" in first_line) else TEXT


def _markup_kind(text: str) -> str | None:
    """SVG, HTML or XML if `text` (any case, any leading blanks) is or embeds markup, else None."""
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "<svg" in lowered:
        return SVG
    if lowered.startswith("<?xml"):
        return XML
    if lowered.startswith("<") or _ACTIVE_MARKUP.search(lowered, 0, 1024):
        return HTML
    return None


def _is_clean_utf8_text(file: IO[bytes]) -> bool:
    """True if the whole file is valid UTF-8 with no control characters but tab, CR and LF."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := file.read(_READ_BYTES):
            if _CONTROL_CHARACTERS.search(decoder.decode(chunk)):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
