"""The scenario registry: each operation through the application, and the same result by hand-written SQL.

A scenario's `run` and `floor` take the shared `Context` and one parameter set (as keyword arguments)
and return a comparable result, usually `(ids of the rows on the page, total count)` (for "Việc cần
làm": `{queue: (ids, count)}`); the harness checks that both agree before timing them. A scenario with
no SQL floor (document rendering) has `floor=None`. To add a scenario, write the callables and append a
`Scenario` to SCENARIOS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.utils import timezone

from phoihop.accounts.acting import Acting, resolve_acting
from phoihop.concerns.models import OPEN_STATUSES as CONCERN_OPEN_STATUSES
from phoihop.core.text import fold, search_terms
from phoihop.orgs.selectors import org_list
from phoihop.plans.models import OPEN_STATUSES, Task, TaskStatus
from phoihop.plans.selectors import my_work
from phoihop.programs.documents import program_file
from phoihop.programs.models import Program
from phoihop.programs.selectors import program_get

PAGE = 20
QUEUE = 50  # rows of each "Việc cần làm" queue (selectors.my_work's limit)


@dataclass
class Context:
    acting: Acting  # who the selector scenarios act as
    client: Client  # test client carrying the bearer token of the same user
    tokens: list = field(default_factory=list)  # (acting, ApiToken) of every client made; revoked at the end
    cache: dict = field(default_factory=dict)  # lookups made once per run (not timed after the warm-up)

    def client_for(self, acting: Acting) -> Client:
        """A client with a fresh bearer token of `acting.user`, acting for `acting.org`."""
        from phoihop.accounts.services import token_create

        raw, token = token_create(acting=acting, name="bench", days=1)
        self.tokens.append((acting, token))
        return Client(
            SERVER_NAME="localhost", headers={"authorization": f"Bearer {raw}", "x-acting-org": str(acting.org.pk)}
        )


@dataclass
class Scenario:
    name: str
    run: Callable[..., object]  # one operation through the real application path
    floor: Callable[..., object] | None  # the same result with hand-written SQL (None: no floor)
    params: list[dict] | Callable[[Context], list[dict]]  # or made from the data set at run time
    repeat: int = 20  # timed runs per parameter set
    warmup: int | None = None  # untimed runs per parameter set (None: the harness's default)


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


# --- programs, plans and tasks ----------------------------------------------------------------------------

# what TaskOut needs: the page is chosen on the task table alone, then only its rows are joined
_TASK_COLUMNS = "t.id, t.title, t.plan_id, t.content_id, t.lead_id, t.owner_id, t.kind, t.recurrence, t.deadline, t.status, t.percent, t.version"
_OPEN = "t.status IN ('not_started', 'in_progress', 'submitted')"
assert {s.value for s in OPEN_STATUSES} == {"not_started", "in_progress", "submitted"}


def _with_refs(page_sql: str, extra: str = "") -> str:
    """The page's tasks with the names and numbers the API shows (lead, owner, content)."""
    return f"""SELECT t.id, t.title, t.plan_id, c.id, c.number, l.id, l.name, o.id, o.name, t.kind, t.recurrence,
                      t.deadline, t.status, t.percent, t.version{extra}
               FROM ({page_sql}) t
               JOIN orgs_organization l ON l.id = t.lead_id
               JOIN orgs_organization o ON o.id = t.owner_id
               LEFT JOIN programs_programcontent c ON c.id = t.content_id"""


def _program_of(org_id: int) -> Program:
    return Program.objects.filter(lead_id=org_id).order_by("id").first()


def _department_params(ctx: Context) -> dict:
    """The acting officer's propaganda department and the numbered contents of its province's program."""
    if "department" not in ctx.cache:
        org = ctx.acting.org
        assert org.type.sees_rollup and org.unit_path, "the token user must act for a province's propaganda department"
        program = _program_of(org.pk)
        ctx.cache["department"] = {"org": org, "contents": dict(program.contents.values_list("number", "id"))}
    return ctx.cache["department"]


def task_list_params(ctx: Context) -> list[dict]:
    """GET /api/v1/tasks?organization=<the department: its subtree>&status=…[&content=…][&q=…]"""
    d = _department_params(ctx)
    org, contents = d["org"].pk, d["contents"]
    return [
        {"organization": org, "status": TaskStatus.IN_PROGRESS.value, "content": contents[1]},
        {"organization": org, "status": TaskStatus.NOT_STARTED.value, "content": contents[4]},
        {"organization": org, "status": TaskStatus.IN_PROGRESS.value},
        {"organization": org, "status": TaskStatus.NOT_STARTED.value, "q": "dư luận"},
    ]


