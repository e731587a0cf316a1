"""The letter document opens in python-docx and names the right and the infringer."""

import datetime as dt
import io

import pytest
from docx import Document

from enforcement import services
from enforcement.documents import letter_document


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def letter(org, counsel, infringer, right):
    return services.letter_create(
        organisation=org,
        actor=counsel,
        infringer=infringer,
        rights=[right],
        findings="Taobao store sells copies of the device.",
        findings_zh="贵方淘宝店铺销售该装置的仿冒品。",
        demands="Stop selling; destroy the stock.",
        sent_on=dt.date(2025, 9, 5),
        method="courier",
    )


def test_bilingual_letter_names_right_and_infringer_in_both_languages(letter, right):
    document = Document(io.BytesIO(letter_document(letter, today=dt.date(2025, 9, 5))))
    (table,) = document.tables
    english, chinese = ("\n".join(row.cells[i].text for row in table.rows) for i in range(2))
    for column in (english, chinese):
        assert "ZL201910200001" in column
        assert "Shenzhen Copycat Trading Co., Ltd." in column
        assert "深圳仿冒贸易有限公司" in column
    assert (
        "CEASE AND DESIST LETTER" in english and "Please reply in writing by 2025-09-19." in english
    )
    assert "警告函" in chinese and "请于2025-09-19前书面答复。" in chinese
    assert f"application No. {right.application_number}" in english
    assert "贵方淘宝店铺销售该装置的仿冒品。" in chinese
    assert "Stop selling; destroy the stock." in chinese  # no Chinese demands: the English


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [("en", "CEASE AND DESIST", "警告函"), ("zh", "警告函", "CEASE AND DESIST")],
)
def test_one_language_letters(letter, counsel, language, present, absent):
    services.letter_update(letter=letter, actor=counsel, language=language)
    letter.refresh_from_db()
    text = text_of(letter_document(letter, today=dt.date(2025, 9, 5)))
    assert present in text and absent not in text
    assert "ZL201910200001" in text
