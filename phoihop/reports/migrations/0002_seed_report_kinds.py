"""Report kinds as data (the superior department may add more in the administration)."""

from django.db import migrations

KINDS = [
    # code, name, period, title prefix, order
    ("thang", "Báo cáo tháng", "month", "Kết quả thực hiện công tác phối hợp", 10),
    ("quy", "Báo cáo quý", "quarter", "Kết quả thực hiện công tác phối hợp", 20),
    ("6-thang", "Báo cáo 6 tháng", "half", "Kết quả thực hiện công tác phối hợp", 30),
    ("nam", "Báo cáo năm", "year", "Kết quả thực hiện công tác phối hợp", 40),
    ("so-ket", "Báo cáo sơ kết", "free", "Sơ kết thực hiện Chương trình phối hợp", 50),
    ("tong-ket", "Báo cáo tổng kết", "free", "Tổng kết thực hiện Chương trình phối hợp", 60),
]


def seed(apps, schema_editor):
    ReportKind = apps.get_model("reports", "ReportKind")
    for code, name, period, prefix, order in KINDS:
        ReportKind.objects.update_or_create(
            code=code, defaults={"name": name, "period": period, "title_prefix": prefix, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("reports", "ReportKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_reports_calls_kinds")]
    operations = [migrations.RunPython(seed, unseed)]
