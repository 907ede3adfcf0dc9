"""Short generated sentences over a report's figures, in Vietnamese with Vietnamese number formatting:
"Trong năm 2022, các cơ quan đã thực hiện 45/52 nhiệm vụ (86,5%), …". Each sentence reads one
indicator's block of figures and, where there is one, the same block of the previous period."""

from __future__ import annotations

import calendar
import datetime as dt

from phoihop.core.text import vn_number, vn_percent

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_name(date_from: dt.date, date_to: dt.date) -> str:
    """'năm 2022', 'tháng 11/2026', 'quý I/2026', '6 tháng đầu năm 2026', 'giai đoạn 2022 - 2024',
    or 'từ 05/01/2026 đến 20/02/2026'."""
    whole_start = date_from.day == 1
    whole_end = date_to.day == calendar.monthrange(date_to.year, date_to.month)[1]
    if whole_start and whole_end:
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        if months == 1:
            return f"tháng {date_from.month}/{date_from.year}"
        if months == 3 and date_from.month in (1, 4, 7, 10):
            return f"quý {ROMAN[(date_from.month + 2) // 3]}/{date_from.year}"
        if months == 6 and date_from.month in (1, 7):
            return f"6 tháng {'đầu' if date_from.month == 1 else 'cuối'} năm {date_from.year}"
        if months == 12 and date_from.month == 1:
            return f"năm {date_from.year}"
        if date_from.month == 1 and date_to.month == 12:
            return f"giai đoạn {date_from.year} - {date_to.year}"
    return f"từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}"


def _ratio(part: int, whole: int, noun: str = "") -> str:
    """'45/52 nhiệm vụ (86,5%)'."""
    text = f"{vn_number(part)}/{vn_number(whole)}" + (f" {noun}" if noun else "")
    return f"{text} ({vn_percent(part, whole)})" if whole else text


def _before(previous: dict | None, text: str) -> str:
    return f" ({text})" if previous is not None and text else ""


def task_sentence(period: str, cur: dict, prev: dict | None) -> str:
    t = cur["total"]
    if not t["planned"]:
        return f"Trong {period}, không có nhiệm vụ phối hợp nào đến hạn."
    text = (
        f"Trong {period}, các cơ quan đã thực hiện {_ratio(t['done'], t['due'], 'nhiệm vụ')}"
        f", trong đó {vn_number(t['done_on_time'])} nhiệm vụ đúng hạn, {vn_number(t['done_late'])} nhiệm vụ chậm"
        f"; {vn_number(t['overdue'])} nhiệm vụ quá hạn chưa hoàn thành"
    )
    if t["open"]:
        text += f", {vn_number(t['open'])} nhiệm vụ chưa đến hạn"
    if t["cancelled"]:
        text += f", {vn_number(t['cancelled'])} nhiệm vụ hủy"
    if prev and prev["total"]["due"]:
        p = prev["total"]
        text += f" (kỳ trước: {_ratio(p['done'], p['due'])})"
    return text + "."


def supply_sentence(period: str, cur: dict, prev: dict | None) -> str:
    t = cur["total"]
    if not t["due"]:
        return f"Trong {period}, không có yêu cầu cung cấp thông tin nào đến hạn."
    decided = t["due"] - t["not_yet_due"]
    text = (
        f"Các cơ quan cung cấp thông tin {vn_number(t['due'])} lượt "
        f"({vn_number(cur['periodic']['due'])} định kỳ, {vn_number(cur['incident']['due'])} theo vụ việc): "
        f"đúng hạn {_ratio(t['on_time'], decided)}, chậm {vn_number(t['late'])}, chưa cung cấp {vn_number(t['missing'])}"
    )
    if prev and prev["total"]["due"]:
        p = prev["total"]
        text += f" (kỳ trước đúng hạn {_ratio(p['on_time'], p['due'] - p['not_yet_due'])})"
    return text + "."


