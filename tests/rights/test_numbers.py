"""CNIPA application numbers and their check character (domain-rules §2.5)."""

import pytest
from django.core.exceptions import ValidationError

from rights.numbers import check_character, normalise_cn_patent_number, normalise_trademark_number

# Every real number listed in §2.5, as written there, with its normalised form and kind.
REAL_NUMBERS = [
    ("ZL201510958772.0", "201510958772.0", "invention"),
    ("ZL200510096239.4", "200510096239.4", "invention"),
    ("ZL201811564288.X", "201811564288.X", "invention"),
    ("ZL202322865413.3", "202322865413.3", "utility_model"),
    ("ZL202510942578.7", "202510942578.7", "invention"),
    ("2022106357271", "202210635727.1", "invention"),  # CN114911801A
    ("2023211609569", "202321160956.9", "utility_model"),  # CN219910140U
    ("ZL99113861.9", "99113861.9", "invention"),  # pre-2003
    ("ZL01105715.7", "01105715.7", "invention"),
    ("ZL00125301.8", "00125301.8", "invention"),
    ("ZL01126463.2", "01126463.2", "invention"),
]


@pytest.mark.parametrize(("raw", "normalised", "kind"), REAL_NUMBERS)
def test_real_cnipa_numbers_are_valid_and_normalised_to_body_dot_check(raw, normalised, kind):
    assert normalise_cn_patent_number(raw) == normalised
    assert normalise_cn_patent_number(raw, kind=kind) == normalised


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("201510958772", "0"),  # sum 231, mod 11 = 0
        ("201811564288", "X"),  # sum 241, mod 11 = 10
        ("99113861", "9"),  # pre-2003: sum 185, mod 11 = 9
        ("202310123456", "6"),  # sum 127, mod 11 = 6
    ],
)
def test_check_character_is_the_remainder_itself_and_10_is_x(body, check):
    assert check_character(body) == check


@pytest.mark.parametrize(
    "raw",
    [
        "ZL 2015 1 0958772.0",
        "zl201510958772.0",
        "CN201510958772.0",
        "2015-1-0958772.0",
        " 201510958772.0 ",
        "2015109587720",
    ],
)
def test_written_variants_normalise_to_the_same_number(raw):
    assert normalise_cn_patent_number(raw) == "201510958772.0"


def test_the_often_quoted_example_has_a_wrong_check_character():
    with pytest.raises(ValidationError) as error:
        normalise_cn_patent_number("2023 1 0123456.7")

    assert error.value.code == "check_character"
    assert "should be 6" in error.value.messages[0]
    assert normalise_cn_patent_number("2023 1 0123456.6") == "202310123456.6"


def test_every_wrong_check_character_is_rejected():
    wrong = [c for c in "0123456789X" if c != "0"]
    for check in wrong:
        with pytest.raises(ValidationError):
            normalise_cn_patent_number(f"201510958772.{check}")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("201510958772.0", "utility_model"),  # type digit 1
        ("201510958772.0", "design"),
        ("202321160956.9", "invention"),  # type digit 2
        ("99113861.9", "utility_model"),  # pre-2003, type digit 1
    ],
)
def test_a_type_digit_that_does_not_match_the_kind_is_rejected(raw, kind):
    with pytest.raises(ValidationError) as error:
        normalise_cn_patent_number(raw, kind=kind)

    assert error.value.code == "type_digit"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("201780012345", "invention"),  # 8: PCT invention in the national phase
        ("201790012345", "utility_model"),  # 9: PCT utility model in the national phase
        ("202130012345", "design"),
    ],
)
def test_pct_national_phase_and_design_type_digits_are_accepted(body, kind):
    raw = f"{body}.{check_character(body)}"

    assert normalise_cn_patent_number(raw, kind=kind) == raw


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "hello",
        "201510958772",  # no check character
        "20151095877.0",  # 11 digits
        "2015109587721.0",  # 13 digits
        "201510958772.A",
        "201510958772..0",
        "US201510958772.0",
        "991138619.9",
    ],
)
def test_garbage_is_rejected_as_a_format_error(raw):
    with pytest.raises(ValidationError) as error:
        normalise_cn_patent_number(raw)

    assert error.value.code == "format"


def test_trademark_numbers_are_numeric_without_leading_zeros():
    assert normalise_trademark_number(" 0012345678 ") == "12345678"
    with pytest.raises(ValidationError):
        normalise_trademark_number("G1234567")
