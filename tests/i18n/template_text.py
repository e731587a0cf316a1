"""Visible text a template writes outside the translation tags: what a reader would see in
English whatever their language. Markup, template tags, variables, comments, scripts and styles
are removed; what is left (text between tags and the attributes people read) must hold no word."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Templates people read, in the project's folder and every app's templates/ folder.
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
# Not pages of the app: Django admin overrides keep Django's own wording, API docs are vendor UI.
SKIPPED = ("admin/", "api/")

TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S
)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
RAW = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
READ_ATTRIBUTES = re.compile(
    r"""\b(title|alt|placeholder|aria-label|aria-description|data-label|value)=(["'])(.*?)\2""",
    re.S | re.I,
)
ELEMENT = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[#\w]+;")
# A word: two or more Latin letters. Product and format names are not translated.
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
NOT_WORDS = {
    "iptracker",
    "CSV",
    "XLSX",
    "iCal",
    "ics",
    "API",
    "GACC",
    "CNIPA",
    "WD",
    "PCT",
    "ID",
    "CNY",
    "SHA",
}


def templates():
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.suffix in {".html", ".txt"} and not relative.startswith(SKIPPED):
                yield path


def visible_words(source: str) -> list[str]:
    text = COMMENT_BLOCK.sub(" ", source)
    text = TRANSLATED_BLOCK.sub(" ", text)
    text = RAW.sub(" ", text)
    # Attribute values that are read (tooltips, labels) are checked; tag-only values go.
    attributes = [m.group(3) for m in READ_ATTRIBUTES.finditer(text)]
    text = ELEMENT.sub(" ", TAG.sub(" ", text))
    shown = " ".join([text, *(TAG.sub(" ", a) for a in attributes)])
    shown = ENTITY.sub(" ", shown)
    words = (w.strip("'-") for w in WORD.findall(shown))
    return [w for w in words if w and w not in NOT_WORDS]