def task_list_api(ctx: Context, **params):
    response = ctx.client.get("/api/v1/tasks", {**params, "limit": PAGE})
    if response.status_code != 200:
        raise RuntimeError(f"GET /api/v1/tasks {params}: HTTP {response.status_code} {response.content[:200]!r}")
    data = response.json()
    return [item["id"] for item in data["items"]], data["count"]


def task_list_floor(ctx: Context, organization: int, status: str, content: int | None = None, q: str | None = None):
    """selectors.task_list for an officer of a roll-up department filtering on the department's own subtree."""
    acting = ctx.acting
    assert organization == acting.org.pk  # the visibility below is the acting department's
    like = "LIKE %s ESCAPE '\\'" if connection.vendor == "sqlite" else "LIKE %s"
    below = _like(acting.org.unit_path) + "/%"  # units strictly below the department's (its roll-up, its subtree)
    where = ["t.status = %s"]
    params: list = [status]
    if content:
        where.append("t.content_id = %s")
        params.append(content)
    # the filter: led by the organisation or by one whose unit lies below its unit
    where.append(
        "EXISTS (SELECT 1 FROM plans_taskparty s WHERE s.task_id = t.id AND s.role = 'lead' "
        f"AND (s.organization_id = %s OR s.unit_path {like}))"
    )
    params += [organization, below]
    # visibility: a party is the department or an organisation of its roll-up, or the task is assigned to the user
    where.append(
        f"(EXISTS (SELECT 1 FROM plans_taskparty v WHERE v.task_id = t.id AND (v.organization_id = %s OR v.unit_path {like}))"
        f" OR EXISTS (SELECT 1 FROM {Task.assignees.through._meta.db_table} a WHERE a.task_id = t.id AND a.user_id = %s))"
    )
    params += [acting.org.pk, below, acting.user.pk]
    rank, rank_params, inner_order, order = "", [], "t.deadline, t.id", "t.deadline, t.id"
    if q:
        search, search_params, rank_sql, rank_params = _search_sql("t.search_key", q)
        where.append(search)
        params += search_params
        rank, inner_order, order = f", {rank_sql} AS rank", "rank, t.deadline, t.id", "t.rank, t.deadline, t.id"
    condition = " AND ".join(where)
    page = f"SELECT {_TASK_COLUMNS}{rank} FROM plans_task t WHERE {condition} ORDER BY {inner_order} LIMIT {PAGE}"
    rows = _fetch(_with_refs(page) + f" ORDER BY {order}", rank_params + params)
    count = _fetch(f"SELECT COUNT(*) FROM plans_task t WHERE {condition}", params)[0][0]
    return [r[0] for r in rows], count


def _officer(ctx: Context, user: str, org: int) -> tuple[Acting, Client]:
    """The Acting of `user` for `org`, and an API client with their token acting for it (made once per run)."""
    key = ("officer", user, org)
    if key not in ctx.cache:
        from phoihop.accounts.models import User

        acting = resolve_acting(User.objects.get(username=user), org)
        assert acting.org.pk == org, f"{user} is not a member of organisation {org}"
        ctx.cache[key] = (acting, ctx.client_for(acting))
    return ctx.cache[key]


def my_work_params(ctx: Context) -> list[dict]:
    """The officer with the most assigned tasks, acting for their (default) organisation: the body that leads
    those tasks, one of the busiest (a province's UBND or HĐND in the generated data)."""
    from phoihop.accounts.models import Membership

    user_id = _fetch(
        f"SELECT user_id FROM {Task.assignees.through._meta.db_table} GROUP BY user_id "
        "ORDER BY COUNT(*) DESC, user_id LIMIT 1",
        [],
    )[0][0]
    membership = Membership.objects.select_related("user").filter(user_id=user_id).order_by("-is_default", "id")[0]
    return [{"user": membership.user.username, "org": membership.organization_id}]


def my_work_api(ctx: Context, user: str, org: int):
    response = _officer(ctx, user, org)[1].get("/api/v1/my-work")
    if response.status_code != 200:
        raise RuntimeError(f"GET /api/v1/my-work: HTTP {response.status_code} {response.content[:200]!r}")
    return {name: ([item["id"] for item in q["items"]], q["count"]) for name, q in response.json().items()}


def my_work_selector(ctx: Context, user: str, org: int):
    queues = my_work(acting=_officer(ctx, user, org)[0])
    return {name: ([t.id for t in rows], count) for name, (rows, count) in queues.items()}