def meeting_sentence(cur: dict, prev: dict | None, kind_names: dict[str, str]) -> str:
    if not cur["total"]:
        return "Trong kỳ không tổ chức hội nghị, giao ban phối hợp nào."
    parts = ", ".join(f"{vn_number(n)} {kind_names[k].lower()}" for k, n in cur["by_kind"].items() if n)
    text = f"Tổ chức {vn_number(cur['total'])} hội nghị, cuộc họp ({parts})"
    if prev is not None:
        text += f"; kỳ trước {vn_number(prev['total'])}"
    return text + "."


def concern_sentence(cur: dict, prev: dict | None) -> str:
    t = cur["total"]
    if not t["received"]:
        return "Trong kỳ không tiếp nhận vấn đề nổi cộm, bức xúc nào."
    text = (
        f"Tiếp nhận {vn_number(t['received'])} vấn đề nổi cộm, bức xúc, phối hợp xử lý {vn_number(t['joint'])}; "
        f"đã có kết quả {_ratio(t['resolved'], t['received'])}, không thụ lý {vn_number(t['rejected'])}, "
        f"còn {vn_number(t['outstanding'])} đang xử lý (quá hạn {vn_number(t['overdue'])})"
    )
    if prev is not None:
        change = t["received"] - prev["total"]["received"]
        text += f"; so với kỳ trước {'tăng' if change > 0 else 'giảm' if change < 0 else 'không đổi'}"
        if change:
            text += f" {vn_number(abs(change))}"
    if cur["by_topic"]:
        top = cur["by_topic"][0]
        text += f". Nhiều nhất: {top['topic']} ({vn_number(top['received'])})"
    return text + "."


def opinion_sentence(cur: dict, prev: dict | None) -> str:
    if not cur["reports"]:
        return "Trong kỳ không có báo cáo dư luận xã hội của cộng tác viên."
    text = (
        f"Nhận {vn_number(cur['reports'])} báo cáo dư luận xã hội ({vn_number(cur['monthly'])} báo cáo tháng, "
        f"{vn_number(cur['quick'])} báo cáo nhanh) với {vn_number(cur['items'])} ý kiến; "
        f"tỷ lệ lo lắng, bức xúc {vn_percent(cur['uneasy'], cur['items'])}"
    )
    if prev and prev["items"]:
        text += f" (kỳ trước {vn_percent(prev['uneasy'], prev['items'])})"
    return text + "."


def commendation_sentence(cur: dict) -> str:
    if not cur.get("awarded") and not cur.get("proposed"):
        return "Trong kỳ chưa có đề nghị khen thưởng."
    return (
        f"Đề nghị khen thưởng {vn_number(cur.get('proposed', 0))} trường hợp; được khen thưởng "
        f"{vn_number(cur.get('awarded', 0))} ({vn_number(cur.get('collective', 0))} tập thể, "
        f"{vn_number(cur.get('individual', 0))} cá nhân)."
    )


def program_sentence(cur: dict) -> str:
    return (
        f"Có {vn_number(cur['programs_in_force'])} chương trình phối hợp đang thực hiện "
        f"(ký mới trong kỳ {vn_number(cur['programs_signed'])}), ban hành {vn_number(cur['plans_issued'])} kế hoạch."
    )


def sentences(figures: dict, period: str) -> dict[str, str]:
    """One sentence per indicator block present in `figures` (a report's or a roll-up's)."""
    from phoihop.meetings.models import MeetingKind

    cur, prev = figures.get("current", {}), figures.get("previous", {})
    out: dict[str, str] = {}
    if "programs" in cur:
        out["programs"] = program_sentence(cur["programs"])
    if "tasks" in cur:
        out["tasks"] = task_sentence(period, cur["tasks"], prev.get("tasks"))
    if "supply" in cur:
        out["supply"] = supply_sentence(period, cur["supply"], prev.get("supply"))
    if "meetings" in cur:
        out["meetings"] = meeting_sentence(cur["meetings"], prev.get("meetings"), dict(MeetingKind.choices))
    if "concerns" in cur:
        out["concerns"] = concern_sentence(cur["concerns"], prev.get("concerns"))
    if "opinions" in cur:
        out["opinions"] = opinion_sentence(cur["opinions"], prev.get("opinions"))
    if "commendations" in cur:
        out["commendations"] = commendation_sentence(cur["commendations"])
    return out
