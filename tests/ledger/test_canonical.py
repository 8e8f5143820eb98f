"""RFC 8785 (JCS) canonical JSON for the types the ledger accepts."""

from __future__ import annotations

import json

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.ledger.canonical import CanonicalError, canonical_bytes, parse_body


def test_rfc8785_string_escaping_and_literals() -> None:
    # RFC 8785 section 3.2.2 without its "numbers" member (we refuse floats).
    source = r'{"string": "\u20ac$\u000F\u000aA' + "'" + r'\u0042\u0022\u005c\\\"\/", '
    source += r'"literals": [null, true, false]}'
    expected = '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    assert canonical_bytes(json.loads(source)) == expected.encode()


def test_rfc8785_property_sorting_by_utf16_code_units() -> None:
    # RFC 8785 section 3.2.3, with U+FB33 replaced by U+FF21: U+FB33 is not NFC-stable.
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\uff21": "Fullwidth A",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    keys = list(json.loads(canonical_bytes(value)))
    # The emoji (UTF-16 D83D DE00) sorts before U+FF21 although its code point is larger.
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\uff21"]


def test_control_characters_use_lower_case_or_short_escapes() -> None:
    text = "".join(chr(c) for c in range(0x20)) + "\x7f\u2028"
    encoded = canonical_bytes(text).decode()
    assert encoded.startswith('"\\u0000\\u0001')
    assert "\\b\\t\\n\\u000b\\f\\r\\u000e" in encoded
    assert "\\u001f" in encoded
    assert encoded.endswith('\x7f\u2028"')


def test_integers_and_literals() -> None:
    assert canonical_bytes([0, -1, 1, 2**53 - 1, -(2**53 - 1), True, False, None]) == (
        b"[0,-1,1,9007199254740991,-9007199254740991,true,false,null]"
    )


@pytest.mark.parametrize("value", [2**53, -(2**53), 10**20, 1.0, 0.5, float("nan")])
def test_unsafe_numbers_are_refused(value: object) -> None:
    with pytest.raises(CanonicalError):
        canonical_bytes({"n": value})


@pytest.mark.parametrize("value", [{1: "a"}, {None: 1}, {"a": b"bytes"}, {"a": {1, 2}}, object()])
def test_other_types_are_refused(value: object) -> None:
    with pytest.raises(CanonicalError):
        canonical_bytes(value)


def test_strings_are_nfc_normalised() -> None:
    assert canonical_bytes("e\u0301") == '"\u00e9"'.encode()
    assert canonical_bytes({"Ame\u0301lie": 1}) == '{"Am\u00e9lie":1}'.encode()
    with pytest.raises(CanonicalError, match="equal after NFC"):
        canonical_bytes({"\u00e9": 1, "e\u0301": 2})


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(CanonicalError, match="surrogate"):
        canonical_bytes("\ud800")


def test_parse_body_accepts_canonical_bytes() -> None:
    body = canonical_bytes({"b": [1, "\u00e9"], "a": None})
    assert parse_body(body) == {"a": None, "b": [1, "\u00e9"]}


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": 1}',  # whitespace
        b'{"b":1,"a":2}',  # key order
        b'{"a":1,"a":1}',  # duplicate key
        b'{"a":1.0}',  # float
        b'{"a":1e2}',  # exponent
        b'{"a":NaN}',
        b'{"a":9007199254740992}',  # 2**53
        b'{"a":"\\u00e9"}',  # escaped non-ASCII
        b'{"a":"\\/"}',  # escaped solidus
        b'{"a":"\\u001F"}',  # upper-case hex
        b'{"a":"\\u000a"}',  # long form of \n
        '{"a":"e\u0301"}'.encode(),  # not NFC
        b'{"a":"\xff"}',  # not UTF-8
        b"[1]",  # not an object
        b'{"a":1}\n',  # trailing newline
        b"",
    ],
)
def test_parse_body_refuses_non_canonical_bodies(body: bytes) -> None:
    with pytest.raises(CanonicalError):
        parse_body(body)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(st.characters(exclude_categories=["Cs"]), max_size=6), children, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=5), json_values, max_size=5))
