"""The announced days that differ from the computed ones (core/workdays.py), 2024 and 2025.

Tết Giáp Thìn 2024: off 08/02 to 14/02 (computed: 09/02 to 15/02). 30/4-1/5/2024: Monday 29/04 swapped
with Saturday 04/05. Tết Ất Tỵ 2025: off 25/01 to 02/02, the five Tết days being 27/01 to 31/01 (computed:
28/01 to 01/02 and a compensatory Monday 03/02). 30/4-1/5/2025: Friday 02/05 swapped with Saturday 26/04.
Rows already present for these dates are left as they are.
"""

import datetime as dt

from django.db import migrations

NOTE_2024 = "Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và các dịp lễ năm 2024."
NOTE_2025 = "Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và các dịp lễ năm 2025."
ROWS = [
    (dt.date(2024, 2, 8), "off", "Tết Nguyên đán Giáp Thìn (29 tháng Chạp)", NOTE_2024),
    (dt.date(2024, 2, 15), "work", "Làm việc sau Tết Nguyên đán Giáp Thìn (nghỉ bù chuyển lên 08/02)", NOTE_2024),
    (dt.date(2024, 4, 29), "off", "Nghỉ hoán đổi dịp 30/4-1/5 (làm bù thứ Bảy 04/5)", NOTE_2024),
    (dt.date(2024, 5, 4), "work", "Làm bù cho thứ Hai 29/4", NOTE_2024),
    (dt.date(2025, 1, 27), "off", "Tết Nguyên đán Ất Tỵ (28 tháng Chạp)", NOTE_2025),
    (dt.date(2025, 2, 3), "work", "Làm việc sau Tết Nguyên đán Ất Tỵ (kỳ nghỉ 25/01-02/02)", NOTE_2025),
    (dt.date(2025, 4, 26), "work", "Làm bù cho thứ Sáu 02/5", NOTE_2025),
    (dt.date(2025, 5, 2), "off", "Nghỉ hoán đổi dịp 30/4-1/5 (làm bù thứ Bảy 26/4)", NOTE_2025),
]


def forwards(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for date, kind, name, note in ROWS:
        Holiday.objects.get_or_create(date=date, defaults={"kind": kind, "name": name, "note": note})


def backwards(apps, schema_editor):
    Holiday = apps.get_model("core", "Holiday")
    for date, kind, name, _note in ROWS:
        Holiday.objects.filter(date=date, kind=kind, name=name).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_holiday")]

    operations = [migrations.RunPython(forwards, backwards)]
