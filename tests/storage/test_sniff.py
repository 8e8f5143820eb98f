"""Media-type sniffing: what each kind of file is taken for, and which kinds are refused."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import DocumentRejected, sniff
from storage.intake import judge
from storage.ole import OLE_MAGIC

from . import samples

ALLOWED = [
    pytest.param(samples.pdf(), sniff.PDF, id="pdf"),
    pytest.param(b"%PDF-1.7\n", sniff.PDF, id="pdf-header-only"),
    pytest.param(samples.png(), sniff.PNG, id="png"),
    pytest.param(samples.jpeg(), sniff.JPEG, id="jpeg"),
    pytest.param(samples.csv(), sniff.CSV, id="csv"),
    pytest.param(b"\xef\xbb\xbfserial;quantity\r\nA;1\r\n", sniff.CSV, id="csv-bom-semicolon"),
    pytest.param(b"a,b", sniff.CSV, id="csv-one-line"),
    pytest.param(b'"note","x < y"\n"1","2"\n', sniff.CSV, id="csv-with-less-than"),
    pytest.param(samples.ooxml("docx"), sniff.DOCX, id="docx"),
    pytest.param(samples.ooxml("xlsx"), sniff.XLSX, id="xlsx"),
    pytest.param(samples.openpyxl_workbook(), sniff.XLSX, id="xlsx-openpyxl"),
    pytest.param(samples.ooxml("pptx"), sniff.PPTX, id="pptx"),
    pytest.param(samples.ole("WordDocument", "\x05SummaryInformation"), sniff.DOC, id="doc"),
    pytest.param(samples.ole("Workbook"), sniff.XLS, id="xls"),
    pytest.param(samples.ole("Book"), sniff.XLS, id="xls-biff5"),
    pytest.param(samples.ole("Current User", "PowerPoint Document"), sniff.PPT, id="ppt"),
    pytest.param(
        samples.ole("a", "b", "c", "d", "e", "WordDocument"), sniff.DOC, id="doc-2-sectors"
    ),
]


@pytest.mark.parametrize(("content", "media_type"), ALLOWED)
def test_allowed_kinds_are_recognised(content: bytes, media_type: str) -> None:
    assert sniff.sniff_bytes(content) == media_type
    assert sniff.is_allowed(media_type)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
PROLOG = b'<?xml version="1.0" encoding="UTF-8"?>\n'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

REFUSED = [
    pytest.param(SVG, sniff.SVG, id="svg"),
    pytest.param(PROLOG + SVG, sniff.SVG, id="svg-with-xml-prolog"),
    pytest.param(
        PROLOG + b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n' + SVG,
        sniff.SVG,
        id="svg-with-prolog-and-doctype",
    ),
    pytest.param(b"\xef\xbb\xbf\n  " + SVG.upper(), sniff.SVG, id="svg-bom-upper-case"),
    pytest.param(HTML, sniff.HTML, id="html"),
    pytest.param(b"\xef\xbb\xbf" + HTML, sniff.HTML, id="html-with-bom"),
    pytest.param(b" \r\n\t\n" + HTML, sniff.HTML, id="html-after-whitespace"),
    pytest.param(b"<!DOCTYPE HTML>\n<P>shouting", sniff.HTML, id="html-upper-case"),
    pytest.param(b"<p>a fragment, with a comma</p>", sniff.HTML, id="html-fragment"),
    pytest.param(
        b"\xff\xfe" + "<html><script>x</script></html>".encode("utf-16-le"),
        sniff.HTML,
        id="html-utf16",
    ),
    pytest.param(
        b"name,comment\nx,<script>alert(1)</script>\n", sniff.HTML, id="csv-with-script-tag"
    ),
    pytest.param(PROLOG + b"<registry><project/></registry>", sniff.XML, id="xml"),
    pytest.param(b"#!/bin/sh\nrm -rf /,now\n", sniff.SCRIPT, id="shell-script"),
    pytest.param(b"just some words\nno separators\n", sniff.TEXT, id="plain-text"),
    pytest.param(samples.zip_archive(), sniff.ZIP, id="zip-not-office"),
    pytest.param(samples.ooxml("docx")[:40], sniff.ZIP, id="zip-truncated"),
    pytest.param(samples.ooxml("xlsx", macros=True), sniff.OFFICE_MACROS, id="xlsm"),
    pytest.param(samples.ooxml("docx", macros=True), sniff.OFFICE_MACROS, id="docm"),
    pytest.param(samples.ole("\x05SummaryInformation"), sniff.OLE, id="ole-not-office"),
    pytest.param(samples.ole("WordDocument", "Macros"), sniff.OFFICE_MACROS, id="doc-macros"),
    pytest.param(samples.ole("Workbook", "_VBA_PROJECT_CUR"), sniff.OFFICE_MACROS, id="xls-vba"),
    pytest.param(OLE_MAGIC + bytes(600), sniff.OLE, id="ole-malformed"),
    pytest.param(samples.ole("WordDocument")[:700], sniff.OLE, id="ole-truncated"),
    pytest.param(bytes(range(256)) * 4, sniff.BINARY, id="binary"),
    pytest.param(b"a,b\n\x80\x81\n", sniff.BINARY, id="invalid-utf8"),
    pytest.param(b"a,b\n" * 5000 + b"\x00", sniff.BINARY, id="nul-after-the-head"),
    pytest.param(b"a,b\x1b[31m\n", sniff.BINARY, id="control-characters"),
    pytest.param(b"GIF89a\x01\x00\x01\x00", "image/gif", id="gif"),
    pytest.param(b"MZ\x90\x00\x03", "application/x-msdownload", id="windows-exe"),
    pytest.param(b"\x7fELF\x02\x01\x01", "application/x-executable", id="elf"),
]


@pytest.mark.parametrize(("content", "media_type"), REFUSED)
def test_refused_kinds_are_recognised_and_not_allowed(content: bytes, media_type: str) -> None:
    assert sniff.sniff_bytes(content) == media_type
    assert not sniff.is_allowed(media_type)


def test_the_allow_list_is_exactly_the_registry_s_document_types() -> None:
    assert sniff.ALLOWED_MEDIA_TYPES == {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
    }


def test_judge_names_the_refused_kind_for_the_uploader() -> None:
    with pytest.raises(DocumentRejected) as raised:
        judge(io.BytesIO(HTML))

    assert raised.value.reason == "type_not_allowed"
    assert raised.value.media_type == "text/html"
    assert str(raised.value).startswith("This file is an HTML page, which cannot be uploaded.")


def test_judge_returns_the_type_of_an_allowed_file() -> None:
    assert judge(io.BytesIO(samples.pdf())) == "application/pdf"


def test_sniff_rewinds_the_file() -> None:
    file = io.BytesIO(samples.ooxml("docx"))
    file.seek(17)

    assert sniff.sniff(file) == sniff.DOCX
    assert file.tell() == 0


@given(
    st.sampled_from([b"", b"PK\x03\x04", OLE_MAGIC, b"\xff\xfe", b"<"]), st.binary(max_size=2048)
)
def test_sniff_never_fails_on_arbitrary_bytes(prefix: bytes, tail: bytes) -> None:
    assert isinstance(sniff.sniff_bytes(prefix + tail), str)


@given(st.binary(min_size=600, max_size=4096))
def test_corrupt_ole_headers_are_refused_not_crashing(body: bytes) -> None:
    header = bytearray(samples.ole("WordDocument"))
    header[0x1E:0x50] = body[: 0x50 - 0x1E]  # garbage sector sizes, FAT counts and pointers
    media_type = sniff.sniff_bytes(bytes(header) + body)
    assert media_type in {sniff.OLE, sniff.DOC, sniff.OFFICE_MACROS}
