"""decode() and normalise(): the one way text enters the system."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given

from factcheck.text import TextDecodeError, decode, normalise

from .strategies import property_settings, raw_texts, raw_texts_with_surrogates


def test_empty_bytes_decode_to_empty_text():
    assert decode(b"") == ""
    assert normalise(b"") == ""


def test_plain_utf8_decodes():
    assert decode("Phnom Penh ភ្នំពេញ 😀".encode()) == "Phnom Penh ភ្នំពេញ 😀"


def test_utf8_bom_is_stripped():
    assert decode(codecs.BOM_UTF8 + "héllo".encode()) == "héllo"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes_without_the_bom(codec):
    bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    assert decode(bom + "ខ្ញុំ 😀 ok".encode(codec)) == "ខ្ញុំ 😀 ok"


def test_invalid_utf8_names_the_byte_offset():
    with pytest.raises(TextDecodeError) as caught:
        decode(b"abc\xffdef")
    assert caught.value.byte_offset == 3
    assert caught.value.reason == "invalid start byte"
    assert str(caught.value) == "not valid UTF-8 at byte 3: invalid start byte"


def test_invalid_utf8_after_a_bom_counts_the_bom():
    with pytest.raises(TextDecodeError) as caught:
        decode(codecs.BOM_UTF8 + b"ab\xc3(")
    assert caught.value.byte_offset == 5


def test_latin1_is_refused_not_guessed():
    with pytest.raises(TextDecodeError) as caught:
        decode("café".encode("latin-1"))
    assert caught.value.byte_offset == 3


def test_utf16_with_odd_length_names_the_offset():
    with pytest.raises(TextDecodeError) as caught:
        decode(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"c")
    assert caught.value.byte_offset == 6
    assert "UTF-16" in str(caught.value)


def test_utf16_lone_surrogate_names_the_offset():
    data = codecs.BOM_UTF16_BE + "a".encode("utf-16-be") + b"\xdc\x00" + "b".encode("utf-16-be")
    with pytest.raises(TextDecodeError) as caught:
        decode(data)
    assert caught.value.byte_offset == 4


def test_utf32_is_refused():
    with pytest.raises(TextDecodeError):
        decode(codecs.BOM_UTF32_LE + "hi".encode("utf-32-le"))


def test_decode_error_is_a_value_error():
    with pytest.raises(ValueError, match="byte 0"):
        decode(b"\x80")


def test_newlines_become_lf():
    assert normalise("a\r\nb\rc\nd\r\r\ne") == "a\nb\nc\nd\n\ne"


def test_nfc_composes():
    assert normalise("e\u0301") == "é"
    assert normalise("\u1100\u1161") == "가"


def test_controls_are_dropped_but_tab_and_lf_stay():
    assert normalise("a\x00b\x07c\td\ne\x7f\x85f\x0b\x0c") == "abc\td\nef"


def test_a_control_between_base_and_accent_does_not_block_composition():
    assert normalise("e\x00\u0301") == "é"


def test_leading_bom_in_a_str_is_dropped_and_inner_one_kept():
    assert normalise("\ufeff\ufeffab\ufeffc") == "ab\ufeffc"
    assert normalise("\x00\ufeffab") == "ab"


def test_lone_surrogates_are_dropped():
    assert normalise("a\ud83db\ude00c") == "abc"


def test_bytes_and_str_normalise_alike():
    assert normalise("x\r\ny".encode("utf-16")) == normalise("x\r\ny") == "x\ny"


@property_settings
@given(raw_texts_with_surrogates)
def test_normalise_is_idempotent(raw):
    once = normalise(raw)
    assert normalise(once) == once


@property_settings
@given(raw_texts_with_surrogates)
def test_normalised_text_has_only_lf_and_tab_controls_and_is_nfc(raw):
    text = normalise(raw)
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert all(c in "\n\t" for c in text if unicodedata.category(c) in ("Cc", "Cs"))
    assert unicodedata.is_normalized("NFC", text)


@property_settings
@given(raw_texts)
def test_every_accepted_encoding_gives_the_same_text(raw):
    expected = normalise(raw)
    for data in (
        raw.encode(),
        codecs.BOM_UTF8 + raw.encode(),
        codecs.BOM_UTF16_LE + raw.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + raw.encode("utf-16-be"),
    ):
        if data.startswith(codecs.BOM_UTF32_LE):
            # FF FE 00 00 reads as UTF-32: refused rather than guessed, even though it
            # could be UTF-16 text starting with NUL.
            with pytest.raises(TextDecodeError):
                normalise(data)
        else:
            assert normalise(data) == expected
