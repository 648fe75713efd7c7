"""Right-to-left text broken into lines before it is put in visual order, so that a name
in Arabic or Urdu that wraps in a narrow column still starts on the first line."""

from __future__ import annotations

import io
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from marac_desk.exchange import pdf

_WORDS = st.sampled_from(
    ["فاطمة", "بنت", "محمد", "حسين", "العلي", "عائشہ", "ٹھاکر", "Victim:", "Łucja", "(Urdu)", "12"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30), st.floats(min_value=20, max_value=500))
def test_lines_keep_every_word_in_order_and_fit(words: list[str], width: float) -> None:
    pdf.register_fonts()
    value = " ".join(words)
    lines = pdf.break_lines(value, width, bold=False, size=8.5)
    assert " ".join(lines) == value
    for line in lines:
        # A line is broken only at a space; one word wider than the room stands alone.
        assert " " not in line or pdf._drawn_width(line, False, 8.5) <= width


def _page_lines(content: bytes) -> list[set[str]]:
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    # A reader gives the joined letters back as plain ones, each word whole.
    return [set(line.split()) for line in unicodedata.normalize("NFKC", text).splitlines()]


def test_a_name_that_wraps_in_a_narrow_cell_starts_on_the_first_line() -> None:
    styles = pdf.styles()
    name = "Victim: فاطمة بنت محمد حسين العلي"
    story = [pdf.grid([["About"], [pdf.text(name, styles["cell"])]], [28])]
    lines = _page_lines(pdf.build(story, title="t", marking="OS", footer="f"))
    first = next(line for line in lines if "Victim:" in line)
    second = lines[lines.index(first) + 1]
    assert "فاطمة" in first and "العلي" not in first
    assert "العلي" in second


def test_a_paragraph_in_arabic_starts_at_the_right() -> None:
    styles = pdf.styles()
    arabic = pdf.text("قالت الضحية إنها تخاف", styles["body"])
    english = pdf.text("Victim: فاطمة", styles["body"])
    assert arabic.style.alignment == pdf.TA_RIGHT
    assert english.style.alignment == styles["body"].alignment


def test_a_heading_in_arabic_is_still_a_heading() -> None:
    styles = pdf.styles()
    heading = pdf.text("حسين، فاطمة", styles["h1"])
    assert (heading.tag, heading.style.alignment) == ("H2", pdf.TA_RIGHT)
