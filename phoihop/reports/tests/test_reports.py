"""Reports: the Phú Bình 2022 report compiled from the data (hand-counted), the approval workflow, a
submitted report frozen against later changes, new versions, calls with on-time / late / missing
submissions, roll-ups whose figures are the sum of their parts, bad input, who sees what."""

import datetime as dt
import json

import pytest

from phoihop.accounts.models import Role
from phoihop.plans.models import Task
from phoihop.reports import selectors, services
from phoihop.reports.demo import KH_CALL, KH_DISTRICTS, PB_CALL
from phoihop.reports.models import Report, ReportCall, ReportStatus
from phoihop.reports.rollup import sum_figures
from phoihop.tests.support import acting_of, api_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pb(demo):
    call = ReportCall.objects.get(title=PB_CALL)
    report = Report.objects.get(call=call, organization=demo.btg_pb, rollup=False)
    return {
        "call": call,
        "report": report,
        "officer": make_user(org=demo.btg_pb),
        "leader": make_user(org=demo.btg_pb, role=Role.LEADER, full_name="Ngô Thị Thu Hà"),
        "superior": make_user(org=demo.btg_tn),
        "outsider": make_user(org=demo.btg_kh),
    }


def body(response):
    return json.loads(response.content)


def submit(report, officer, leader, org):
    a, b = acting_of(officer, org), acting_of(leader, org)
    services.report_transition(acting=a, report=report, action="request_approval")
    services.report_transition(acting=b, report=report, action="approve")
    return services.report_transition(acting=a, report=report, action="submit")


def test_phu_binh_2022_figures_by_hand(pb):
    """Ten tasks in the 2022 plan (seed 002 demo): cut-off 15/12/2022 keeps the eight due by then: five done on
    time, one late (done 12/12 for 30/11), one open (due 15/12, done only on 27/12), one cancelled."""
    f = pb["report"].figures["current"]
    assert f["tasks"]["total"] == {
        "planned": 8,
        "done_on_time": 5,
        "done_late": 1,
        "overdue": 0,
        "open": 1,
        "cancelled": 1,
        "done": 6,
        "due": 7,
    }
    by_content = {r["number"]: r["planned"] for r in f["tasks"]["by_content"]}
    assert sum(by_content.values()) == 8
    assert f["meetings"]["by_kind"]["signing"] == 1  # the signing conference of 23/6/2022
    assert f["programs"] == {"programs_signed": 1, "programs_in_force": 1, "plans_issued": 1}
    detail = body(api_client(pb["officer"], pb["report"].organization).get(f"/api/v1/reports/{pb['report'].pk}"))
    assert detail["sentences"]["tasks"].startswith(
        "Trong năm 2022, các cơ quan đã thực hiện 6/7 nhiệm vụ (85,7%), trong đó 5 nhiệm vụ đúng hạn, 1 nhiệm vụ chậm"
    )
    assert detail["figures"]["previous_period"] == {"from": "2021-01-01", "to": "2021-12-31"}


def test_workflow_over_http(pb, demo):
    r = pb["report"]
    officer = api_client(pb["officer"], demo.btg_pb)
    leader = api_client(pb["leader"], demo.btg_pb)
    url = f"/api/v1/reports/{r.pk}"
    resp = officer.put(
        url, {"limitations": "Cung cấp thông tin còn chậm.", "version": r.version}, content_type="application/json"
    )
    assert resp.status_code == 200 and body(resp)["limitations"] == "Cung cấp thông tin còn chậm."
    # not approved yet: refused, nothing lost
    resp = officer.post(f"{url}/transition", {"action": "submit"}, content_type="application/json")
    assert resp.status_code == 400 and "chưa được lãnh đạo duyệt" in body(resp)["message"]
    assert (
        officer.post(f"{url}/transition", {"action": "request_approval"}, content_type="application/json").status_code
        == 200
    )
    # an officer does not approve
    resp = officer.post(f"{url}/transition", {"action": "approve"}, content_type="application/json")
    assert resp.status_code == 400 and "lãnh đạo" in body(resp)["message"]
    # returned with a reason, then approved
    assert leader.post(f"{url}/transition", {"action": "return"}, content_type="application/json").status_code == 400
    assert (
        leader.post(
            f"{url}/transition", {"action": "return", "reason": "Bổ sung bài học"}, content_type="application/json"
        ).status_code
        == 200
    )
    officer.put(url, {"lessons": "Giao ban định kỳ."}, content_type="application/json")
    officer.post(f"{url}/transition", {"action": "request_approval"}, content_type="application/json")
    resp = leader.post(f"{url}/transition", {"action": "approve"}, content_type="application/json")
    assert body(resp)["status"] == "approved" and body(resp)["signer_name"] == "Ngô Thị Thu Hà"
    # an approved report is not edited (reopen first)
    assert officer.put(url, {"lessons": "x"}, content_type="application/json").status_code == 400
    resp = officer.post(f"{url}/transition", {"action": "submit"}, content_type="application/json")
    data = body(resp)
    assert data["status"] == "submitted" and data["number_line"].endswith("-BC/BTGHU") and data["submitted_late"]
    assert data["limitations"] == "Cung cấp thông tin còn chậm." and data["lessons"] == "Giao ban định kỳ."
    assert officer.put(url, {"lessons": "x"}, content_type="application/json").status_code == 400
    assert officer.post(f"{url}/compile").status_code == 400
    history = [h.action for h in selectors.report_history(Report.objects.get(pk=r.pk))]
    assert history == ["request_approval", "return", "request_approval", "approve", "submit"]


