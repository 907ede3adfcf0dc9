"""Organisation types as data (domain.md §2). Administrators may add more."""

from django.db import migrations

TYPES = [
    # code, name, document profile, sees roll-up, order
    ("ban-tuyen-giao", "Ban Tuyên giáo (và Dân vận) cấp ủy", "party", True, 10),
    ("thuong-truc-hdnd", "Thường trực Hội đồng nhân dân", "state", False, 20),
    ("ubnd", "Ủy ban nhân dân", "state", False, 30),
    ("tand", "Tòa án nhân dân", "state", False, 40),
    ("vksnd", "Viện kiểm sát nhân dân", "state", False, 50),
    ("so-phong-ban", "Sở, phòng, ban, ngành", "state", False, 60),
    ("trung-tam", "Trung tâm (Chính trị; Văn hóa - Thông tin - Thể thao)", "state", False, 70),
    ("bcd-35", "Ban Chỉ đạo 35", "party", False, 80),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "party", False, 90),
    ("cap-uy", "Cấp ủy, cơ quan tham mưu khác của cấp ủy", "party", False, 95),
    ("khac", "Cơ quan, đơn vị khác", "state", False, 100),
]


def seed(apps, schema_editor):
    OrgType = apps.get_model("orgs", "OrgType")
    for code, name, profile, rollup, order in TYPES:
        OrgType.objects.update_or_create(
            code=code, defaults={"name": name, "doc_profile": profile, "sees_rollup": rollup, "sort_order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("orgs", "OrgType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_search_trigram_index")]
    operations = [migrations.RunPython(seed, unseed)]
