"""CNIPA application numbers (ZC 0006-2003): the check character decides, and only it.

The oracle below is written from the standard, independently of rights.numbers: the digits
weighted 2, 3, ..., 9, 2, 3, 4, 5, the sum modulo 11, a remainder of 10 written X.
"""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, strategies as st

from rights.numbers import normalise_cn_patent_number

CHECKS = "0123456789X"
bodies = st.one_of(
    st.text("0123456789", min_size=12, max_size=12), st.text("0123456789", min_size=8, max_size=8)
)


def oracle(body: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    remainder = (
        sum(int(digit) * weight for digit, weight in zip(body, weights[: len(body)], strict=True))
        % 11
    )
    return "X" if remainder == 10 else str(remainder)


def accepted(number: str) -> bool:
    try:
        normalise_cn_patent_number(number)
    except ValidationError:
        return False
    return True


@given(body=bodies, check=st.sampled_from(CHECKS), dot=st.booleans())
def test_a_number_is_accepted_exactly_when_its_check_character_matches(body, check, dot):
    number = f"{body}.{check}" if dot else f"{body}{check}"
    assert accepted(number) == (check == oracle(body))


@given(body=bodies)
def test_an_accepted_number_is_stored_as_body_dot_check(body):
    assert normalise_cn_patent_number(body + oracle(body)) == f"{body}.{oracle(body)}"


@given(
    body=bodies,
    position=st.integers(min_value=0, max_value=11),
    digit=st.sampled_from("0123456789"),
)
def test_one_mistyped_digit_is_always_caught(body, position, digit):
    position %= len(body)
    typo = body[:position] + digit + body[position + 1 :]
    if typo == body:
        return
    assert not accepted(f"{typo}.{oracle(body)}")


@pytest.mark.parametrize("number", ["201510958772.0", "2015109587720", "CN201510958772.0"])
def test_the_contract_examples_are_accepted(number):
    assert accepted(number)
