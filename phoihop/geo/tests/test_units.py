import time

import pytest

from phoihop.core.models import AuditEvent
from phoihop.geo import selectors
from phoihop.geo.models import AdminUnit, AdminUnitLink
from phoihop.geo.services import units_load

pytestmark = pytest.mark.django_db

CUR, LEG = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY


def count(gen, level):
    return AdminUnit.objects.filter(generation=gen, level=level).count()


def test_current_structure_has_34_provinces_and_3321_communes(base_data):
    assert count(CUR, 1) == 34
    assert count(CUR, 2) == 0
    assert count(CUR, 3) == 3321
    kinds = dict(
        AdminUnit.objects.filter(generation=CUR, level=3)
        .values_list("kind")
        .annotate(n=__import__("django").db.models.Count("id"))
    )
    assert kinds == {"xã": 2621, "phường": 687, "đặc khu": 13}


def test_pre_2025_structure_has_63_provinces_696_districts_10051_communes(base_data):
    assert (count(LEG, 1), count(LEG, 2), count(LEG, 3)) == (63, 696, 10051)


def test_units_carry_official_codes_parents_and_validity(base_data):
    phu_binh = AdminUnit.objects.get(generation=LEG, code="173")
    assert phu_binh.name == "Huyện Phú Bình" and phu_binh.kind == "huyện"
    assert phu_binh.parent.name == "Tỉnh Thái Nguyên" and phu_binh.parent.generation == LEG
    assert phu_binh.valid_to.isoformat() == "2025-06-30" and phu_binh.valid_from is None
    ward = AdminUnit.objects.get(generation=CUR, code="22528")
    assert ward.name == "Phường Ninh Hòa" and ward.parent.code == "56" and ward.valid_from.isoformat() == "2025-07-01"


def test_old_to_new_links(base_data):
    # nearly every pre-2025 commune went somewhere; the package has no successor for 28 of them
    # (communes merged before 2025 still listed in its legacy data)
    orphans = AdminUnit.objects.filter(generation=LEG, level=3, successor_links__isnull=True).count()
    assert orphans <= 28
    assert not AdminUnit.objects.filter(generation=LEG, level=1, successor_links__isnull=True).exists()
    # legacy Thái Nguyên and Bắc Kạn provinces both became today's Thái Nguyên
    tn = AdminUnit.objects.get(generation=CUR, code="19")
    assert set(tn.predecessors.values_list("name", flat=True)) == {"Tỉnh Thái Nguyên", "Tỉnh Bắc Kạn"}
    # the communes of the former Phú Bình district went into today's communes of Thái Nguyên
    phu_binh = AdminUnit.objects.get(generation=LEG, code="173")
    successors = list(phu_binh.successors.all())
    assert successors and all(s.generation == CUR and s.parent_id == tn.id for s in successors)
    assert "Xã Phú Bình" in {s.name for s in successors}
    # and each of those communes points back at legacy communes of Phú Bình
    xa_phu_binh = AdminUnit.objects.get(generation=CUR, name="Xã Phú Bình", parent=tn)
    assert xa_phu_binh.predecessors.filter(level=3, parent=phu_binh).exists()


def test_paths_place_legacy_units_under_todays_province(base_data):
    phu_binh = AdminUnit.objects.get(generation=LEG, code="173")
    assert phu_binh.path == "19/L19/D173"
    assert AdminUnit.objects.get(generation=LEG, code="06").path == "19/L06"  # Bắc Kạn, merged into Thái Nguyên
    assert AdminUnit.objects.filter(path__startswith="19/", generation=LEG, level=3).count() > 250


def test_loading_again_changes_nothing_and_is_fast(base_data):
    before_units, before_links = AdminUnit.objects.count(), AdminUnitLink.objects.count()
    before_audit = AuditEvent.objects.count()
    started = time.monotonic()
    result = units_load()
    assert not result.changed
    assert (AdminUnit.objects.count(), AdminUnitLink.objects.count()) == (before_units, before_links)
    assert AuditEvent.objects.count() == before_audit
    assert time.monotonic() - started < 60


def test_loading_repairs_a_changed_unit(base_data):
    unit = AdminUnit.objects.get(generation=LEG, code="173")
    AdminUnit.objects.filter(pk=unit.pk).update(name="Huyện Sai Tên", search_key="huyen sai ten")
    result = units_load()
    assert result.updated == 1
    unit.refresh_from_db()
    assert unit.name == "Huyện Phú Bình" and unit.search_key == "huyen phu binh"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dak lak", "Tỉnh Đắk Lắk"),
        ("phu binh", "Huyện Phú Bình"),
        ("Đắk Lắk", "Tỉnh Đắk Lắk"),
        ("THAI NGUYEN", "Tỉnh Thái Nguyên"),
        ("ninh hoa", "Phường Ninh Hòa"),
        ("khanh hoa", "Tỉnh Khánh Hòa"),
    ],
)
def test_accent_insensitive_search(base_data, query, expected):
    names = [u.name for u in selectors.unit_list(q=query)[:20]]
    assert expected in names


def test_search_ranks_exact_names_first_and_current_before_legacy(base_data):
    results = list(selectors.unit_list(q="khanh hoa")[:3])
    assert [u.name for u in results[:2]] == ["Tỉnh Khánh Hòa", "Tỉnh Khánh Hòa"]
    assert results[0].generation == CUR


def test_list_is_sorted_in_vietnamese_order(base_data):
    names = [u.short_name for u in selectors.unit_list(level=1, generation=CUR)]
    assert names.index("Đắk Lắk") > names.index("Đà Nẵng") > names.index("Cần Thơ")
    assert names.index("Điện Biên") < names.index("Đồng Nai")
    assert names[-1] == "Vĩnh Long"
