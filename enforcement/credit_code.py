"""The unified social credit code (统一社会信用代码) of Chinese organisations, GB 32100-2015.

18 characters from a 31-character alphabet (digits and capitals without I, O, S, V, Z); the last
is a check character: 31 - (sum of value x weight over the first 17) mod 31, weights 3^(i-1) mod 31.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def normalise_credit_code(value: str) -> str:
    return "".join((value or "").split()).upper()


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_error(value: str) -> str | None:
    """Why `value` (normalised) is not a valid code, or None when it is."""
    if len(value) != LENGTH:
        return f"A unified social credit code has {LENGTH} characters (this one has {len(value)})."
    bad = sorted({c for c in value if c not in ALPHABET})
    if bad:
        return f"Not allowed in a unified social credit code: {', '.join(bad)}."
    expected = check_character(value[:17])
    if value[17] != expected:
        return f"The check character should be {expected}, not {value[17]}: check for a typing mistake."
    return None
