"""Record cards (lessons.tables.Card): a field's value may be a list of items, shown one to a
line as a bulleted list and escaped like any other text; a plain text value shows as before."""

from __future__ import annotations

from lessons.tables import Card


def test_a_list_value_renders_as_escaped_list_items():
    shown = Card("Parties", (("who", ("Russia <from 2015>", "Iran & Hezbollah")),))._repr_html_()
    assert ("<dd><ul><li>Russia &lt;from 2015&gt;</li><li>Iran &amp; Hezbollah</li></ul></dd>"
            in shown)
    assert "<from 2015>" not in shown


def test_a_text_value_renders_as_plain_escaped_text():
    shown = Card("", (("note", "Rebels <b>held</b> it"),))._repr_html_()
    assert "<dd>Rebels &lt;b&gt;held&lt;/b&gt; it</dd>" in shown
    assert "<ul>" not in shown


def test_a_list_value_reads_one_item_a_line_in_plain_text():
    shown = Card("Parties", (("kind", "state"), ("backed", ("Russia, from 2015", "Iran."))))
    assert repr(shown).splitlines() == ["Parties", "kind: state", "backed:",
                                        "  - Russia, from 2015", "  - Iran."]
    assert shown.text == "state Russia, from 2015. Iran."