def my_work_floor(ctx: Context, user: str, org: int):
    """The five queues of selectors.my_work, each one statement: its first QUEUE rows and its count."""
    acting = _officer(ctx, user, org)[0]
    u, o = acting.user.pk, acting.org.pk
    today = timezone.localdate()
    assignees, partners = Task.assignees.through._meta.db_table, Task.partners.through._meta.db_table
    # assigned to me, led by my organisation, or my organisation is a partner
    mine = (
        f"t.id IN (SELECT task_id FROM {assignees} WHERE user_id = %s UNION SELECT id FROM plans_task WHERE lead_id = %s"
        f" UNION SELECT task_id FROM {partners} WHERE organization_id = %s)"
    )
    queues = {
        "assigned": (
            f"t.status IN ('not_started', 'in_progress') AND t.id IN (SELECT task_id FROM {assignees} WHERE user_id = %s)",
            [u],
        ),
        "to_accept": ("t.owner_id = %s AND t.status = 'submitted'", [o]),
        "overdue": (f"{_OPEN} AND t.deadline < %s AND {mine}", [today.isoformat(), u, o, o]),
        "due_soon": (
            f"{_OPEN} AND t.deadline >= %s AND t.deadline <= %s AND {mine}",
            [today.isoformat(), (today + dt.timedelta(days=7)).isoformat(), u, o, o],
        ),
        "org_open": (
            f"{_OPEN} AND t.id IN (SELECT id FROM plans_task WHERE lead_id = %s"
            f" UNION SELECT task_id FROM {partners} WHERE organization_id = %s)",
            [o, o],
        ),
    }
    out = {}
    for name, (where, params) in queues.items():
        page = (
            f"SELECT {_TASK_COLUMNS}, COUNT(*) OVER () AS total FROM plans_task t WHERE {where} "
            f"ORDER BY t.deadline, t.id LIMIT {QUEUE}"
        )
        rows = _fetch(_with_refs(page, ", t.total") + " ORDER BY t.deadline, t.id", params)
        out[name] = ([r[0] for r in rows], rows[0][-1] if rows else 0)
    return out


def program_params(fmt: str) -> Callable[[Context], list[dict]]:
    def params(ctx: Context) -> list[dict]:
        return [{"program": _program_of(ctx.acting.org.pk).pk, "fmt": fmt}]

    return params


def program_document(ctx: Context, program: int, fmt: str):
    """What GET /api/v1/programs/<id>/document.<fmt> does, without the HTTP layer."""
    content, name, _ = program_file(program_get(acting=ctx.acting, program_id=program), fmt)
    return name, len(content)


# --- concerns -------------------------------------------------------------------------------------------

_CONCERN_OPEN = "c.status IN ('received', 'verifying', 'assigned', 'in_handling', 'escalated')"
assert {s.value for s in CONCERN_OPEN_STATUSES} == {"received", "verifying", "assigned", "in_handling", "escalated"}
CONCERN_QUERIES = ["boi thuong giai phong mat bang", "dat", "o nhiem", "khai thac cat", "lừa đảo qua điện thoại"]
# what a secretary of a voter meeting types in: (topic, title, description); "{place}" is the busiest commune
INTAKE_TEXTS = [
    (
        "dat-dai.thu-hoi",
        "Cử tri phản ánh chậm chi trả bồi thường giải phóng mặt bằng dự án đường ven biển tại {place}",
        "Nhiều hộ dân thôn 3 đã bàn giao mặt bằng nhưng chưa nhận đủ tiền bồi thường, hỗ trợ; đề nghị chi trả dứt điểm.",
    ),
    (
        "moi-truong.khai-thac-cat",
        "Ghe hút cát trái phép ban đêm trên sông đoạn qua {place}",
        "Người dân thôn 5 phản ánh ghe hút cát hoạt động cả đêm, bờ sông sạt lở, đất sản xuất bị mất.",
    ),
    (
        "ha-tang.dien-nuoc",
        "Đường liên xã ngập sâu sau mưa lớn tại {place}",
        "Mỗi khi mưa lớn đường liên xã đoạn qua tổ dân phố 2 ngập sâu, học sinh đi học khó khăn.",
    ),
]


