"""Real (small) files of every kind the store sniffs, built in code so no binary is committed."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import AsyncIterator

CONTENT_TYPES_XML = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/%(part)s" ContentType="%(type)s"/>
</Types>"""

ROOT_RELS_XML = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="%(part)s"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""

_OOXML = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Project design document</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheets><sheet name="Credits" sheetId="1"/></sheets></workbook>',
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}


def pdf(*, padding: int = 0) -> bytes:
    """A valid one-page PDF (correct xref offsets); `padding` bytes of comment make it bigger."""
    content = b"0 0 m 200 200 l S\n% " + b"x" * padding
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png() -> bytes:
    """A valid 1x1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x10\x80\x20")  # filter byte, then one RGB pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """A JFIF header (SOI, APP0) and end-of-image marker: what a sniffer sees of a JPEG."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def csv() -> bytes:
    return (
        "serial,project,vintage,quantity\n"
        "NCR-015-M-010-2024-000001,Solar mini-grids Zambézia,2024,1500\n"
        "NCR-015-M-010-2024-001501,Solar mini-grids Zambézia,2024,250\n"
    ).encode()


def ooxml(kind: str, *, macros: bool = False) -> bytes:
    """A minimal Office Open XML package: "docx", "xlsx" or "pptx"."""
    part, content_type, body = _OOXML[kind]
    names = {b"part": part.encode(), b"type": content_type.encode()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML % names)
        archive.writestr("_rels/.rels", ROOT_RELS_XML % names)
        archive.writestr(part, body)
        if macros:
            archive.writestr(part.split("/")[0] + "/vbaProject.bin", b"\xcc\x61" + bytes(64))
    return buffer.getvalue()


def openpyxl_workbook() -> bytes:
    """An .xlsx written by openpyxl, the library the registry's exports use."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["serial", "quantity"])
    sheet.append(["NCR-015-M-010-2024-000001", 1500])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an Office document")
    return buffer.getvalue()


def ole(*stream_names: str) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors) holding empty streams of these names."""
    end_of_chain, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    entries = [("Root Entry", 5)] + [(name, 2) for name in stream_names]
    directory_sectors = -(-len(entries) // 4)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,
        end_of_chain,
        0,
        end_of_chain,
        0,
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    chain = [fat_sector] + [n + 1 for n in range(1, directory_sectors)] + [end_of_chain]
    fat = struct.pack("<128I", *(chain + [free] * (128 - len(chain))))
    directory = bytearray()
    for index, (name, kind) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        child = 1 if kind == 5 and len(entries) > 1 else no_stream
        right = index + 1 if kind == 2 and index + 1 < len(entries) else no_stream
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1,
            no_stream,
            right,
            child,
            bytes(16),
            0,
            0,
            0,
            end_of_chain,
            0,
        )
    directory += bytes(directory_sectors * 512 - len(directory))
    return header + fat + bytes(directory)


async def chunked(data: bytes, size: int) -> AsyncIterator[bytes]:
    """Stream `data` in chunks of `size` bytes, as a request body would arrive."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def endless(chunk: bytes, counter: list[int]) -> AsyncIterator[bytes]:
    """Never ends; counts the chunks taken, to show the store stops reading past the limit."""
    while True:
        counter[0] += 1
        yield chunk
