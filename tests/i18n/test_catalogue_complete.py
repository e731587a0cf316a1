"""The Chinese catalogue is complete: every message translated, none fuzzy, and the committed
.mo compiled from the .po as it is (`make messages` refreshes, clears fuzzy and compiles)."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def test_no_message_is_untranslated(catalogue):
    # After `make messages`, every new msgid needs its Chinese msgstr (locale/zh_Hans/).
    assert [e.msgid for e in catalogue if not e.translated()] == []


def test_no_message_is_fuzzy(catalogue):
    assert [e.msgid for e in catalogue if "fuzzy" in e.flags] == []


def test_the_compiled_catalogue_is_the_source_catalogue(catalogue):
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalogue:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            shown = compiled.ngettext(key, entry.msgid_plural, 1)
            expected = entry.msgstr_plural[0]
        else:
            shown, expected = compiled.gettext(key), entry.msgstr
        if shown != expected:
            stale.append(entry.msgid)
    assert stale == []


def test_the_check_sees_an_untranslated_message(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Due date", msgstr="到期日"))
    po.append(polib.POEntry(msgid="Docket", msgstr=""))
    po.append(polib.POEntry(msgid="Rights", msgstr="权利", flags=["fuzzy"]))
    po.save(str(tmp_path / "x.po"))
    reread = polib.pofile(str(tmp_path / "x.po"))
    assert [e.msgid for e in reread if not e.translated()] == ["Docket", "Rights"]


# One Chinese term per thing across the catalogue: the English word (and the senses of it that
# are something else: a bank's letter of guarantee, the letters of a code), its term, and the
# terms not to use.
TERMS = [
    (
        re.compile(r"\bletters?\b", re.I),
        re.compile(r"guarantee|bank letter|letter valid|two.letter|two letters", re.I),
        "警告函",
        ("律师函",),
    )
]


def test_a_cease_and_desist_letter_has_one_chinese_term(catalogue):
    """A letter is 警告函 everywhere (heading, breadcrumb, messages, rules), never 律师函."""
    for word, other_sense, term, avoided in TERMS:
        shown = [(e.msgid, e.msgstr or " ".join(e.msgstr_plural.values())) for e in catalogue]
        assert [msgid for msgid, msgstr in shown if any(a in msgstr for a in avoided)] == []
        about = [
            (msgid, msgstr)
            for msgid, msgstr in shown
            if word.search(msgid) and not other_sense.search(msgid)
        ]
        assert len(about) > 20
        assert [msgid for msgid, msgstr in about if term not in msgstr] == []
