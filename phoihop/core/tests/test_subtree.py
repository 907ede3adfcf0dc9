import pytest

from phoihop.geo.models import AdminUnit


@pytest.mark.django_db
def test_subtree_lookup_keeps_the_path_and_what_is_below_it_only():
    paths = ["Z9", "Z9/A1", "Z9/A1/B22", "Z9/A10", "Z90", "Z90/A1", "Z9A", "Z8/Z9", "Z"]
    for i, path in enumerate(paths):
        AdminUnit.objects.create(
            code=f"Z{i}", generation="current", level=1, kind="tỉnh", name=path, short_name=path, path=path
        )
    found = set(AdminUnit.objects.filter(path__subtree="Z9").values_list("path", flat=True))
    assert found == {"Z9", "Z9/A1", "Z9/A1/B22", "Z9/A10"}
    found = set(AdminUnit.objects.filter(path__subtree="Z9/A1").values_list("path", flat=True))
    assert found == {"Z9/A1", "Z9/A1/B22"}
    assert not AdminUnit.objects.filter(path__subtree="Z7").exists()
