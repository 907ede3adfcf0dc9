"""Vietnamese text: search folding, alphabetical sort keys, number and date wording.

`fold` makes the search key users expect: "Đắk Lắk" and "dak lak" fold to the same text.
`sort_key` makes a plain string whose byte order is the Vietnamese alphabetical order
(a ă â b c d đ e ê … o ô ơ … u ư …, tones as a secondary key), so the database can sort by it
with a binary collation on SQLite and PostgreSQL alike.
"""

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip tone and vowel marks, đ→d, collapse spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) not in {"Mn", "Cc", "Cf"})
    return _SPACES.sub(" ", stripped.lower()).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search query, without empty ones."""
    return [t for t in fold(query).split(" ") if t]


# Base letters in Vietnamese alphabetical order; letters outside the alphabet (f, j, w, z) are placed
# where the Latin alphabet puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Combining marks that make a separate letter (breve, circumflex, horn) versus tone marks.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}  # huyền hỏi ngã sắc nặng


def _letters(text: str) -> list[tuple[str, str]]:
    """Split text into (base letter, tone digit) pairs, keeping ă â ê ô ơ ư đ as letters."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch == "đ":
            out.append(("đ", "1"))
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        tone = "1"
        for m in marks:
            if m in _TONES:
                tone = _TONES[m]
            elif m in _LETTER_MARKS:
                if m == "\u0302":
                    base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
                elif m == "\u0306":
                    base = "ă" if base == "a" else base
                elif m == "\u031b":
                    base = {"o": "ơ", "u": "ư"}.get(base, base)
        out.append((base, tone))
    return out


def sort_key(text: str | None) -> str:
    """An ASCII key whose binary order is the Vietnamese alphabetical order of `text`."""
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    # the first 110 characters decide the order; the key (twice as long, plus one) fits its column
    for base, tone in _letters(_SPACES.sub(" ", text.strip())[:110]):
        if base == " ":
            primary.append("!")  # word boundary sorts before any letter: "An" < "An Bình" < "Anh"
        elif base.isdigit():
            primary.append("#" + base)
        elif (i := _ALPHABET.find(base)) >= 0:
            primary.append(chr(0x41 + i))  # 'A'..
        else:
            primary.append("$")
        tones.append(tone)
    return "".join(primary) + " " + "".join(tones)


def vn_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 86.5 with decimals=1 → '86,5'."""
    if value is None:
        return ""
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if decimals and frac:
        text += "," + frac
    return sign + text


def vn_percent(part: int | float, whole: int | float, decimals: int = 1) -> str:
    """45 of 52 → '86,5%'. Trailing ',0' is dropped: 50 of 100 → '50%'."""
    if not whole:
        return "0%"
    text = vn_number(Decimal(part) * 100 / Decimal(whole), decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text + "%"


def vn_date_long(day: dt.date) -> str:
    """The date line of an official document: 'ngày 05 tháng 01 năm 2023'.

    Days below 10 and the months 1 and 2 carry a leading zero (NĐ 30/2020, Phụ lục I).
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