def test_submitted_report_stays_frozen_and_a_new_version_replaces_it(pb, demo):
    r = submit(pb["report"], pb["officer"], pb["leader"], demo.btg_pb)
    frozen = json.dumps(r.figures, sort_keys=True)
    # later data: a task of the period is cancelled
    task = Task.objects.filter(lead=demo.ubnd_pb, deadline=dt.date(2022, 9, 30)).get()
    Task.objects.filter(pk=task.pk).update(status="cancelled")
    again = selectors.report_get(acting=acting_of(pb["officer"], demo.btg_pb), report_id=r.pk)
    assert json.dumps(again.figures, sort_keys=True) == frozen
    assert body(api_client(pb["superior"], demo.btg_tn).get(f"/api/v1/reports/{r.pk}"))["figures"] == json.loads(frozen)
    # a new version, with a reason, compiles the data as it is now
    officer = api_client(pb["officer"], demo.btg_pb)
    assert (
        officer.post(f"/api/v1/reports/{r.pk}/new-version", {"reason": ""}, content_type="application/json").status_code
        == 400
    )
    resp = officer.post(
        f"/api/v1/reports/{r.pk}/new-version", {"reason": "Cập nhật nhiệm vụ hủy"}, content_type="application/json"
    )
    assert resp.status_code == 201
    new = Report.objects.get(pk=body(resp)["id"])
    assert new.revision == 2 and new.status == ReportStatus.DRAFT
    assert new.figures["current"]["tasks"]["total"]["cancelled"] == 2
    assert r.figures["current"]["tasks"]["total"]["cancelled"] == 1
    # the superior keeps seeing the submitted version until the new one is submitted
    rows = selectors.call_submissions(pb["call"])
    assert rows[0]["report"].pk == r.pk
    submit(new, pb["officer"], pb["leader"], demo.btg_pb)
    assert Report.objects.get(pk=r.pk).status == ReportStatus.REPLACED
    rows = selectors.call_submissions(pb["call"])
    assert rows[0]["report"].pk == new.pk and rows[0]["state"] == "late"


def test_submissions_of_the_khanh_hoa_interim_review(demo):
    call = ReportCall.objects.get(title=KH_CALL)
    rows = {r["organization"].name: r["state"] for r in selectors.call_submissions(call)}
    expected = {
        name: ("missing" if delay is None else "late" if delay > 0 else "on_time")
        for _, name, _, _, delay in KH_DISTRICTS
    }
    assert rows == expected
    superior = api_client(make_user(org=demo.btg_kh), demo.btg_kh)
    data = body(superior.get(f"/api/v1/reports/calls/{call.pk}"))
    assert {s["organization"]["name"]: s["state"] for s in data["submissions"]} == expected
    assert data["rollup"] is not None
    rollup = body(superior.get(f"/api/v1/reports/{data['rollup']}"))
    assert [s["state"] for s in rollup["figures"]["submissions"]].count("missing") == 1