def _province_of(ctx: Context):
    """The acting department's province, its busiest commune (most concerns) and the topics by code."""
    if "concern_place" not in ctx.cache:
        from phoihop.concerns.models import Topic
        from phoihop.geo.models import AdminUnit

        org = ctx.acting.org
        province = AdminUnit.objects.get(path=org.unit_path)
        busiest = _fetch(
            "SELECT unit_id FROM concerns_concern WHERE unit_path LIKE %s GROUP BY unit_id ORDER BY COUNT(*) DESC, "
            "unit_id LIMIT 1",
            [_like(province.path) + "/%"],
        )[0][0]
        ctx.cache["concern_place"] = {
            "province": province,
            "commune": AdminUnit.objects.get(pk=busiest),
            "topics": {t.code: t for t in Topic.objects.all()},
        }
    return ctx.cache["concern_place"]


def _intake_body(ctx: Context, text: int) -> dict:
    place = _province_of(ctx)["commune"]
    topic, title, description = INTAKE_TEXTS[text]
    name = place.name[:1].lower() + place.name[1:]
    return {
        "title": title.format(place=name),
        "description": description,
        "topic": topic,
        "channel": "voter_meeting",
        "unit": place.code,
        "severity": 2,
    }


def concern_intake_api(ctx: Context, text: int):
    """POST /api/v1/concerns: validation, topic suggestion, tracking code, intake, then the duplicate check."""
    response = ctx.client.post("/api/v1/concerns", _intake_body(ctx, text), content_type="application/json")
    if response.status_code != 201:
        raise RuntimeError(f"POST /api/v1/concerns: HTTP {response.status_code} {response.content[:300]!r}")
    return response.status_code


def concern_duplicates_selector(ctx: Context, text: int):
    """selectors.concern_duplicates for a text about the busiest commune (what the intake form asks as one types)."""
    from phoihop.concerns.selectors import concern_duplicates

    body = _intake_body(ctx, text)
    place = _province_of(ctx)
    found = concern_duplicates(
        acting=ctx.acting,
        text=f"{body['title']}. {body['description']}",
        unit=place["commune"],
        topic=place["topics"][body["topic"]],
    )
    return [c.pk for c, _ in found]


def concern_search_api(ctx: Context, q: str):
    return _api_page(ctx, "/api/v1/concerns", q)


def concern_list_params(ctx: Context) -> list[dict]:
    province = _province_of(ctx)["province"].pk
    return [
        {"unit": province, "status": "open", "topic": "dat-dai"},
        {"unit": province, "status": "open", "topic": "moi-truong.khai-thac-cat"},
        {"unit": province, "status": "in_handling", "topic": "ha-tang"},
        {"unit": province, "status": "open"},
    ]


def concern_list_api(ctx: Context, **params):
    response = ctx.client.get("/api/v1/concerns", {**params, "limit": PAGE})
    if response.status_code != 200:
        raise RuntimeError(f"GET /api/v1/concerns {params}: HTTP {response.status_code} {response.content[:200]!r}")
    data = response.json()
    return [item["id"] for item in data["items"]], data["count"]


def concern_list_floor(ctx: Context, unit: int, status: str, topic: str | None = None):
    """selectors.concern_list for a propaganda department: visible (a party in its roll-up, or the concern's
    area inside its own), not merged, in the unit's subtree, status, topic (a group: its topics); newest first.
    The page is chosen on the concern table, then joined with what ConcernOut shows."""
    acting = ctx.acting
    place = _province_of(ctx)
    assert unit == place["province"].pk
    like = "LIKE %s ESCAPE '\\'" if connection.vendor == "sqlite" else "LIKE %s"
    below = _like(acting.org.unit_path) + "/%"
    unit_path = place["province"].path
    where = [
        "c.merged_into_id IS NULL",
        f"(EXISTS (SELECT 1 FROM concerns_concernparty v WHERE v.concern_id = c.id AND (v.organization_id = %s "
        f"OR v.unit_path {like})) OR c.unit_path {like} OR c.unit_path = %s)",
        f"(c.unit_path = %s OR c.unit_path {like})",
    ]
    params: list = [acting.org.pk, below, below, acting.org.unit_path, unit_path, _like(unit_path) + "/%"]
    if status == "open":
        where.append(_CONCERN_OPEN)
    else:
        where.append("c.status = %s")
        params.append(status)
    if topic:
        t = place["topics"][topic]
        if t.parent_id is None:
            where.append("c.topic_id IN (SELECT id FROM concerns_topic WHERE parent_id = %s)")
        else:
            where.append("c.topic_id = %s")
        params.append(t.pk)
    condition = " AND ".join(where)
    page = (
        "SELECT c.id, c.tracking_code, c.title, c.topic_id, c.channel, c.unit_id, c.severity, c.status, c.lead_id, "
        "c.deadline, c.received_at, c.reports_count, c.mass_complaint, c.ethnic_religious, c.security_order, "
        f"c.false_information, c.version FROM concerns_concern c WHERE {condition} "
        f"ORDER BY c.received_at DESC, c.id DESC LIMIT {PAGE}"
    )
    rows = _fetch(
        f"""SELECT c.id, c.tracking_code, c.title, t.code, t.name, g.name, c.channel, u.id, u.code, u.name,
                   c.severity, c.status, l.id, l.name, c.deadline, c.received_at, c.reports_count, c.version
            FROM ({page}) c
            JOIN concerns_topic t ON t.id = c.topic_id
            LEFT JOIN concerns_topic g ON g.id = t.parent_id
            JOIN geo_adminunit u ON u.id = c.unit_id
            LEFT JOIN orgs_organization l ON l.id = c.lead_id
            ORDER BY c.received_at DESC, c.id DESC""",
        params,
    )
    count = _fetch(f"SELECT COUNT(*) FROM concerns_concern c WHERE {condition}", params)[0][0]
    return [r[0] for r in rows], count


