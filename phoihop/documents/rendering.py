"""Official documents as Word files (and PDF through LibreOffice), laid out like the real ones.

A document is described by a small spec (`OfficialDocument` and its blocks) and rendered by
`render_docx` following Nghị định 30/2020/NĐ-CP, Phụ lục I (State profile) or Hướng dẫn 36-HD/VPTW
(Party profile), as summarised in docs/domain.md §4:

- A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman everywhere.
- Header: a borderless two-column table. State: superior body / issuing body (bold) / short line /
  "Số: 05/CTr-BTGTU" on the left; national title / motto with a line under it / italic place and
  date on the right. Party: superior body / issuing body (bold) / "*" / "Số 05-CTr/BTGTU" on the
  left; "ĐẢNG CỘNG SẢN VIỆT NAM" (underlined) / italic place and date on the right.
- Type of document and summary (trích yếu), centred and bold; body 14 pt, justified, 1.27 cm
  first-line indent, 6 pt after; tables with borders; page numbers from page 2, top centre.
- Signatures: a borderless table, one column per signer. "Nơi nhận" at the bottom left, beside
  the signature when there is one signer.

`docx_to_pdf` converts with LibreOffice headless; with `fonts-liberation2` installed, Times New Roman
is rendered with Liberation Serif (same metrics, every Vietnamese glyph).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import docx
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from phoihop.core.errors import DomainError
from phoihop.core.text import vn_date_long

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph

    from phoihop.orgs.models import Organization

logger = logging.getLogger(__name__)

FONT = "Times New Roman"
STATE, PARTY = "state", "party"

# ---------------------------------------------------------------------------------------------------
# The spec
# ---------------------------------------------------------------------------------------------------


class Issuer(NamedTuple):
    """One issuing body: the superior line ("TỈNH ỦY KHÁNH HÒA", may be empty) and its own name."""

    superior: str
    name: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: bold; 2: bold; 3: bold italic


@dataclass(frozen=True)
class Paragraph:
    """Body text; line breaks in `text` start new paragraphs of the same style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class NumberedItem:
    """'1. Title' (bold) followed by its text; without a title: '1. text'."""

    number: int | str
    title: str = ""
    text: str = ""


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths_cm: Sequence[float] | None = None  # default: the text width shared equally
    bold_header: bool = True
    font_size: float = 13


type Block = Heading | Paragraph | NumberedItem | Table


@dataclass(frozen=True)
class Signer:
    org_caption: str = ""  # "BAN TUYÊN GIÁO TỈNH ỦY" (joint documents), may be empty
    authority: str = ""  # "T/M BAN THƯỜNG VỤ", "TM. THƯỜNG TRỰC HĐND", "KT. CHỦ TỊCH", or ""
    title: str = ""  # "TRƯỞNG BAN", "PHÓ CHỦ TỊCH"
    full_name: str = ""


@dataclass(frozen=True)
class OfficialDocument:
    profile: str  # "state" | "party"; a joint document follows its lead body's profile
    issuers: Sequence[Issuer]  # the lead body first
    number_line: str  # "Số: 05/CTr-BTGTU-HĐND" or "Số 05-CTr/BTGTU" (services.number_line)
    place: str  # "Khánh Hòa"
    date: dt.date
    doc_type_name: str  # "CHƯƠNG TRÌNH", "KẾ HOẠCH", "BÁO CÁO" …
    title: str  # trích yếu
    blocks: Sequence[Block] = field(default_factory=tuple)
    signers: Sequence[Signer] = field(default_factory=tuple)
    recipients: Sequence[str] = field(default_factory=tuple)


def issuer_of(org: Organization) -> Issuer:
    """The header lines of an organisation: its superior line, and its name without that suffix.

    "Ban Tuyên giáo Tỉnh ủy Khánh Hòa" under "TỈNH ỦY KHÁNH HÒA" gives "BAN TUYÊN GIÁO".
    """
    superior = _upper(org.superior_name)
    name = _upper(org.name)
    if superior and name.endswith(" " + superior) and len(name) > len(superior) + 1:
        name = name[: -len(superior) - 1].rstrip(" -,")
    return Issuer(superior, name)


# ---------------------------------------------------------------------------------------------------
# Layout constants (cm, pt)
# ---------------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 21.0, 29.7
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2.0, 2.0, 3.0, 1.5
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 16.5 cm
CELL_PAD = 0.1  # left and right padding inside every table cell

# header: (left column, right column) widths; the header spreads a little into the left margin
HEADER_COLUMNS = {STATE: (6.8, 10.2), PARTY: (7.6, 9.4)}
HEADER_SHIFT = 0.5
BODY_SIZE = 14


