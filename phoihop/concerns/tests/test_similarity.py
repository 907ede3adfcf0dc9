"""Duplicate detection: signatures, similarity and ranking (pure functions, no database)."""

import json

import pytest

from phoihop.concerns.similarity import (
    DUPLICATE_THRESHOLD,
    MAX_BONUS,
    MAX_SIGNATURE,
    PAIRS_PATH,
    cross_validated,
    load_pairs,
    pair_scores,
    precision_recall,
    rank,
    signature,
    similarity,
)

COMPENSATION = "Cử tri phản ánh giá bồi thường giải phóng mặt bằng dự án đường ven biển quá thấp."
PIG_FARM = "Trại lợn ở thôn Đồng Bông xả nước thải ra suối, mùi hôi nồng nặc, dân bức xúc."
PIG_FARM_HOTLINE = "hotline: trai heo Dong Bong xa thai xuong suoi, boc mui hoi nong nac"
SCAM = "Người già bị giả danh công an gọi điện yêu cầu chuyển tiền, mất hết tiền tiết kiệm."


def sim(a: str, b: str) -> float:
    return similarity(signature(a), signature(b))


def test_signature_folds_and_drops_function_words_and_punctuation():
    sig = signature("Cử tri phản ánh: giá BỒI THƯỜNG của dự án, đất đai...!")

    assert sig == "gia boi thuong du an dat dai"


def test_signature_is_bounded_for_long_text():
    sig = signature("khai thác cát trái phép trên sông Cầu " * 200)

    assert 0 < len(sig) <= MAX_SIGNATURE
    assert not sig.endswith(" ")


def test_signature_of_nothing_is_empty():
    assert signature("") == ""
    assert signature(None) == ""
    assert signature("... và của là các !!!") == ""


def test_missing_accents_do_not_matter():
    accented = "Bồi thường giải phóng mặt bằng"

    assert signature("boi thuong giai phong mat bang") == signature(accented)
    assert sim("boi thuong giai phong mat bang", accented) == pytest.approx(1.0)


def test_same_matter_from_another_channel_is_a_duplicate():
    assert sim(PIG_FARM, PIG_FARM_HOTLINE) >= DUPLICATE_THRESHOLD


def test_word_order_and_a_small_typo_keep_texts_together():
    text = "nước thải trại lợn chảy ra suối gây mùi hôi thôn Đồng Bông"
    reordered = "thôn Đồng Bông: mùi hôi, trại lợn, nước thải chảy ra suối"
    typo = "nuoc thai trai lon chay ra suoi gay mui hoi thon Dong Bogn"

    assert sim(text, reordered) >= DUPLICATE_THRESHOLD
    assert sim(text, typo) >= DUPLICATE_THRESHOLD
    assert sim(text, typo) > sim(text, "nuoc thai trai lon chay ra suoi gay mui hoi thon")


def test_unrelated_texts_are_below_threshold():
    assert sim(COMPENSATION, PIG_FARM) < DUPLICATE_THRESHOLD
    assert sim(PIG_FARM, SCAM) < DUPLICATE_THRESHOLD
    assert sim(COMPENSATION, SCAM) < DUPLICATE_THRESHOLD


def test_similarity_is_symmetric_and_bounded():
    for a, b in [(COMPENSATION, PIG_FARM), (PIG_FARM, PIG_FARM_HOTLINE), (SCAM, SCAM)]:
        assert 0.0 <= sim(a, b) <= 1.0
        assert sim(a, b) == pytest.approx(sim(b, a))
    assert sim(SCAM, SCAM) == pytest.approx(1.0)
    assert similarity("", signature(SCAM)) == 0.0


def test_two_different_floods_in_one_ward_score_lower_than_one_flood_retold():
    road_12 = "Đường tổ 12 phường Tân Thịnh ngập sâu sau mỗi trận mưa, cống thoát nước quá nhỏ."
    road_12_again = "mua to la duong to 12 Tan Thinh ngap toi dau goi vi cong thoat nuoc nho"
    school = "Sân trường tiểu học phường Tân Thịnh ngập nước khi mưa, học sinh lội vào lớp."

    assert sim(road_12, road_12_again) >= DUPLICATE_THRESHOLD
    assert sim(road_12, road_12_again) > sim(road_12, school) + 0.2


def test_rank_returns_matches_best_first_within_limit():
    query = signature(PIG_FARM)
    candidates = [
        (1, signature(SCAM), 0.0),
        (2, signature(PIG_FARM_HOTLINE), 0.0),
        (3, signature(PIG_FARM), 0.0),
        (4, signature(COMPENSATION), 0.0),
    ]

    ranked = rank(query, candidates)

    assert [ident for ident, _ in ranked] == [3, 2]
    assert ranked[0][1] >= ranked[1][1] >= DUPLICATE_THRESHOLD
    assert rank(query, candidates, limit=1) == ranked[:1]


def test_rank_context_bonus_lifts_a_borderline_candidate_and_is_clamped():
    query = signature(PIG_FARM)
    borderline = signature("Nước thải trại chăn nuôi làm ô nhiễm suối")
    base = similarity(query, borderline)
    assert DUPLICATE_THRESHOLD - MAX_BONUS <= base < DUPLICATE_THRESHOLD

    assert rank(query, [(7, borderline, 0.0)]) == []
    assert [i for i, _ in rank(query, [(7, borderline, MAX_BONUS)])] == [7]
    # a bonus beyond the allowed range counts as the maximum, a negative one as none
    assert rank(query, [(8, signature(SCAM), 5.0)]) == []
    assert rank(query, [(9, signature(PIG_FARM), -1.0)])[0][1] == pytest.approx(1.0)


def test_rank_ties_keep_the_given_order_and_skips_empty_signatures():
    query = signature(PIG_FARM)
    same = signature(PIG_FARM)

    assert [i for i, _ in rank(query, [(5, same, 0.0), (2, "", 0.1), (3, same, 0.0)])] == [5, 3]
    assert rank("", [(1, same, 0.0)]) == []
    assert rank(query, []) == []


def test_labelled_pairs_file_is_balanced_and_clean():
    rows = [json.loads(line) for line in PAIRS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]

    assert len(rows) >= 300
    assert all(set(r) == {"a", "b", "duplicate"} and r["a"] != r["b"] for r in rows)
    positives = sum(r["duplicate"] for r in rows)
    assert 0.3 <= positives / len(rows) <= 0.7


def test_duplicate_detection_quality_on_the_labelled_pairs():
    pairs = load_pairs()

    at_threshold = precision_recall(pair_scores(pairs), DUPLICATE_THRESHOLD)
    held_out = cross_validated(pairs, folds=5, seed=0)

    assert at_threshold["f1"] >= 0.8
    assert held_out["f1"] >= 0.8
