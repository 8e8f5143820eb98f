"""RFC 8785 (JCS) canonical JSON for ledger entry bodies.

Only the JSON subset the registry writes is accepted: objects with string keys, arrays, strings,
integers of magnitude below 2**53, booleans and null. Floats are refused outright, so every number
serialises as its plain decimal digits, which is what JCS's ECMAScript number rule gives for such
integers. Strings are NFC-normalised before they are escaped.
"""

from __future__ import annotations

import json
import unicodedata

__all__ = ["MAX_SAFE_INTEGER", "CanonicalError", "canonical_bytes", "parse_body"]

# Integers must satisfy abs(n) < 2**53 (the IEEE 754 double range where every integer is exact).
MAX_SAFE_INTEGER = 2**53 - 1


class CanonicalError(ValueError):
    """A value cannot be encoded as canonical JSON, or stored bytes are not canonical."""


# JCS escaping (RFC 8785 section 3.2.2.2): the two-character forms for \b \t \n \f \r, "\u00xx" with
# lower-case hex for the other control characters, and a backslash before '"' and '\'. Everything
# else, including U+007F, U+2028 and characters outside the BMP, is written as it is.
_SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
_ESCAPES: dict[int, str] = {c: _SHORT_ESCAPES.get(c, f"\\u{c:04x}") for c in range(0x20)}
_ESCAPES[ord('"')] = '\\"'
_ESCAPES[ord("\\")] = "\\\\"


def _string(text: str) -> str:
    return '"' + unicodedata.normalize("NFC", text).translate(_ESCAPES) + '"'


def _utf16_key(key: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly as the sequences of UTF-16 code units do.
    return key.encode("utf-16-be", "surrogatepass")


def _encode(value: object, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalError(f"integer {value} is outside the range +/-(2**53 - 1)")
        out.append(str(int(value)))
    elif isinstance(value, dict):
        _encode_object(value, out)
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for position, item in enumerate(value):
            if position:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, float):
        raise CanonicalError("floats are not allowed in ledger entries; use integers")
    else:
        raise CanonicalError(f"cannot encode a value of type {type(value).__name__}")


def _encode_object(value: dict[object, object], out: list[str]) -> None:
    members: dict[str, object] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise CanonicalError(f"object keys must be strings, not {type(key).__name__}")
        normal = unicodedata.normalize("NFC", key)
        if normal in members:
            raise CanonicalError(f"two keys are equal after NFC normalisation: {normal!r}")
        members[normal] = item
    out.append("{")
    for position, key in enumerate(sorted(members, key=_utf16_key)):
        if position:
            out.append(",")
        out.append(_string(key))
        out.append(":")
        _encode(members[key], out)
    out.append("}")


def canonical_bytes(value: object) -> bytes:
    """Return the JCS encoding of value (dict/list/str/int/bool/None); raise CanonicalError else."""
    out: list[str] = []
    try:
        _encode(value, out)
    except RecursionError as exc:
        raise CanonicalError("value is nested too deeply") from exc
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CanonicalError("strings must not contain lone surrogates") from exc


def _refuse_number(text: str) -> object:
    raise CanonicalError(f"non-integer number {text!r} is not allowed")


def parse_json(body: bytes) -> object:
    """Parse UTF-8 JSON, refusing floats, NaN and Infinity; raise CanonicalError if not JSON."""
    try:
        text = body.decode("utf-8")
        return json.loads(text, parse_float=_refuse_number, parse_constant=_refuse_number)
    except UnicodeDecodeError as exc:
        raise CanonicalError("body is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"body is not JSON: {exc}") from exc
    except RecursionError as exc:
        raise CanonicalError("body is nested too deeply") from exc


def parse_body(body: bytes) -> dict[str, object]:
    """Parse an entry body; raise CanonicalError unless it is a JSON object in canonical form."""
    parsed = parse_json(body)
    if not isinstance(parsed, dict):
        raise CanonicalError("body is not a JSON object")
    if canonical_bytes(parsed) != body:
        raise CanonicalError("body is not in canonical (RFC 8785) form")
    return parsed
