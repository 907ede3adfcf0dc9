"""Loading administrative units from the `vietnam-provinces` package (idempotent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from phoihop.core.audit import audit_record
from phoihop.core.text import fold, sort_key
from phoihop.geo.models import AdminUnit, AdminUnitLink

REFORM_DAY = dt.date(2025, 7, 1)
LEGACY_LAST_DAY = dt.date(2025, 6, 30)

_PREFIXES = ["Thành phố ", "Tỉnh ", "Huyện ", "Quận ", "Thị xã ", "Thị trấn ", "Xã ", "Phường ", "Đặc khu "]


def short_name(name: str) -> str:
    """'Tỉnh Thái Nguyên' → 'Thái Nguyên'; 'Phường 1' stays 'Phường 1'."""
    for p in _PREFIXES:
        if name.startswith(p):
            rest = name[len(p) :]
            return name if rest[:1].isdigit() else rest
    return name


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    links_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.links_created)


Key = tuple[str, str, int]  # (generation, code, level)


def _rows() -> tuple[list[dict], list[tuple[Key, Key]]]:
    """Every unit as a dict (parent given by its key) and every old→new link."""
    from vietnam_provinces import Province, Ward, legacy
    from vietnam_provinces._province_conversion_2025 import NEW_TO_OLD

    cur, leg = AdminUnit.Generation.CURRENT, AdminUnit.Generation.LEGACY
    rows: list[dict] = []
    links: list[tuple[tuple[str, str, int], tuple[str, str, int]]] = []

    legacy_to_current: dict[int, int] = {}
    for new_code, entry in NEW_TO_OLD.items():
        for old in entry.old_provinces:
            legacy_to_current[int(old.code)] = int(new_code)

    def add(gen, level, code, kind, name, parent, path):
        rows.append(
            {
                "generation": gen,
                "level": level,
                "code": code,
                "kind": kind,
                "name": name,
                "short_name": short_name(name),
                "parent": parent,
                "path": path,
                "valid_from": REFORM_DAY if gen == cur else None,
                "valid_to": LEGACY_LAST_DAY if gen == leg else None,
            }
        )

    for p in Province.iter_all():
        code = f"{p.code.value:02d}"
        add(cur, 1, code, p.division_type.value, p.name, None, code)
    for w in Ward.iter_all():
        pcode = f"{w.province_code.value:02d}"
        add(
            cur,
            3,
            f"{w.code.value:05d}",
            w.division_type.value,
            w.name,
            (cur, pcode, 1),
            f"{pcode}/C{w.code.value:05d}",
        )

    lprov_path: dict[int, str] = {}
    for p in legacy.Province.iter_all():
        new = legacy_to_current[p.code.value]
        code = f"{p.code.value:02d}"
        lprov_path[p.code.value] = f"{new:02d}/L{code}"
        add(leg, 1, code, p.division_type.value, p.name, None, lprov_path[p.code.value])
        links.append(((leg, code, 1), (cur, f"{new:02d}", 1)))
    ldist_path: dict[int, str] = {}
    for d in legacy.District.iter_all():
        code = f"{d.code.value:03d}"
        ldist_path[d.code.value] = f"{lprov_path[d.province_code.value]}/D{code}"
        add(
            leg,
            2,
            code,
            d.division_type.value,
            d.name,
            (leg, f"{d.province_code.value:02d}", 1),
            ldist_path[d.code.value],
        )
    for w in legacy.Ward.iter_all():
        code = f"{w.code.value:05d}"
        path = f"{ldist_path[w.district_code.value]}/X{code}"
        add(leg, 3, code, w.division_type.value, w.name, (leg, f"{w.district_code.value:03d}", 2), path)

    # commune links come from the package; district links follow from their communes
    ward_district: dict[str, str] = {
        f"{w.code.value:05d}": f"{w.district_code.value:03d}" for w in legacy.Ward.iter_all()
    }
    seen: set = set()
    for w in Ward.iter_all():
        new = (cur, f"{w.code.value:05d}", 3)
        for old in w.get_legacy_sources():
            old_code = f"{old.code.value:05d}"
            links.append(((leg, old_code, 3), new))
            dkey = (ward_district[old_code], new[1])
            if dkey not in seen:
                seen.add(dkey)
                links.append(((leg, dkey[0], 2), new))
    return rows, links


@transaction.atomic
def units_load(*, acting=None) -> LoadResult:
    """Create or update every unit and link; running it again changes nothing."""
    rows, links = _rows()
    result = LoadResult()
    existing = {(u.generation, u.code, u.level): u for u in AdminUnit.objects.all()}
    ids: dict[tuple[str, str, int], int] = {k: u.id for k, u in existing.items()}
    fields = ["kind", "name", "short_name", "path", "valid_from", "valid_to", "search_key", "sort_key", "parent_id"]

    for level in (1, 2, 3):
        to_create, to_update = [], []
        for r in (r for r in rows if r["level"] == level):
            parent = r.pop("parent")
            parent_id = ids[parent] if parent else None
            values = {
                **r,
                "parent_id": parent_id,
                "search_key": fold(r["name"]),
                "sort_key": sort_key(r["short_name"]),
            }
            key = (r["generation"], r["code"], level)
            unit = existing.get(key)
            if unit is None:
                to_create.append(AdminUnit(**values))
            elif any(getattr(unit, f) != values[f] for f in fields):
                for f in fields:
                    setattr(unit, f, values[f])
                to_update.append(unit)
        AdminUnit.objects.bulk_create(to_create, batch_size=2000)
        AdminUnit.objects.bulk_update(to_update, fields, batch_size=2000)
        result.created += len(to_create)
        result.updated += len(to_update)
        for u in AdminUnit.objects.filter(level=level).only("id", "generation", "code", "level"):
            ids[(u.generation, u.code, u.level)] = u.id

    wanted = {(ids[old], ids[new]) for old, new in links}
    have = set(AdminUnitLink.objects.values_list("old_id", "new_id"))
    missing = wanted - have
    AdminUnitLink.objects.bulk_create([AdminUnitLink(old_id=o, new_id=n) for o, n in missing], batch_size=5000)
    result.links_created = len(missing)

    if result.changed:
        audit_record(
            acting=acting,
            action="geo.units_load",
            object_type="geo.adminunit",
            object_repr="Đơn vị hành chính (vietnam-provinces)",
            after={"created": result.created, "updated": result.updated, "links_created": result.links_created},
        )
    return result
