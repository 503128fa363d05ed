"""The NRM referral's answers as a PDF in the shape of the Home Office referral form: a title
block, then each of the form's sections as a shaded heading over question and answer rows. Set
with fpdf2 and the Noto fonts the letter service uses (lantern.notify.letters, decision 0008),
so names in any script print; the first responder still submits the online form with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lantern.notify import letters

Section = tuple[str, list[dict[str, Any]]]
LABEL_WIDTH = 58  # mm: the question column


def pdf(reference: str, sections: list[Section], now: dt.datetime) -> bytes:
    from fpdf import FPDF

    fonts = letters.available_fonts()
    if not fonts:
        raise letters.LetterRefused(letters.missing_base_font() or "No font is installed for the referral.")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(now)
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(f"NRM referral {reference}")
    pdf.set_lang("en")
    for font in fonts:
        pdf.add_font(font.spec.family, "", str(font.path), collection_font_number=font.spec.collection_number)
        pdf.add_font(
            font.spec.family, "B", str(font.bold_path or font.path), collection_font_number=font.spec.collection_number
        )
    base = fonts[0].spec.family
    pdf.set_fallback_fonts([f.spec.family for f in fonts[1:]], exact_match=False)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(base, "B", 16)
    pdf.multi_cell(
        0,
        8,
        "National Referral Mechanism: referral of a potential victim of modern slavery",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(base, "", 10)
    pdf.multi_cell(
        0,
        5,
        f"Reference {reference} · answers recorded in Lantern, printed {now:%d %B %Y %H:%M}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.multi_cell(
        0,
        5,
        "Submit these answers through the Home Office online form. Keep this copy secure: OFFICIAL-SENSITIVE.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    width = pdf.epw
    for title, rows in sections:
        if not rows:
            continue
        pdf.set_fill_color(222, 224, 226)
        pdf.set_font(base, "B", 11)
        pdf.multi_cell(0, 7, title, fill=True, border=1, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(base, "", 10)
        pdf.set_fill_color(255, 255, 255)
        for row in rows:
            with pdf.table(
                col_widths=(LABEL_WIDTH, width - LABEL_WIDTH),
                first_row_as_headings=False,
                line_height=5,
                padding=1.5,
            ) as table:
                cells = table.row()
                cells.cell(str(row["label"]))
                cells.cell(str(row["value"]))
        pdf.ln(3)
    pdf.set_font(base, "", 8)
    pdf.multi_cell(0, 4, "Page {nb}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