def hotspot_recompute(ctx: Context, over: str):
    """phoihop.hotspots.bench.recompute_scenario(): every hot spot computed again over all concerns."""
    from phoihop.hotspots.bench import recompute_scenario

    result = recompute_scenario()
    return sorted([k, v] for k, v in result.items() if k != "seconds")  # a list: kept as is in the results file


def _hotspots_ready() -> bool:
    try:
        from phoihop.hotspots.bench import recompute_scenario  # noqa: F401
    except ImportError:
        return False
    return True


# --- intake throughput through a real server (gunicorn + wrk) -------------------------------------------------

WRK_SCRIPT = """
local bodies = {%s}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
request = function()
  i = i + 1
  return wrk.format(nil, "/api/v1/concerns", nil, bodies[(i %% #bodies) + 1])
end
"""


def intake_throughput(ctx: Context, *, workers: int = 2, seconds: int = 15, connections: int = 8) -> dict:
    """Start gunicorn on 127.0.0.1 (the bench database, DEBUG off), drive POST /api/v1/concerns with
    `wrk -t2 -c<connections> -d<seconds>s`, stop the server (its process group); return what wrk measured."""
    import json
    import os
    import re
    import shutil
    import signal
    import socket
    import subprocess
    import sys
    import tempfile
    import time
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from phoihop.accounts.services import token_create

    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (sudo apt-get install -y wrk)"}
    raw, token = token_create(acting=ctx.acting, name="bench wrk", days=1)
    ctx.tokens.append((ctx.acting, token))
    bodies = ", ".join(
        "[[" + json.dumps(_intake_body(ctx, i), ensure_ascii=False) + "]]" for i in range(len(INTAKE_TEXTS))
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = Path(__file__).resolve().parent.parent
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PHOIHOP_DEBUG", None)
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--access-logfile", "-"],
        cwd=base,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,  # its own process group, stopped as a whole below
    )
    try:
        # ready when a worker answers (the master listens before its workers have loaded Django); then each
        # worker's first intake loads what it loads once (the topic classifier…), untimed
        deadline = time.monotonic() + 120
        url = f"http://127.0.0.1:{port}/api/v1/concerns"
        headers = {"Authorization": f"Bearer {raw}", "Content-Type": "application/json"}
        while True:
            try:
                with urllib.request.urlopen(urllib.request.Request(url + "?limit=1", headers=headers), timeout=30):
                    break
            except (OSError, urllib.error.URLError):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn did not start: {log.read()[-2000:]}") from None
                time.sleep(0.5)
        warm = [json.dumps(_intake_body(ctx, i % len(INTAKE_TEXTS))).encode() for i in range(4 * workers)]
        with ThreadPoolExecutor(workers * 2) as pool:
            list(
                pool.map(
                    lambda body: urllib.request.urlopen(
                        urllib.request.Request(url, data=body, headers=headers, method="POST"), timeout=60
                    ).read(),
                    warm,
                )
            )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT % (bodies, raw))
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name,
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
        os.unlink(script.name)
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        os.unlink(log.name)

    def number(pattern: str) -> float | None:
        m = re.search(pattern, out)
        return float(m.group(1)) if m else None

    def ms(label: str) -> float | None:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return None
        return round(float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)], 2)

    requests = number(r"(\d+) requests in")
    return {
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(requests) if requests is not None else None,
        "non_2xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)") or 0),
        "socket_errors": (m.group(0) if (m := re.search(r"Socket errors:.*", out)) else ""),
        "latency_ms": {"p50": ms("50"), "p75": ms("75"), "p90": ms("90"), "p99": ms("99")},
        "workers": workers,
        "connections": connections,
        "seconds": seconds,
        "wrk": out,
    }