def test_rollup_figures_are_the_sum_of_the_parts(demo):
    """Thái Nguyên asks Phú Bình and Đại Từ for 2022-2023; both submit; the roll-up adds them up."""
    dai_tu = demo.org("Ban Tuyên giáo Huyện ủy Đại Từ")
    tn = make_user(org=demo.btg_tn)
    call = services.call_create(
        acting=acting_of(tn, demo.btg_tn),
        data={
            "kind": "so-ket",
            "title": "Sơ kết 2022 - 2023",
            "date_from": "2022-01-01",
            "date_to": "2023-12-31",
            "deadline": "2024-01-15",
            "addressees": [demo.btg_pb.pk, dai_tu.pk],
        },
    )
    parts = []
    for org in (demo.btg_pb, dai_tu):
        officer, leader = make_user(org=org), make_user(org=org, role=Role.LEADER)
        r = services.report_create(acting=acting_of(officer, org), data={"call": call.pk})
        parts.append(submit(r, officer, leader, org))
    assert all(p.figures["current"]["tasks"]["total"]["planned"] for p in parts)  # both have work to add up
    assert all(p.figures["current"]["meetings"]["total"] for p in parts)
    rollup = services.report_create(acting=acting_of(tn, demo.btg_tn), data={"call": call.pk, "rollup": True})
    cur = rollup.figures["current"]
    for block, key in [("tasks", "total"), ("supply", "total"), ("concerns", "total"), ("meetings", "by_kind")]:
        for field, value in cur[block][key].items():
            assert value == sum(p.figures["current"][block][key][field] for p in parts), (block, field)
    assert cur["meetings"]["total"] == sum(p.figures["current"]["meetings"]["total"] for p in parts)
    assert cur["programs"] == {k: sum(p.figures["current"]["programs"][k] for p in parts) for k in cur["programs"]}
    assert [s["state"] for s in rollup.figures["submissions"]] == ["on_time", "on_time"] or all(
        s["state"] in ("on_time", "late") for s in rollup.figures["submissions"]
    )
    # by content: rows of both programs are kept
    assert sum(r["planned"] for r in cur["tasks"]["by_content"]) == cur["tasks"]["total"]["planned"]
    # only the requester makes the roll-up
    with pytest.raises(Exception, match="Chỉ cơ quan yêu cầu"):
        services.report_create(acting=acting_of(make_user(org=dai_tu), dai_tu), data={"call": call.pk, "rollup": True})


def test_sum_figures_adds_rows_by_label():
    a = {
        "current": {
            "tasks": {
                "by_content": [{"program": "P", "number": 1, "content": "A", "planned": 2}],
                "total": {"planned": 2},
            }
        },
        "previous": {},
    }
    b = {
        "current": {
            "tasks": {
                "by_content": [
                    {"program": "P", "number": 1, "content": "A", "planned": 3},
                    {"program": "Q", "number": 1, "content": "B", "planned": 1},
                ],
                "total": {"planned": 4},
            }
        },
        "previous": {},
    }
    s = sum_figures([a, b])
    assert s["current"]["tasks"]["total"]["planned"] == 6
    assert [(r["program"], r["planned"]) for r in s["current"]["tasks"]["by_content"]] == [("P", 5), ("Q", 1)]


BAD = [
    (
        {
            "kind": "nam",
            "date_from": "2023-01-01",
            "date_to": "2023-12-31",
            "cutoff": "2024-01-20",
            "deadline": "2024-01-10",
        },
        "cutoff",
    ),
    (
        {
            "kind": "nam",
            "date_from": "2023-01-01",
            "date_to": "2023-12-31",
            "cutoff": "2023-12-20",
            "deadline": "2023-12-10",
        },
        "cutoff",
    ),
    ({"kind": "nam", "date_from": "2023-12-31", "date_to": "2023-01-01", "deadline": "2024-01-10"}, "date_to"),
    ({"kind": "khong-co", "date_from": "2023-01-01", "date_to": "2023-12-31", "deadline": "2024-01-10"}, "kind"),
    ({"kind": "nam", "date_from": "2023-01-01", "date_to": "2023-12-31"}, "deadline"),
    (
        {
            "kind": "nam",
            "date_from": "2023-01-01",
            "date_to": "2023-12-31",
            "deadline": "2024-01-10",
            "program": 999999,
        },
        "program",
    ),
    (
        {
            "kind": "nam",
            "date_from": "2023-01-01",
            "date_to": "2023-12-31",
            "deadline": "2024-01-10",
            "title": "a\x00b",
        },
        None,
    ),
    (
        {
            "kind": "nam",
            "date_from": "2023-01-01",
            "date_to": "2023-12-31",
            "deadline": "2024-01-10",
            "title": "<b>x</b>",
        },
        "title",
    ),
    ({"kind": "nam", "date_from": "2023-13-01", "date_to": "2023-12-31", "deadline": "2024-01-10"}, None),
    ({"kind": ["nam"], "date_from": 5, "date_to": "2023-12-31", "deadline": "2024-01-10"}, None),
    (
        {"kind": "nam", "date_from": "2023-01-01", "date_to": "2023-12-31", "deadline": "2024-01-10", "subtree": True},
        "subtree",
    ),
]


@pytest.mark.parametrize(("payload", "field"), BAD)
def test_bad_input_gets_a_vietnamese_400(demo, payload, field):
    client = api_client(make_user(org=demo.ubnd_pb), demo.ubnd_pb)
    before = Report.objects.count()
    resp = client.post("/api/v1/reports", json.dumps(payload), content_type="application/json")
    assert resp.status_code == 400, resp.content
    data = body(resp)
    assert data["message"] and not data["message"].isascii()
    if field:
        assert data.get("field") == field, data
    assert Report.objects.count() == before