def test_canonical_bytes_is_a_fixed_point(value: dict[str, object]) -> None:
    try:
        body = canonical_bytes(value)
    except CanonicalError:
        return  # two keys equal after NFC
    assert parse_body(body) == json.loads(body)
    assert canonical_bytes(json.loads(body)) == body


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_agrees_with_an_independent_jcs_implementation(value: object) -> None:
    try:
        ours = canonical_bytes(value)
    except CanonicalError:
        return
    # The other implementation does not normalise: give it our (already NFC) output, parsed.
    assert rfc8785.dumps(json.loads(ours)) == ours


# --- the C-encoder fast path -----------------------------------------------------------------------

from backend.ledger import canonical as canonical_module  # noqa: E402

any_text = st.text(st.characters(codec=None), max_size=6)  # surrogates, astral, NFD, controls
any_key = any_text | st.integers(-3, 3) | st.none() | st.booleans() | st.floats(allow_nan=False)
risky_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.sampled_from([2**53 - 1, 2**53, -(2**53 - 1), -(2**53), 10**15, 10**16])
    | st.floats()
    | any_text
    | st.sampled_from(["e\u0301", "\u00e9", "\U0001f600", "\uff21", "\x7f", "\u2028", "\ud800"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(any_key, children, max_size=4)
    ),
    max_leaves=12,
)


def exact_or_error(value: object) -> bytes | type[CanonicalError]:
    try:
        return canonical_module._exact_canonical(value)
    except CanonicalError:
        return CanonicalError


@settings(max_examples=1500, deadline=None)
@given(risky_values)
def test_the_fast_path_never_disagrees_with_the_exact_encoder(value: object) -> None:
    fast = canonical_module._fast_canonical(value)
    exact = exact_or_error(value)
    assert fast is None or fast == exact
    if exact is CanonicalError:
        with pytest.raises(CanonicalError):
            canonical_bytes(value)
    else:
        assert canonical_bytes(value) == exact


@settings(max_examples=500, deadline=None)
@given(json_values)
def test_the_fast_path_agrees_on_everything_the_ledger_writes(value: object) -> None:
    fast = canonical_module._fast_canonical(value)
    exact = exact_or_error(value)
    assert fast is None or fast == exact


ENTRY = {
    "v": 1,
    "seq": 123_456,
    "type": "credits.transferred",
    "at": "2026-11-26T01:02:03.000004Z",
    "actor": "user:7",
    "request_id": None,
    "data": {"block_id": "VUT-1", "from": "org:1", "to": "org:2", "start": 1, "end": 1000},
}


@pytest.mark.parametrize(
    "value",
    [
        ENTRY,
        {**ENTRY, "data": {"name": "Soci\u00e9t\u00e9 Foresti\u00e8re", "ok": [True, False, None]}},
        {"\uff21": 1, "\u20ac": '\u2028\x7f\n\x01"\\', "n": -999_999_999_999_999},
    ],
)
def test_typical_values_take_the_fast_path(value: object) -> None:
    fast = canonical_module._fast_canonical(value)
    assert fast is not None and fast == canonical_module._exact_canonical(value)


@pytest.mark.parametrize(
    "value",
    [
        {1: "a"},  # json would write the key as "1"
        {None: 1},
        {"a": 1.0},  # json would write 1.0
        {"a": 2**53},
        {"a": 1_000_000_000_000_000},  # 16 digits: the exact encoder decides
        {"\U0001f600": 1, "\uff21": 2},  # UTF-16 order differs from code point order
        {"a": "e\u0301"},  # not NFC
        {"e\u0301": 1},
        {"a": "\ud800"},  # lone surrogate
        (1, 2),  # a tuple: JCS writes it as an array, but the round trip is not equal
        {"a": {1, 2}},
        {"a": float("nan")},
    ],
)
def test_values_outside_the_fast_path_go_to_the_exact_encoder(value: object) -> None:
    assert canonical_module._fast_canonical(value) is None
    exact = exact_or_error(value)
    if exact is CanonicalError:
        with pytest.raises(CanonicalError):
            canonical_bytes(value)
    else:
        assert canonical_bytes(value) == exact