ORG_QUERIES = ["phu binh", "uy ban nhan dan xa", "so tai nguyen", "khanh hoa", "dak lak", "Ban Tuyên giáo", "mttq"]
UNIT_QUERIES = ["phu binh", "nha trang", "khanh hoa", "dak lak", "xa cam", "ha noi"]


def _opinion_department(ctx: Context) -> dict:
    from bench.generate_opinions import department
    from phoihop.opinions.services import month_of, previous_month

    org = department()
    return {"org": org.pk, "month": previous_month(month_of(timezone.localdate())).isoformat()}


def opinion_month_params(ctx: Context) -> list[dict]:
    return [_opinion_department(ctx)]


def opinion_month_selector(ctx: Context, org: int, month: str):
    """A province department's month compiled from its ~30,000 monthly reports (with last month beside it)."""
    from phoihop.opinions.selectors import month_figures

    figures = month_figures(org_ids=[org], month=dt.date.fromisoformat(month))
    return [figures["reports"], figures["items"]]


def opinion_month_floor(ctx: Context, org: int, month: str):
    """The core of the compilation by hand: opinions by topic and mood, and the reports counted."""
    by_topic_mood = _fetch(
        "SELECT i.topic_id, i.mood, COUNT(*) FROM opinions_opinionitem i JOIN opinions_opinionreport r ON r.id = i.report_id "
        "WHERE r.organization_id = %s AND r.month = %s AND r.status = 'submitted' GROUP BY i.topic_id, i.mood",
        [org, month],
    )
    reports = _fetch(
        "SELECT COUNT(*) FROM opinions_opinionreport WHERE organization_id = %s AND month = %s AND status = 'submitted'",
        [org, month],
    )[0][0]
    return [reports, sum(n for _, _, n in by_topic_mood)]


def _opinions_ready() -> bool:
    from django.db.utils import DatabaseError

    try:
        from bench.generate_opinions import is_generated

        return is_generated()
    except DatabaseError:
        return False


SCENARIOS = [
    Scenario("org search (API)", org_search_api, org_search_floor, [{"q": q} for q in ORG_QUERIES]),
    Scenario("org search (selector)", org_search_selector, org_search_floor, [{"q": q} for q in ORG_QUERIES]),
    Scenario("unit search (API)", unit_search_api, unit_search_floor, [{"q": q} for q in UNIT_QUERIES]),
    Scenario("my work (API)", my_work_api, my_work_floor, my_work_params),
    Scenario("my work (selector)", my_work_selector, my_work_floor, my_work_params),
    Scenario("task list (API)", task_list_api, task_list_floor, task_list_params),
    Scenario("program DOCX", program_document, None, program_params("docx"), repeat=10, warmup=1),
    Scenario("program PDF", program_document, None, program_params("pdf"), repeat=5, warmup=1),
    Scenario("concern intake (API)", concern_intake_api, None, [{"text": i} for i in range(len(INTAKE_TEXTS))]),
    Scenario("concern duplicates (selector)", concern_duplicates_selector, None, [{"text": i} for i in range(3)]),
    Scenario("concern search (API)", concern_search_api, None, [{"q": q} for q in CONCERN_QUERIES]),
    Scenario("concern list (API)", concern_list_api, concern_list_floor, concern_list_params),
]
if _opinions_ready():
    SCENARIOS.append(
        Scenario(
            "opinion month compilation (selector)",
            opinion_month_selector,
            opinion_month_floor,
            opinion_month_params,
            repeat=5,
            warmup=1,
        )
    )
if _hotspots_ready():
    SCENARIOS.append(
        Scenario("hot spot recomputation", hotspot_recompute, None, [{"over": "all concerns"}], repeat=3, warmup=1)
    )


# --- information supply (bench/generate_exchanges.py) ---------------------------------------------------------