def test_overlap_with_a_submitted_report_is_refused(pb, demo):
    submit(pb["report"], pb["officer"], pb["leader"], demo.btg_pb)
    client = api_client(pb["officer"], demo.btg_pb)
    payload = {"kind": "nam", "date_from": "2022-06-01", "date_to": "2023-05-31", "deadline": "2023-06-10"}
    resp = client.post("/api/v1/reports", payload, content_type="application/json")
    assert resp.status_code == 400 and body(resp)["code"] == "overlap" and "trùng" in body(resp)["message"]
    # another kind, or a period that does not overlap, is fine
    assert (
        client.post(
            "/api/v1/reports",
            {**payload, "kind": "quy", "date_from": "2023-01-01", "date_to": "2023-03-31"},
            content_type="application/json",
        ).status_code
        == 201
    )


def test_narrative_bad_input_keeps_the_draft(pb, demo):
    client = api_client(pb["officer"], demo.btg_pb)
    url = f"/api/v1/reports/{pb['report'].pk}"
    client.put(url, {"lessons": "Bài học một."}, content_type="application/json")
    for payload in (
        {"lessons": "x\x00y"},
        {"lessons": "<script>x</script>"},
        {"lessons": "x" * 60000},
        {"lessons": 5},
        {"version": "abc"},
    ):
        resp = client.put(url, json.dumps(payload), content_type="application/json")
        assert resp.status_code in (400, 413), (payload, resp.content)
    assert Report.objects.get(pk=pb["report"].pk).lessons == "Bài học một."
    # a stale version is a conflict naming the field
    resp = client.put(url, {"lessons": "Bài học hai.", "version": 1}, content_type="application/json")
    assert resp.status_code == 409 and "lessons" in body(resp)["errors"]


def test_calls_reach_only_the_subtree(demo):
    tn = api_client(make_user(org=demo.btg_tn), demo.btg_tn)
    payload = {
        "kind": "nam",
        "title": "Báo cáo năm 2025",
        "date_from": "2025-01-01",
        "date_to": "2025-12-31",
        "deadline": "2026-01-10",
        "addressees": [demo.btg_pb.pk, demo.btg_kh.pk],
    }
    resp = tn.post("/api/v1/reports/calls", payload, content_type="application/json")
    assert resp.status_code == 400 and body(resp)["field"] == "addressees" and "Khánh Hòa" in body(resp)["message"]
    resp = tn.post(
        "/api/v1/reports/calls", {**payload, "addressees": [demo.btg_pb.pk]}, content_type="application/json"
    )
    assert resp.status_code == 201 and body(resp)["submissions"][0]["state"] in ("missing", "not_yet_due")
    # an organisation without a subtree does not issue calls
    pb_ubnd = api_client(make_user(org=demo.ubnd_pb), demo.ubnd_pb)
    assert pb_ubnd.post("/api/v1/reports/calls", payload, content_type="application/json").status_code == 404


def test_superiors_see_submitted_reports_only_and_no_opinion_author(pb, demo):
    r = pb["report"]
    superior = api_client(pb["superior"], demo.btg_tn)
    outsider = api_client(pb["outsider"], demo.btg_kh)
    assert superior.get(f"/api/v1/reports/{r.pk}").status_code == 404  # a draft stays with its organisation
    submit(r, pb["officer"], pb["leader"], demo.btg_pb)
    assert superior.get(f"/api/v1/reports/{r.pk}").status_code == 200
    assert outsider.get(f"/api/v1/reports/{r.pk}").status_code == 404
    assert r.pk in [x["id"] for x in body(superior.get("/api/v1/reports"))["items"]]
    assert r.pk not in [x["id"] for x in body(outsider.get("/api/v1/reports"))["items"]]
    # opinions reach a report as counts only
    kh = make_user(org=demo.btg_kh)
    own = services.report_create(
        acting=acting_of(kh, demo.btg_kh),
        data={"kind": "quy", "date_from": "2026-01-01", "date_to": "2026-03-31", "deadline": "2026-04-10"},
    )
    assert set(own.figures["current"]["opinions"]) == {"reports", "monthly", "quick", "items", "moods", "uneasy"}
    assert "author" not in json.dumps(own.figures)


def test_list_query_count_is_pinned(pb, demo, django_assert_max_num_queries):
    client = api_client(pb["superior"], demo.btg_tn)
    client.get("/api/v1/reports")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/reports?limit=100").status_code == 200