@dataclass(frozen=True)
class _Sizes:
    superior: float
    issuer: float
    number: float
    national: float
    motto: float
    date: float
    doc_type: float
    title: float
    signer: float
    recipients_caption: float
    recipients: float


SIZES = {
    STATE: _Sizes(13, 13, 13, 12.5, 13.5, 14, 14, 14, 14, 12, 11),
    PARTY: _Sizes(14, 14, 14, 15, 0, 14, 15, 14, 14, 14, 12),
}

# ---------------------------------------------------------------------------------------------------
# Text hygiene: user text must never break the XML
# ---------------------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean(text: object) -> str:
    value = "" if text is None else str(text)
    return _NOT_XML.sub("", unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")))


def _upper(text: object) -> str:
    return _clean(text).strip().upper()


def _text_width_cm(text: str, size: float, *, bold: bool = False) -> float:
    """A rough width of one line in Times New Roman (enough to size the short rules under lines)."""
    em = 0.0
    for ch in text:
        if ch.isspace():
            em += 0.25
        elif ch.isupper():
            em += 0.70 if bold else 0.68
        elif ch.isalpha():
            em += 0.50 if bold else 0.47
        elif ch.isdigit():
            em += 0.5
        else:
            em += 0.33
    return em * size / 72 * 2.54


# "Độc lập - Tự do - Hạnh phúc" in bold Liberation Serif measures 12.23 pt per point of font size
MOTTO_PT_PER_PT = 165.05 / 13.5


# ---------------------------------------------------------------------------------------------------
# Low-level helpers over python-docx
# ---------------------------------------------------------------------------------------------------


def _set_fonts(rpr) -> None:
    """Times New Roman for every script slot, without theme fonts overriding it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_size(rpr, size: float) -> None:
    half_points = str(round(size * 2))
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), half_points)


def _run(paragraph: DocxParagraph, text: str, size: float, *, bold=False, italic=False, underline=False):
    run = paragraph.add_run(_clean(text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if underline:
        run.font.underline = True
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr)
    _set_size(rpr, size)
    return run


def _mark_size(paragraph: DocxParagraph, size: float) -> None:
    """The paragraph mark's font (sets the height of an empty paragraph)."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    _set_fonts(rpr)
    _set_size(rpr, size)


def _format(
    paragraph: DocxParagraph,
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_line: float | None = None,
    left: float | None = None,
    right: float | None = None,
    line: float | None = 1.0,
    keep_next: bool = False,
) -> DocxParagraph:
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if line != 1.0 else WD_LINE_SPACING.SINGLE
        if line != 1.0:
            pf.line_spacing = line
    pf.first_line_indent = Cm(first_line) if first_line is not None else Cm(0)
    pf.left_indent = Cm(left) if left is not None else Cm(0)
    pf.right_indent = Cm(right) if right is not None else Cm(0)
    pf.widow_control = True
    if keep_next:
        pf.keep_with_next = True
    return paragraph


def _text_paragraph(
    container, text: str, size: float, *, bold=False, italic=False, underline=False, **fmt
) -> DocxParagraph:
    paragraph = container.add_paragraph()
    _format(paragraph, **fmt)
    _run(paragraph, text, size, bold=bold, italic=italic, underline=underline)
    _mark_size(paragraph, size)
    return paragraph


def _rule(container, width_cm: float, length_cm: float, *, size: float = 3, thickness: int = 6) -> DocxParagraph:
    """A short horizontal line of `length_cm`, centred in a box of `width_cm`: an empty paragraph with a
    bottom border, its indents making it short. `thickness` in eighths of a point."""
    paragraph = container.add_paragraph()
    side = max((width_cm - length_cm) / 2, 0)
    _format(paragraph, left=side, right=side)
    _mark_size(paragraph, size)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(thickness)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr goes before spacing/ind/jc in the schema order
    anchor = next(
        (ppr.find(qn(t)) for t in ("w:spacing", "w:ind", "w:jc", "w:rPr") if ppr.find(qn(t)) is not None), None
    )
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    return paragraph


class _CellWriter:
    """`add_paragraph` that reuses the empty first paragraph of a new cell."""

    def __init__(self, cell: _Cell):
        self.cell = cell
        self.first = True

    def add_paragraph(self):
        if self.first:
            self.first = False
            return self.cell.paragraphs[0]
        return self.cell.add_paragraph()


def _table(document: DocxDocument, widths: Sequence[float], rows: int, *, borders: bool, shift: float = 0) -> DocxTable:
    """A fixed-layout table: grid columns and every cell sized (LibreOffice reads the grid)."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = table._tbl.tblPr
    total = sum(widths)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(round(total * 567)))
    if shift:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(round(-shift * 567)))
        ind.set(qn("w:type"), "dxa")
        tbl_w.addnext(ind)
    border_el = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if borders:
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
                el.set(qn(key), value)
        else:
            el.set(qn("w:val"), "nil")
        border_el.append(el)
    layout = tbl_pr.find(qn("w:tblLayout"))
    (layout if layout is not None else tbl_pr.find(qn("w:tblLook"))).addprevious(border_el)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(CELL_PAD * 567)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.find(qn("w:tblLook")).addprevious(margins)
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths[i])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


# ---------------------------------------------------------------------------------------------------
# Document set-up
# ---------------------------------------------------------------------------------------------------


def _setup(doc: OfficialDocument) -> DocxDocument:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_W), Cm(PAGE_H)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP), Cm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT), Cm(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    _set_size(rpr, BODY_SIZE)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for style_rpr in styles.iter(qn("w:rPr")):
        if style_rpr.find(qn("w:rFonts")) is not None:
            _set_fonts(style_rpr)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr())

    props = document.core_properties
    props.title = _clean(f"{doc.doc_type_name} {doc.title}".strip())[:250]
    props.author = _clean(doc.issuers[0].name if doc.issuers else "")[:250]
    props.last_modified_by = props.author
    props.comments = ""
    props.keywords = ""
    props.subject = _clean(doc.number_line)[:250]
    props.language = "vi-VN"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1

    # the body starts empty (python-docx's template has no paragraphs, only the section properties)
    return document


def _page_numbers(document: DocxDocument, size: float) -> None:
    """Page number at the top centre from the second page (NĐ 30, Phụ lục I)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    _format(paragraph)
    _mark_size(paragraph, size)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _set_fonts(rpr)
    _set_size(rpr, size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    first = section.first_page_header
    first.is_linked_to_previous = False
    _mark_size(first.paragraphs[0], size)


# ---------------------------------------------------------------------------------------------------
# Parts of the document
# ---------------------------------------------------------------------------------------------------


def _header(document: DocxDocument, doc: OfficialDocument) -> None:
    s = SIZES[doc.profile]
    left_w, right_w = HEADER_COLUMNS[doc.profile]
    inner_left, inner_right = left_w - 2 * CELL_PAD, right_w - 2 * CELL_PAD
    table = _table(document, [left_w, right_w], 2, borders=False, shift=HEADER_SHIFT)
    top_left, top_right = _CellWriter(table.cell(0, 0)), _CellWriter(table.cell(0, 1))
    bottom_left, bottom_right = _CellWriter(table.cell(1, 0)), _CellWriter(table.cell(1, 1))

    for i, issuer in enumerate(doc.issuers):
        superior, name = _upper(issuer.superior), _upper(issuer.name)
        if superior:
            _text_paragraph(top_left, superior, s.superior, before=6 if i else 0)
        _text_paragraph(top_left, name, s.issuer, bold=True, before=0 if superior or not i else 6)
    if doc.profile == STATE:
        # under the issuing body: a third to a half of its name's length (NĐ 30)
        longest = max((_text_width_cm(_upper(i.name), s.issuer, bold=True) for i in doc.issuers), default=4)
        _rule(top_left, inner_left, min(max(longest, 4.5) * 0.45, inner_left / 2))
        _text_paragraph(bottom_left, doc.number_line, s.number, before=6)
        _text_paragraph(top_right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.national, bold=True)
        _text_paragraph(top_right, "Độc lập - Tự do - Hạnh phúc", s.motto, bold=True)
        _rule(top_right, inner_right, MOTTO_PT_PER_PT * s.motto / 72 * 2.54)
    else:
        _text_paragraph(top_left, "*", s.issuer)
        _text_paragraph(bottom_left, doc.number_line, s.number, before=2)
        _text_paragraph(top_right, "ĐẢNG CỘNG SẢN VIỆT NAM", s.national, bold=True, underline=True)
    place_date = f"{_clean(doc.place).strip()}, {vn_date_long(doc.date)}" if doc.place else vn_date_long(doc.date)
    _text_paragraph(
        bottom_right,
        place_date[:1].upper() + place_date[1:],
        s.date,
        italic=True,
        before=6 if doc.profile == STATE else 2,
    )


def _title(document: DocxDocument, doc: OfficialDocument) -> None:
    s = SIZES[doc.profile]
    _text_paragraph(document, _upper(doc.doc_type_name), s.doc_type, bold=True, before=18, keep_next=True)
    title = _clean(doc.title).strip()
    if title:
        paragraph = _text_paragraph(document, "", s.title, bold=True, keep_next=True)
        paragraph.runs[0].text = title  # python-docx turns "\n" into line breaks
    if doc.profile == STATE:
        # under the summary: a third to a half of its longest line (NĐ 30)
        longest = max((_text_width_cm(line, s.title, bold=True) for line in _lines(title)), default=6)
        _rule(document, TEXT_W, min(max(longest * 0.4, 3.0), 6.0)).paragraph_format.keep_with_next = True
    else:
        _text_paragraph(document, "-----", s.title, keep_next=True)
    spacer = document.add_paragraph()
    _format(spacer)
    _mark_size(spacer, 8)


def _body_paragraph(document, *, before: float = 0, keep_next: bool = False) -> DocxParagraph:
    paragraph = document.add_paragraph()
    _format(
        paragraph,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=1.27,
        before=before,
        after=6,
        line=1.1,
        keep_next=keep_next,
    )
    _mark_size(paragraph, BODY_SIZE)
    return paragraph


def _lines(text: object) -> list[str]:
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def _blocks(document: DocxDocument, doc: OfficialDocument) -> None:
    for block in doc.blocks:
        if isinstance(block, Heading):
            paragraph = _body_paragraph(document, before=6, keep_next=True)
            _run(paragraph, " ".join(_lines(block.text)), BODY_SIZE, bold=True, italic=block.level >= 3)
        elif isinstance(block, Paragraph):
            for line in _lines(block.text):
                paragraph = _body_paragraph(document)
                _run(paragraph, line, BODY_SIZE, bold=block.bold, italic=block.italic)
        elif isinstance(block, NumberedItem):
            number = f"{_clean(block.number).strip().rstrip('.')}."
            title, lines = " ".join(_lines(block.title)), _lines(block.text)
            if title:
                paragraph = _body_paragraph(document, keep_next=bool(lines))
                _run(paragraph, f"{number} {title}", BODY_SIZE, bold=True)
            for i, line in enumerate(lines):
                paragraph = _body_paragraph(document)
                if not title and i == 0:
                    _run(paragraph, f"{number} ", BODY_SIZE)
                _run(paragraph, line, BODY_SIZE)
            if not title and not lines:
                paragraph = _body_paragraph(document)
                _run(paragraph, number, BODY_SIZE)
        elif isinstance(block, Table):
            _content_table(document, block)
        else:
            raise TypeError(f"Khối nội dung không hỗ trợ: {type(block).__name__}")


def _content_table(document: DocxDocument, block: Table) -> None:
    columns = max([len(block.headers), *(len(r) for r in block.rows)])
    if columns == 0:
        return
    widths = list(block.widths_cm or [])
    if len(widths) != columns or sum(widths) <= 0:
        widths = [TEXT_W / columns] * columns
    elif sum(widths) > TEXT_W:
        widths = [w * TEXT_W / sum(widths) for w in widths]
    has_header = any(str(h).strip() for h in block.headers)
    table = _table(document, widths, len(block.rows) + (1 if has_header else 0), borders=True)
    size = block.font_size
    rows = ([list(block.headers)] if has_header else []) + [list(r) for r in block.rows]
    for r, values in enumerate(rows):
        is_header = has_header and r == 0
        row = table.rows[r]
        if is_header:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for c in range(columns):
            value = values[c] if c < len(values) else ""
            cell = row.cells[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER if is_header else WD_CELL_VERTICAL_ALIGNMENT.TOP
            writer = _CellWriter(cell)
            for line in _lines(value) or [""]:
                _text_paragraph(
                    writer,
                    line,
                    size,
                    bold=is_header and block.bold_header,
                    align=WD_ALIGN_PARAGRAPH.CENTER if is_header else WD_ALIGN_PARAGRAPH.LEFT,
                    before=2,
                    after=2,
                )
    after = document.add_paragraph()
    _format(after)
    _mark_size(after, 6)


def _signature_cell(writer, signer: Signer, size: float, *, blank_lines: int) -> None:
    for text in (signer.org_caption, signer.authority, signer.title):
        if _upper(text):
            _text_paragraph(writer, _upper(text), size, bold=True)
    for _line in range(blank_lines):
        paragraph = writer.add_paragraph()
        _format(paragraph)
        _mark_size(paragraph, size)
    if _clean(signer.full_name).strip():
        _text_paragraph(writer, _clean(signer.full_name).strip(), size, bold=True)


def _recipient_lines(recipients: Sequence[str]) -> list[str]:
    items = [re.sub(r"^[-–•+\s]+", "", _clean(r)).strip().rstrip(";.,").strip() for r in recipients]
    items = [i for i in items if i]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def _recipients(writer, doc: OfficialDocument) -> None:
    s = SIZES[doc.profile]
    lines = _recipient_lines(doc.recipients)
    if not lines:
        return
    left = dict(align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.profile == PARTY:
        paragraph = _format(writer.add_paragraph(), **left)
        _mark_size(paragraph, s.recipients_caption)
        _run(paragraph, "Nơi nhận", s.recipients_caption, underline=True)
        _run(paragraph, ":", s.recipients_caption)
    else:
        _text_paragraph(writer, "Nơi nhận:", s.recipients_caption, bold=True, italic=True, **left)
    for line in lines:
        _text_paragraph(writer, line, s.recipients, **left)


def _signatures(document: DocxDocument, doc: OfficialDocument) -> None:
    s = SIZES[doc.profile]
    signers = list(doc.signers)
    spacer = document.add_paragraph()
    _format(spacer)
    _mark_size(spacer, 6)
    if len(signers) <= 1:
        # one signer: recipients on the left, the signature on the right, level with each other
        table = _table(document, [7.6, TEXT_W + HEADER_SHIFT - 7.6], 1, borders=False, shift=HEADER_SHIFT)
        _recipients(_CellWriter(table.cell(0, 0)), doc)
        if signers:
            _signature_cell(_CellWriter(table.cell(0, 1)), signers[0], s.signer, blank_lines=4)
        return
    width = (TEXT_W + HEADER_SHIFT) / len(signers)
    table = _table(document, [width] * len(signers), 1, borders=False, shift=HEADER_SHIFT)
    for i, signer in enumerate(signers):
        _signature_cell(_CellWriter(table.cell(0, i)), signer, s.signer, blank_lines=4)
    if doc.recipients:
        spacer = document.add_paragraph()
        _format(spacer)
        _mark_size(spacer, 10)
        _recipients(document, doc)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as a .docx file (bytes)."""
    if doc.profile not in (STATE, PARTY):
        raise ValueError(f"Thể thức không hợp lệ: {doc.profile!r}")
    if not doc.issuers:
        raise ValueError("Văn bản phải có ít nhất một cơ quan ban hành.")
    doc = replace(doc, issuers=[Issuer(*issuer) for issuer in doc.issuers])  # plain (superior, name) pairs too
    document = _setup(doc)
    _page_numbers(document, 14 if doc.profile == PARTY else 13)
    _header(document, doc)
    _title(document, doc)
    _blocks(document, doc)
    _signatures(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# PDF through LibreOffice
# ---------------------------------------------------------------------------------------------------


class ConversionFailed(DomainError):
    """The PDF could not be made (LibreOffice missing, failing or too slow): a server problem."""

    status = 503
    code = "conversion_failed"


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF of a .docx, made by LibreOffice headless with its own profile (calls may run in parallel)."""
    binary = shutil.which(settings.SOFFICE_BIN) or (
        settings.SOFFICE_BIN if os.path.isfile(settings.SOFFICE_BIN) else None
    )
    if binary is None:
        raise ConversionFailed(_("Máy chủ chưa cài LibreOffice nên không tạo được tệp PDF; hãy tải bản Word (DOCX)."))
    with tempfile.TemporaryDirectory(prefix="phoihop-pdf-") as tmp:
        work = Path(tmp)
        source = work / "van-ban.docx"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=tmp,
            start_new_session=True,  # its own process group: a timeout kills soffice.bin too
            env={**os.environ, "HOME": tmp},
        )
        try:
            _out, err = process.communicate(timeout=settings.PDF_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionFailed(
                _("Tạo tệp PDF quá lâu (quá %(s)s giây); hãy thử lại sau hoặc tải bản Word (DOCX).")
                % {"s": settings.PDF_TIMEOUT_SECONDS}
            ) from None
        finally:
            _kill_group(process)
        result = work / "out" / "van-ban.pdf"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = (err or b"").decode("utf-8", "replace").strip()[-500:]
            logger.error("soffice failed with code %s: %s", process.returncode, detail)
            raise ConversionFailed(
                _(
                    "LibreOffice không chuyển được văn bản sang PDF (mã lỗi %(code)s); hãy thử lại hoặc tải bản Word (DOCX)."
                )
                % {"code": process.returncode}
            )
        return result.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
