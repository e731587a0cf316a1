"""Cease-and-desist letters as editable .docx: a docxtpl template (built here with python-docx,
one column per language: English and Chinese side by side, or one of them) filled from the
rights asserted, the infringer, the infringement found and the demands.

The letter's text is legal drafting in a fixed language per column, not interface text: it is
written here in English and Chinese rather than translated through gettext.
"""

import datetime as dt
import io
from functools import lru_cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate, Listing

from .models import CeaseDesistLetter, LetterLanguage

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# One row per part of the letter; each cell holds the Jinja tag of its language.
PARTS = (
    "heading",
    "date",
    "addressee",
    "intro",
    "rights",
    "findings",
    "demands",
    "reply",
    "closing",
)
COLUMNS = {
    LetterLanguage.EN: ("en",),
    LetterLanguage.ZH: ("zh",),
    LetterLanguage.BILINGUAL: ("en", "zh"),
}

KIND_ZH = {
    "invention": "发明专利",
    "utility_model": "实用新型专利",
    "design": "外观设计专利",
    "trademark": "注册商标",
    "copyright": "著作权",
}


@lru_cache(maxsize=len(COLUMNS))
def template_bytes(languages: tuple[str, ...]) -> bytes:
    """The .docx template for these language columns (Jinja tags filled by docxtpl)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    table = document.add_table(rows=len(PARTS), cols=len(languages))
    table.style = "Table Grid" if len(languages) > 1 else None
    for row, part in zip(table.rows, PARTS, strict=True):
        for cell, language in zip(row.cells, languages, strict=True):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(f"{{{{ {language}.{part} }}}}")
            if part == "heading":
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _number(right) -> str:
    return right.registration_number or right.application_number or "—"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def _right_en(right) -> str:
    granted = right.grant_date or right.registration_date
    line = (
        f"{right.get_kind_display()} No. {_number(right)} ({right.jurisdiction}), “{right.title}”"
    )
    if right.application_number and right.registration_number:
        line += f", application No. {right.application_number}"
    return f"{line}, filed {_date(right.filing_date)}, granted/registered {_date(granted)}"


def _right_zh(right) -> str:
    granted = right.grant_date or right.registration_date
    kind = KIND_ZH.get(right.kind, right.kind)
    line = f"第{_number(right)}号{kind}（{right.title}）"
    if right.application_number and right.registration_number:
        line += f"，申请号{right.application_number}"
    return f"{line}，申请日{_date(right.filing_date)}，授权／注册日{_date(granted)}"


def letter_context(letter: CeaseDesistLetter, today: dt.date) -> dict:
    infringer = letter.infringer
    rights = list(letter.rights.order_by("id"))
    owners = "; ".join(dict.fromkeys(r.owner for r in rights))
    name_en = infringer.name or infringer.name_zh
    name_zh = infringer.name_zh or infringer.name
    both_en = (
        f"{name_en} ({infringer.name_zh})" if infringer.name and infringer.name_zh else name_en
    )
    both_zh = f"{name_zh}（{infringer.name}）" if infringer.name and infringer.name_zh else name_zh
    code = f"\nUnified social credit code: {infringer.credit_code}" if infringer.credit_code else ""
    code_zh = f"\n统一社会信用代码：{infringer.credit_code}" if infringer.credit_code else ""
    address = f"\n{infringer.addresses}" if infringer.addresses else ""
    reply_en = (
        f"Please reply in writing by {letter.reply_due.isoformat()}."
        if letter.reply_due
        else f"Please reply in writing within {letter.reply_days} days of receiving this letter."
    )
    reply_zh = (
        f"请于{letter.reply_due.isoformat()}前书面答复。"
        if letter.reply_due
        else f"请于收到本函之日起{letter.reply_days}日内书面答复。"
    )
    sent = letter.sent_on or today
    return {
        "en": {
            "heading": "CEASE AND DESIST LETTER",
            "date": sent.isoformat(),
            "addressee": Listing(f"To: {both_en}{code}{address}"),
            "intro": f"We write on behalf of {owners}, the holder of the following rights:",
            "rights": Listing("\n".join(f"• {_right_en(r)}" for r in rights)),
            "findings": Listing(f"Infringement found:\n{letter.findings}"),
            "demands": Listing(f"We demand that you:\n{letter.demands}"),
            "reply": reply_en,
            "closing": "We reserve all rights, including complaints to platforms and customs "
            "and legal proceedings.",
        },
        "zh": {
            "heading": "警告函",
            "date": sent.isoformat(),
            "addressee": Listing(f"致：{both_zh}{code_zh}{address}"),
            "intro": f"我方代表{owners}致函贵方。该权利人依法享有下列权利：",
            "rights": Listing("\n".join(f"• {_right_zh(r)}" for r in rights)),
            "findings": Listing(
                f"经查，贵方存在以下侵权行为：\n{letter.findings_zh or letter.findings}"
            ),
            "demands": Listing(f"我方要求贵方：\n{letter.demands_zh or letter.demands}"),
            "reply": reply_zh,
            "closing": "我方保留向电商平台投诉、申请海关保护及提起诉讼等一切权利。",
        },
    }


def letter_document(letter: CeaseDesistLetter, *, today: dt.date) -> bytes:
    """The letter as .docx bytes, for the lawyer to finish in Word."""
    languages = COLUMNS[LetterLanguage(letter.language)]
    template = DocxTemplate(io.BytesIO(template_bytes(languages)))
    template.render(letter_context(letter, today))
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def letter_filename(letter: CeaseDesistLetter) -> str:
    return f"cease-and-desist-{letter.pk}-{letter.language}.docx"
