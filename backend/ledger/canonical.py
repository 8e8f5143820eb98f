"""RFC 8785 (JCS) canonical JSON for ledger entry bodies.

Only the JSON subset the registry writes is accepted: objects with string keys, arrays, strings,
integers of magnitude below 2**53, booleans and null. Floats are refused outright, so every number
serialises as its plain decimal digits, which is what JCS's ECMAScript number rule gives for such
integers. Strings are NFC-normalised before they are escaped.

canonical_bytes first tries the C json encoder (sorted keys, no whitespace, no ASCII escaping) and
keeps its output only when that output provably is the JCS encoding: it re-parses to a value equal
to the input (so every key was a string and nothing was a float), no integer has 16 digits or more
(so all are within +/-(2**53 - 1)), and the text is NFC and has no character outside the BMP (so
strings need no normalising and keys sort the same by code point as by UTF-16 code unit). json's
string escaping (the two-character forms, lower-case hex for the other control characters, and a
backslash before a quote or a backslash) is JCS's. Anything else takes the exact encoder below,
which decides (and raises) on its own.
"""

from __future__ import annotations

import json
import json.encoder
import unicodedata
from collections.abc import Callable, Iterable
from itertools import repeat

__all__ = [
    "MAX_SAFE_INTEGER",
    "CanonicalError",
    "canonical_bytes",
    "parse_body",
    "plain_json",
    "plain_json_each",
]

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


def _refuse_number(text: str) -> object:
    raise CanonicalError(f"non-integer number {text!r} is not allowed")


# The C scanner behind json.loads, refusing floats, NaN and Infinity.
_DECODER = json.JSONDecoder(parse_float=_refuse_number, parse_constant=_refuse_number)
_scan_once: Callable[[str, int], tuple[object, int]] = vars(_DECODER)["scan_once"]


class _Unsupported(TypeError):
    """A value the C encoder would otherwise hand to JSONEncoder.default."""


def _unsupported(value: object) -> object:
    raise _Unsupported(type(value).__name__)


def _make_plain_json() -> tuple[Callable[[object], str], Callable[[Iterable[object]], list[str]]]:
    # The C encoder itself, made once: JSONEncoder.encode would build a new one per call.
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the _json accelerator
        one = json.JSONEncoder(
            ensure_ascii=False,
            check_circular=False,
            allow_nan=False,
            sort_keys=True,
            separators=(",", ":"),
            default=_unsupported,
        ).encode
        return one, lambda values: list(map(one, values))
    encoder = make(
        None, _unsupported, json.encoder.encode_basestring, None, ":", ",", True, False, False
    )

    def plain_json(value: object) -> str:
        return "".join(encoder(value, 0))

    def plain_json_each(values: Iterable[object]) -> list[str]:
        return list(map("".join, map(encoder, values, repeat(0))))  # no interpreter frame each

    return plain_json, plain_json_each


plain_json, plain_json_each = _make_plain_json()
"""plain_json(value) is json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False, allow_nan=False) without its per-call set-up: the JCS encoding for the values
the fast path admits. It raises TypeError for a value json cannot encode, ValueError for NaN or
infinity, and RecursionError for nesting too deep (or a cycle: there is no circular-reference
check). plain_json_each(values) is [plain_json(value) for value in values], faster."""

# Digits become "0", every other byte "."; a run of 16 "0"s is an integer that may be >= 2**53
# (or digits in a string, which merely sends the value to the exact encoder).
_DIGIT_MARKS = bytes(ord("0") if 0x30 <= b <= 0x39 else ord(".") for b in range(256))
_LONG_DIGITS = b"0" * 16
_BMP_END = "\uffff"


def _fast_canonical(value: object) -> bytes | None:
    """The JCS bytes of value by the C encoder when they provably are; None to take the exact
    encoder (which also decides what to refuse)."""
    try:
        text = plain_json(value)
        body = text.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate
    except (TypeError, ValueError, RecursionError):
        return None
    if _LONG_DIGITS in body.translate(_DIGIT_MARKS):
        return None
    if not text.isascii() and (max(text) > _BMP_END or not unicodedata.is_normalized("NFC", text)):
        return None
    try:
        parsed, _ = _scan_once(text, 0)
        # Equal only if every key was a str (json writes 1, None or True keys as strings) and
        # every container a dict or list of the same contents.
        same = parsed == value
    except Exception:  # noqa: BLE001 - a float, or a value whose own __eq__ fails: be exact
        return None
    return body if same else None


def canonical_bytes(value: object) -> bytes:
    """Return the JCS encoding of value (dict/list/str/int/bool/None); raise CanonicalError else."""
    fast = _fast_canonical(value)
    if fast is not None:
        return fast
    return _exact_canonical(value)


def _exact_canonical(value: object) -> bytes:
    out: list[str] = []
    try:
        _encode(value, out)
    except RecursionError as exc:
        raise CanonicalError("value is nested too deeply") from exc
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CanonicalError("strings must not contain lone surrogates") from exc


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
    except ValueError as exc:  # an integer of more digits than int() converts
        raise CanonicalError(f"body holds a number too long to read: {exc}") from None


def parse_body(body: bytes) -> dict[str, object]:
    """Parse an entry body; raise CanonicalError unless it is a JSON object in canonical form."""
    parsed = parse_json(body)
    if not isinstance(parsed, dict):
        raise CanonicalError("body is not a JSON object")
    if canonical_bytes(parsed) != body:
        raise CanonicalError("body is not in canonical (RFC 8785) form")
    return parsed