def supply_statistics_params(ctx: Context) -> list[dict]:
    """The acting officer's province propaganda department over the current year, as the statistics page
    opens (its own requests), over everything it sees, and per period."""
    year = timezone.localdate().year
    window = {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
    org = ctx.acting.org.pk
    return [
        {**window, "requester": org, "by_period": False},
        {**window, "requester": None, "by_period": False},
        {**window, "requester": org, "by_period": True},
    ]


def _stat_rows(rows) -> list[list]:
    return sorted([list(r) for r in rows], key=lambda r: (r[0], r[1] or ""))


def supply_statistics_api(ctx: Context, date_from: str, date_to: str, requester: int | None, by_period: bool):
    """GET /api/v1/exchanges/statistics: due, on time, late, missing, not yet due per organisation (and period)."""
    query = {"due_from": date_from, "due_to": date_to, "by_period": "true" if by_period else "false"}
    if requester:
        query["requester"] = requester
    response = ctx.client.get("/api/v1/exchanges/statistics", query)
    assert response.status_code == 200, response.content[:300]
    return _stat_rows(
        (s["organization"]["id"], s["period"], s["due"], s["on_time"], s["late"], s["missing"], s["not_yet_due"])
        for s in response.json()
    )


def supply_statistics_selector(ctx: Context, date_from: str, date_to: str, requester: int | None, by_period: bool):
    from phoihop.exchanges.selectors import supply_statistics

    stats = supply_statistics(
        acting=ctx.acting,
        date_from=dt.date.fromisoformat(date_from),
        date_to=dt.date.fromisoformat(date_to),
        requester_id=requester,
        by_period=by_period,
    )
    return _stat_rows((s.organization_id, s.period, s.due, s.on_time, s.late, s.missing, s.not_yet_due) for s in stats)


def supply_statistics_floor(ctx: Context, date_from: str, date_to: str, requester: int | None, by_period: bool):
    """One grouped statement over the obligations the department sees (an asked organisation or a requester
    that is the department or lies below its unit), not cancelled, due in the window; the requests made
    within the department's reach as an array on PostgreSQL, so that the three conditions use their indexes."""
    org = ctx.acting.org
    now = timezone.now()
    start = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(date_from), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(date_to) + dt.timedelta(days=1), dt.time.min))
    like = "LIKE %s ESCAPE '\\'" if connection.vendor == "sqlite" else "LIKE %s"
    prefix = _like(org.unit_path + "/") + "%"
    period = ", o.period" if by_period else ""
    requested = f"(SELECT id FROM exchanges_inforequest WHERE requester_id = %s OR requester_path {like})"
    requested = f"= ANY(ARRAY{requested})" if connection.vendor == "postgresql" else f"IN {requested}"
    condition = (
        f"(o.organization_id = %s OR o.unit_path {like} OR o.request_id {requested}) "
        "AND o.status <> 'cancelled' AND o.due_at >= %s AND o.due_at < %s"
    )
    if connection.vendor == "sqlite":  # stored as UTC text there
        now, start, end = (x.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ") for x in (now, start, end))
    params = [org.pk, prefix, org.pk, prefix, start, end]
    join = ""
    if requester:
        join = "JOIN exchanges_inforequest r ON r.id = o.request_id"
        condition += " AND r.requester_id = %s"
        params.append(requester)
    rows = _fetch(
        f"""SELECT o.organization_id{period or ", NULL"}, COUNT(*),
            COUNT(*) FILTER (WHERE o.supplied_at IS NOT NULL AND o.supplied_at <= o.due_at),
            COUNT(*) FILTER (WHERE o.supplied_at IS NOT NULL AND o.supplied_at > o.due_at),
            COUNT(*) FILTER (WHERE o.supplied_at IS NULL AND o.due_at < %s),
            COUNT(*) FILTER (WHERE o.supplied_at IS NULL AND o.due_at >= %s)
            FROM exchanges_infoobligation o {join}
            WHERE {condition} GROUP BY o.organization_id{period}""",
        [now, now, *params],
    )
    return _stat_rows(rows)


def obligations_month_params(ctx: Context) -> list[dict]:
    """Obligations of months after the current one, left by an earlier run, are deleted first (untimed)."""
    from phoihop.exchanges.models import InfoObligation

    first = timezone.localdate().replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    InfoObligation.objects.filter(due_at__gte=timezone.make_aware(dt.datetime.combine(following, dt.time.min))).delete()
    ctx.cache["obligations_month"] = following
    return [{"month": "each run the next one"}]


def obligations_month_generate(ctx: Context, month: str):
    """exchanges.services.obligations_generate (the daily job) on the first day of the next month not yet
    generated: one new obligation per asked organisation of every open monthly request (~20,776 nationally)."""
    from phoihop.exchanges.services import obligations_generate

    day = ctx.cache["obligations_month"]
    ctx.cache["obligations_month"] = (day + dt.timedelta(days=32)).replace(day=1)
    return obligations_generate(today=day)


SCENARIOS += [
    Scenario("supply statistics (API)", supply_statistics_api, supply_statistics_floor, supply_statistics_params),
    Scenario(
        "supply statistics (selector)", supply_statistics_selector, supply_statistics_floor, supply_statistics_params
    ),
    Scenario(
        "supply obligations of a new month",
        obligations_month_generate,
        None,
        obligations_month_params,
        repeat=3,
        warmup=1,
    ),
]


# --- the leadership dashboard ---------------------------------------------------------------------------------
# GET /api/v1/dashboard?scope=subtree: every indicator of reports/indicators.py for this year (and the 13-month
# concern trend), cached 60 s. "cold": the cache cleared before each run (every indicator computed); "warm":
# served from the cache. "province": the token user's province propaganda department (its subtree: the
# province); "national": the central-level propaganda department of the "central" layer (its roll-up is
# everything). The result kept is the number of SQL statements of the last run. Targets: province p95 ≤ 150 ms,
# national p95 ≤ 300 ms.


def _counting(fn) -> int:
    """Run `fn`, return how many SQL statements it sent (a light execute wrapper: no query log)."""
    n = 0

    def count(execute, sql, params, many, context):
        nonlocal n
        n += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    return n


def _dashboard_client(ctx: Context, level: str) -> Client:
    if level == "province":
        return ctx.client  # the token user acts for the first province's propaganda department
    from bench.generate import CENTRAL_USERNAME

    return _officer(ctx, CENTRAL_USERNAME, _central_org_id())[1]


def _central_org_id() -> int:
    from bench.generate import CENTRAL_USERNAME
    from phoihop.accounts.models import Membership

    return Membership.objects.get(user__username=CENTRAL_USERNAME).organization_id


def dashboard_api(ctx: Context, level: str, cache: str):
    from django.core.cache import cache as django_cache

    client = _dashboard_client(ctx, level)
    if cache == "cold":
        django_cache.clear()
    response = None

    def get():
        nonlocal response
        response = client.get("/api/v1/dashboard", {"scope": "subtree"})

    queries = _counting(get)
    if response.status_code != 200:
        raise RuntimeError(f"GET /api/v1/dashboard ({level}): HTTP {response.status_code} {response.content[:200]!r}")
    return queries


SCENARIOS += [
    Scenario(
        "dashboard province (API)", dashboard_api, None, [{"level": "province", "cache": c} for c in ("cold", "warm")]
    ),
    Scenario(
        "dashboard national (API)", dashboard_api, None, [{"level": "national", "cache": c} for c in ("cold", "warm")]
    ),
]


# --- reports ----------------------------------------------------------------------------------------------------
# A province propaganda department's yearly report over its whole area (subtree), last calendar year: every
# indicator of reports/indicators.py for the year and for the year before (reports.services.figures_of, what
# "Lập báo cáo" and "Tổng hợp lại số liệu" run), then the same report rendered as DOCX (python-docx, the tables
# and sentences of reports/documents.py). The result kept is tasks planned / concerns received. Targets:
# compiling ≤ 3 s, DOCX ≤ 2 s.


def _province_report(ctx: Context, year: int):
    from phoihop.reports.models import Report, ReportKind

    org = ctx.acting.org
    return Report(
        organization=org,
        kind=ReportKind.objects.get(code="nam"),
        title=f"Kết quả thực hiện công tác phối hợp thực hiện Quy chế 238-QĐ/TW năm {year}",
        date_from=dt.date(year, 1, 1),
        date_to=dt.date(year, 12, 31),
        cutoff=dt.date(year, 12, 31),
        deadline=dt.date(year + 1, 1, 10),
        subtree=True,
    )


def report_params(ctx: Context) -> list[dict]:
    return [{"year": timezone.localdate().year - 1}]


def report_compile(ctx: Context, year: int):
    from phoihop.reports.services import figures_of

    report = _province_report(ctx, year)
    figures = figures_of(report)
    ctx.cache[("report", year)] = figures
    cur = figures["current"]
    return [cur["tasks"]["total"]["planned"], cur["concerns"]["total"]["received"]]


def report_docx(ctx: Context, year: int):
    from phoihop.reports.documents import report_file
    from phoihop.reports.services import figures_of

    report = _province_report(ctx, year)
    key = ("report", year)
    if key not in ctx.cache:
        ctx.cache[key] = figures_of(report)
    report.figures = ctx.cache[key]
    content, _, _ = report_file(report, "docx")
    return len(content) > 0


SCENARIOS += [
    Scenario("report: compile a province's year", report_compile, None, report_params, repeat=5, warmup=1),
    Scenario("report: its DOCX", report_docx, None, report_params, repeat=10, warmup=1),
]
