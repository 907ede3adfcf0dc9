"""Chart geometry: bars scaled to the largest total, segments stacked in order, zeros drawn as nothing."""

from phoihop.dashboard import charts


def test_stacked_bars_scale_to_the_largest_total():
    chart = charts.hbars(
        [("ND 1", {"done": 2, "late": 0, "overdue": 2}), ("ND 2", {"done": 1, "overdue": 1}), ("Khác", {})],
        [("done", "Đúng hạn"), ("late", "Trễ hạn"), ("overdue", "Quá hạn")],
    )
    first, second, empty = chart.rows
    assert [s.key for s in first.segments] == ["done", "overdue"]  # no zero-width rectangle
    full = first.segments[0].width + first.segments[1].width
    assert first.segments[1].x == first.segments[0].width
    assert round(second.segments[0].width + second.segments[1].width, 1) == round(full / 2, 1)
    assert full <= charts.WIDTH - 40 and first.value_x > full
    assert (first.value_text, empty.value_text, empty.segments) == ("4", "0", [])
    assert chart.height == charts.TOP + 3 * charts.ROW
    assert second.label_y > first.bar_y + charts.BAR  # each row below the one before


def test_columns_of_the_trend_with_vietnamese_numbers():
    cols = charts.columns([("01/26", 1200), ("02/26", 0), ("03/26", 600)])
    a, b, c = cols.columns
    assert (a.value_text, b.height, round(c.height * 2, 2)) == ("1.200", 0, round(a.height, 2))
    assert a.y + a.height == cols.baseline and a.x < b.x < c.x
    assert charts.hbars([], [("n", "Số")]).rows == []
