"""The compiled catalogues are safe to render: each translation keeps its message's placeholders
(a missing one is a KeyError while an email is built) and holds its text once."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.mo"))


def entries(path):
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid and value:
            yield msgid.split("\x04")[-1], value  # without a pgettext context


def names(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def repeated(text: str) -> bool:
    return any(len(text) % n == 0 and text[: len(text) // n] * n == text for n in range(2, 4))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_translations_keep_their_placeholders_and_say_things_once(path):
    bad = [
        (msgid, value)
        for msgid, value in entries(path)
        if names(value) != names(msgid) or (repeated(value) and not repeated(msgid))
    ]
    assert bad == []


def test_there_is_a_chinese_catalogue():
    assert [p.parts[-3] for p in CATALOGUES] == ["zh_Hans"]
