import datetime as dt

import pytest

from phoihop.core.text import fold, search_terms, sort_key, vn_date_long, vn_number, vn_percent


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đắk Lắk", "dak lak"),
        ("Phú Bình", "phu binh"),
        ("  Thành phố   Hồ Chí Minh ", "thanh pho ho chi minh"),
        ("ĐẤT ĐAI", "dat dai"),
        ("Khánh Hoà", "khanh hoa"),  # old-style tone placement folds the same
        ("Thường trực HĐND", "thuong truc hdnd"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_marks_and_d_stroke(text, folded):
    assert fold(text) == folded


def test_search_terms_are_folded_words():
    assert search_terms(" Đất  đai  ") == ["dat", "dai"]


def test_sort_key_follows_the_vietnamese_alphabet():
    words = [
        "Đông",
        "Ân",
        "Ba",
        "Anh",
        "Ăn",
        "Dương",
        "An",
        "Ơn",
        "Ô",
        "Út",
        "Ưng",
        "Uyên",
        "Ê",
        "Em",
        "An Bình",
        "Ổn",
        "Ông",
    ]
    ordered = sorted(words, key=sort_key)
    assert ordered == [
        "An",
        "An Bình",
        "Anh",
        "Ăn",
        "Ân",
        "Ba",
        "Dương",
        "Đông",
        "Em",
        "Ê",
        "Ô",
        "Ổn",
        "Ông",
        "Ơn",
        "Út",
        "Uyên",
        "Ưng",
    ]


def test_sort_key_puts_tones_after_letters():
    assert sorted(["má", "ma", "mả", "mà", "mạ", "mã"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # the tone only breaks ties: "mà" comes before "mac" because letters decide first
    assert sorted(["mac", "mà"], key=sort_key) == ["mà", "mac"]


def test_byte_order_would_be_wrong():
    words = ["Đông", "Dương", "Ân", "Bình"]
    assert sorted(words) != sorted(words, key=sort_key)
    assert sorted(words, key=sort_key) == ["Ân", "Bình", "Dương", "Đông"]


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567, 0, "1.234.567"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (86.5, 1, "86,5"),
        (-12345.678, 2, "-12.345,68"),
        (2.5, 0, "3"),
    ],
)
def test_vn_number(value, decimals, text):
    assert vn_number(value, decimals) == text


def test_vn_percent():
    assert vn_percent(45, 52) == "86,5%"
    assert vn_percent(50, 100) == "50%"
    assert vn_percent(1, 0) == "0%"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2023, 1, 5), "ngày 05 tháng 01 năm 2023"),
        (dt.date(2022, 6, 23), "ngày 23 tháng 6 năm 2022"),
        (dt.date(2020, 9, 30), "ngày 30 tháng 9 năm 2020"),
        (dt.date(2021, 2, 9), "ngày 09 tháng 02 năm 2021"),
        (dt.date(2021, 12, 1), "ngày 01 tháng 12 năm 2021"),
    ],
)
def test_document_date_line(day, text):
    assert vn_date_long(day) == text
