"""Template lint: no template shows a word outside {% translate %} / {% blocktranslate %}."""

import pytest

from .template_text import ROOT, templates, visible_words


@pytest.mark.parametrize("path", list(templates()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_template_shows_no_text_outside_translation_tags(path):
    assert visible_words(path.read_text(encoding="utf-8")) == []


def test_the_lint_finds_untranslated_text_and_accepts_translated_text():
    assert visible_words("<p>Save the <b>right</b></p>") == ["Save", "the", "right"]
    assert visible_words('<input placeholder="Search">') == ["Search"]
    assert visible_words("<a title=\"{% translate 'Open' %}\">{{ name }}</a>") == []
    assert visible_words("{% blocktranslate %}Due {{ d }}{% endblocktranslate %}") == []
    assert visible_words('<div class="some-class" id="x">{# note #}</div>') == []
