"""The scenario registry: each operation through the application, and the same result by hand-written SQL.

A scenario's `run` and `floor` take the shared `Context` and one parameter set (as keyword arguments)
and return a comparable result, here `(ids of the rows on the page, total count)`; the harness checks
that both agree before timing them. To add a scenario, write the two callables and append a
`Scenario` to SCENARIOS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client

from phoihop.accounts.acting import Acting
from phoihop.core.text import fold, search_terms
from phoihop.orgs.selectors import org_list

PAGE = 20


@dataclass
class Context:
    acting: Acting  # who the selector scenarios act as
    client: Client  # test client carrying the bearer token of the same user


@dataclass
class Scenario:
    name: str
    run: Callable[..., object]  # one operation through the real application path
    floor: Callable[..., object]  # the same result with hand-written SQL
    params: list[dict]
    repeat: int = 20  # timed runs per parameter set


# --- the SQL floor ----------------------------------------------------------------------------------------


def _like(pattern: str) -> str:
    return pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_sql(column: str, q: str) -> tuple[str, list, str, list]:
    """WHERE and rank expressions equal to `phoihop.core.search.search_filter` (exact → suffix → prefix → word)."""
    like = "LIKE %s ESCAPE '\\'" if connection.vendor == "sqlite" else "LIKE %s"
    terms, whole = search_terms(q), _like(fold(q))
    where = " AND ".join(f"{column} {like}" for _ in terms)
    rank = (
        f"CASE WHEN {column} = %s THEN 0 WHEN {column} {like} THEN 1 WHEN {column} {like} THEN 2 "
        f"WHEN {column} {like} THEN 3 ELSE 4 END"
    )
    return where, [f"%{_like(t)}%" for t in terms], rank, [fold(q), f"% {whole}", f"{whole}%", f"% {whole}%"]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def org_search_floor(ctx: Context, q: str):
    """The page is chosen on the organisation table alone; only its 20 rows are joined."""
    where, where_params, rank, rank_params = _search_sql("search_key", q)
    rows = _fetch(
        f"""SELECT o.id, o.name, o.short_name, t.code, t.name, o.level, u.id, u.name, p.id, p.name,
                   o.doc_symbol, o.doc_profile, o.active_from, o.active_to
            FROM (SELECT id, name, short_name, type_id, level, unit_id, parent_id, doc_symbol, doc_profile,
                         active_from, active_to, sort_key, {rank} AS rank
                  FROM orgs_organization WHERE {where} ORDER BY rank, sort_key, id LIMIT {PAGE}) o
            JOIN orgs_orgtype t ON t.id = o.type_id
            LEFT JOIN geo_adminunit u ON u.id = o.unit_id
            LEFT JOIN orgs_organization p ON p.id = o.parent_id
            ORDER BY o.rank, o.sort_key, o.id""",
        rank_params + where_params,
    )
    count = _fetch(f"SELECT COUNT(*) FROM orgs_organization WHERE {where}", where_params)[0][0]
    return [r[0] for r in rows], count


def unit_search_floor(ctx: Context, q: str):
    where, where_params, rank, rank_params = _search_sql("search_key", q)
    rows = _fetch(
        f"""SELECT u.id, u.code, u.name, u.short_name, u.kind, u.level, u.generation, p.id, p.name,
                   u.valid_from, u.valid_to
            FROM (SELECT id, code, name, short_name, kind, level, generation, parent_id, valid_from, valid_to,
                         sort_key, {rank} AS rank
                  FROM geo_adminunit WHERE {where} ORDER BY rank, level, generation, sort_key, id LIMIT {PAGE}) u
            LEFT JOIN geo_adminunit p ON p.id = u.parent_id
            ORDER BY u.rank, u.level, u.generation, u.sort_key, u.id""",
        rank_params + where_params,
    )
    count = _fetch(f"SELECT COUNT(*) FROM geo_adminunit WHERE {where}", where_params)[0][0]
    return [r[0] for r in rows], count


# --- the application path ---------------------------------------------------------------------------------


def _api_page(ctx: Context, path: str, q: str):
    response = ctx.client.get(path, {"q": q, "limit": PAGE})
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}?q={q}: HTTP {response.status_code} {response.content[:200]!r}")
    data = response.json()
    return [item["id"] for item in data["items"]], data["count"]


def org_search_api(ctx: Context, q: str):
    return _api_page(ctx, "/api/v1/orgs", q)


def org_search_selector(ctx: Context, q: str):
    qs = org_list(acting=ctx.acting, q=q)
    return [o.id for o in qs[:PAGE]], qs.count()


def unit_search_api(ctx: Context, q: str):
    return _api_page(ctx, "/api/v1/units", q)


ORG_QUERIES = ["phu binh", "uy ban nhan dan xa", "so tai nguyen", "khanh hoa", "dak lak", "Ban Tuyên giáo", "mttq"]
UNIT_QUERIES = ["phu binh", "nha trang", "khanh hoa", "dak lak", "xa cam", "ha noi"]

SCENARIOS = [
    Scenario("org search (API)", org_search_api, org_search_floor, [{"q": q} for q in ORG_QUERIES]),
    Scenario("org search (selector)", org_search_selector, org_search_floor, [{"q": q} for q in ORG_QUERIES]),
    Scenario("unit search (API)", unit_search_api, unit_search_floor, [{"q": q} for q in UNIT_QUERIES]),
]
