"""Personal identifiers in free text: what an opinion report must never carry (domain.md §5).

Opinion reports are about topics and moods, never about people. `find_identifiers` points at phone
numbers, e-mail addresses, citizen ID numbers (9 or 12 digits), licence plates and a name written after
a form of address ("ông Nguyễn Văn A", "chị Hoa"); titles of office ("ông Chủ tịch UBND xã") and place
names that begin with Ông/Bà ("Bà Rịa", "chợ Bà Chiểu", "cầu Ông Lãnh") are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phoihop.core.errors import ValidationFailed
from phoihop.core.text import fold


@dataclass(frozen=True)
class Finding:
    kind: str  # "phone" | "email" | "citizen_id" | "plate" | "name"
    start: int
    end: int
    fragment: str

    @property
    def message(self) -> str:
        return f"«{self.fragment}» {KIND_TEXT[self.kind]}"


KIND_TEXT = {
    "phone": "giống số điện thoại",
    "email": "là địa chỉ thư điện tử",
    "citizen_id": "giống số căn cước, chứng minh nhân dân",
    "plate": "giống biển số xe",
    "name": "là tên một người",
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# mobile 0xxx xxx xxx, landline 02xx xxx xxxx, +84 / 84 prefix; separators: space, dot, hyphen
_PHONE = re.compile(r"(?<![\w.,/])(?:\+\s?84|84|0)[\s.\-]?[1-9](?:[\s.\-]?\d){7,9}(?![\w]|[.,]\d)")
# 9 or 12 digits in one run, or in groups of 3-4 separated by single spaces
_DIGITS = re.compile(r"(?<![\w.,/])\d{3,4}(?: \d{3,4}){2,3}(?![\w]|[.,]\d)|(?<![\w.,/])\d{9,12}(?![\w]|[.,]\d)")
# 51F-123.45, 29A-12345, 30K 123.45, 59-X1 123.45, 59X1-234.56
_PLATE = re.compile(r"(?<![\w.])\d{2}\s?-?\s?[A-Z]{1,2}\d?\s?[-.]?\s?(?:\d{3}\.\d{2}|\d{4,5})(?![\w]|\.\d)")
_ADDRESS = re.compile(r"(?<!\w)(đồng chí|ông|bà|anh|chị|cô|chú|cụ)\s+(\w+)((?:\s+\w+){0,3})", re.IGNORECASE)

# the first one or two words of a title of office after "ông/bà …" (folded)
_TITLES = (
    "chu tich",
    "chu nhiem",
    "pho ",
    "bi thu",
    "truong",
    "giam doc",
    "to truong",
    "dai bieu",
    "dai ta",
    "dai uy",
    "bo truong",
    "thu tuong",
    "thu truong",
    "tong bi thu",
    "vien truong",
    "chanh ",
    "hieu truong",
    "hieu pho",
    "cong an",
    "thuong ta",
    "trung ta",
    "thieu ta",
    "trung uy",
    "thuong uy",
    "bac si",
    "luat su",
    "giao su",
    "pho giao su",
    "tien si",
    "thac si",
    "kiem sat vien",
    "tham phan",
    "can bo",
    "dang vien",
    "uy vien",
    "hoi truong",
    "ky su",
    "nha bao",
    "dieu tra vien",
    "thanh tra",
    "kiem lam",
    "chien si",
    "giao vien",
    "thu ky",
    "ke toan",
    "truong thon",
    "doan vien",
    "hoi vien",
    "cu tri",
    "nhan dan",
)
# words before "Ông/Bà …" that make it a place ("cầu Ông Lãnh", "núi Bà Đen", "đường Bà Triệu")
_PLACE_WORDS = {
    "duong",
    "pho",
    "cau",
    "cho",
    "nui",
    "song",
    "xa",
    "phuong",
    "tinh",
    "huyen",
    "ap",
    "thon",
    "chua",
    "den",
    "mieu",
    "ben",
    "rach",
    "kenh",
    "khu",
    "ho",
    "dao",
    "deo",
    "hem",
    "ngo",
    "ngach",
    "bai",
    "lang",
    "hon",
    "mui",
    "vung",
    "dinh",
    "truong",
    "cong",
    "quan",
}
_PLACES = {
    "ba ria",
    "ba chieu",
    "ba diem",
    "ba den",
    "ba na",
    "ba trieu",
    "ba huyen",
    "ba to",
    "ong lanh",
    "ong ich",
    "ong doc",
    "ba hom",
    "ba queo",
    "ba chua",
    "ong tao",
    "ba vi",
    "ba be",
    "ba thuoc",
    "co to",
    "ba ra",
    "anh son",
    "chu se",
    "chu pah",
    "chu prong",
    "chu puh",
    "chu mom",
}
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n…\"“(]\s*)$")


def _is_title(following: str) -> bool:
    folded = fold(following)
    return any(
        folded == t.strip() or folded.startswith(t if t.endswith(" ") else t + " ") or folded == t for t in _TITLES
    )


def _names(text: str) -> list[Finding]:
    found = []
    for m in _ADDRESS.finditer(text):
        address, first, rest = m.group(1), m.group(2), m.group(3) or ""
        second = rest.split()[0] if rest.split() else ""
        if not first[:1].isupper() or (first.isupper() and len(first) > 1):  # "ông UBND" is not a name
            continue
        if _is_title(f"{first} {second}".strip()):
            continue
        if fold(f"{address} {first}") in _PLACES:
            continue
        before = text[: m.start()]
        previous = before.split()[-1] if before.split() else ""
        if fold(previous.strip(',.;:()"“”')) in _PLACE_WORDS:
            continue
        at_start = bool(_SENTENCE_END.search(before))
        if address[:1].isupper() and not at_start:  # "Bà Rịa", "Ông Lãnh": part of a proper name
            continue
        end = m.end(2)
        for w in re.finditer(r"\w+", rest):  # the rest of the name: the capitalised words that follow
            if not w.group()[:1].isupper() or _is_title(w.group()):
                break
            end = m.start(3) + w.end()
        found.append(Finding("name", m.start(), end, text[m.start() : end]))
    return found


def find_identifiers(text: str) -> list[Finding]:
    """Every personal identifier in `text`, in order of position, without overlaps."""
    if not text:
        return []
    found: list[Finding] = [Finding("email", m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]
    found += [Finding("phone", m.start(), m.end(), m.group().strip()) for m in _PHONE.finditer(text)]
    for m in _DIGITS.finditer(text):
        if sum(c.isdigit() for c in m.group()) in (9, 12):
            found.append(Finding("citizen_id", m.start(), m.end(), m.group()))
    found += [Finding("plate", m.start(), m.end(), m.group()) for m in _PLATE.finditer(text)]
    found += _names(text)
    found.sort(key=lambda f: (f.start, -f.end))
    result: list[Finding] = []
    for f in found:
        if result and f.start < result[-1].end:
            continue
        result.append(f)
    return result


def refuse_identifiers(fields: dict[str, tuple[str, str]]) -> None:
    """`fields`: name → (label, text). Raise ValidationFailed naming each offending part, field by field."""
    errors: dict[str, list[str]] = {}
    for name, (label, text) in fields.items():
        for f in find_identifiers(text):
            errors.setdefault(name, []).append(
                f"{label}: {f.message}. Báo cáo dư luận chỉ ghi chủ đề và tâm trạng chung, "
                "không ghi thông tin về người cụ thể: hãy viết lại đoạn này."
            )
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, code="personal_data", errors=errors)
