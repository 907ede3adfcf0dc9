"""Plans and tasks: approval by the parties, task rules, the status workflow, progress, recurrence, reminders."""

import datetime as dt
import re

import pytest

from phoihop.accounts.models import Role
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.plans import selectors, services
from phoihop.plans.models import PlanStatus, Recurrence, Task, TaskStatus
from phoihop.programs.tests.factories import officer, plan_of, signed_program
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(demo):
    program, btg_user = signed_program(demo.btg_kh, [demo.hdnd_kh])
    plan = plan_of(program, btg_user)
    hdnd_user = officer(demo.hdnd_kh)
    return {"program": program, "plan": plan, "btg": btg_user, "hdnd": hdnd_user, "demo": demo}


def add_task(s, **kw):
    data = {
        "title": "Tuyên truyền kỳ họp thứ 4 HĐND tỉnh",
        "lead": s["demo"].hdnd_kh,
        "content": s["program"].contents.get(number=2),
        "deadline": dt.date(2022, 7, 15),
        "expected_output": "Tin, bài, phóng sự",
    } | kw
    return services.task_create(acting=acting_of(s["btg"]), plan=s["plan"], **data)


def test_plan_year_inside_the_program_period_once(setting):
    s = setting
    with pytest.raises(ValidationFailed):
        plan_of(s["program"], s["btg"], year=2030)
    with pytest.raises(ValidationFailed):
        plan_of(s["program"], s["btg"], year=2022)


def test_plan_is_approved_by_the_parties_then_issued_with_a_number(setting):
    s = setting
    acting = acting_of(s["btg"])
    services.plan_transition(acting=acting, plan=s["plan"], action="circulate")
    with pytest.raises(ValidationFailed) as caught:
        services.plan_transition(acting=acting, plan=s["plan"], action="issue", approved_on=dt.date(2022, 3, 20))
    assert "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa" in str(caught.value.message)
    services.plan_respond(acting=acting_of(s["hdnd"]), plan=s["plan"], agree=True)
    plan = services.plan_transition(acting=acting, plan=s["plan"], action="issue", approved_on=dt.date(2022, 3, 20))
    assert plan.status == PlanStatus.APPROVED
    assert re.fullmatch(r"Số \d{2}-KH/BTGTU-HĐND", plan.number_line)  # Party profile, joint symbol


def test_plan_task_rules(setting):
    s = setting
    with pytest.raises(ValidationFailed) as no_content:
        add_task(s, content=None)
    assert "content" in no_content.value.errors
    with pytest.raises(ValidationFailed) as outside:
        add_task(s, deadline=dt.date(2023, 1, 5))
    assert "năm 2022" in outside.value.errors["deadline"][0]
    with pytest.raises(ValidationFailed) as stranger:
        add_task(s, assignees=[make_user()])
    assert "assignees" in stranger.value.errors
    with pytest.raises(ValidationFailed):
        add_task(s, recurrence=Recurrence.MONTHLY)  # no due day
    assert not Task.objects.filter(plan=s["plan"]).exists()


def test_whole_task_workflow_with_history_and_audit(setting):
    s = setting
    task = add_task(s, assignees=[s["hdnd"]])
    assert task.owner == s["program"].lead
    hdnd = acting_of(s["hdnd"])
    services.progress_report_add(acting=hdnd, task=task, text="Đã đăng 5 tin bài", percent=40)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.percent == 40  # reporting progress starts the work
    services.task_transition(acting=hdnd, task=task, action="submit")
    with pytest.raises(NotFound):  # the doer cannot accept their own work
        services.task_transition(acting=hdnd, task=task, action="accept")
    btg = acting_of(s["btg"])
    with pytest.raises(ValidationFailed):
        services.task_transition(acting=btg, task=task, action="return")  # needs a reason
    services.task_transition(acting=btg, task=task, action="return", reason="Bổ sung số liệu phóng sự")
    services.task_transition(acting=hdnd, task=task, action="submit")
    services.task_transition(acting=btg, task=task, action="accept")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.percent == 100 and task.completed_on is not None
    actions = [c.action for c in task.status_changes.all()]
    assert actions == ["start", "submit", "return", "submit", "accept"]
    assert task.status_changes.get(action="return").reason == "Bổ sung số liệu phóng sự"
    assert AuditEvent.objects.filter(object_type="plans.task", object_id=str(task.pk), action="task.accept").exists()
    with pytest.raises(ValidationFailed):
        services.progress_report_add(acting=hdnd, task=task, text="x", percent=100)


def test_progress_and_comment_validation(setting):
    s = setting
    task = add_task(s)
    hdnd = acting_of(s["hdnd"])
    for percent in (-1, 101, "abc"):
        with pytest.raises(ValidationFailed):
            services.progress_report_add(acting=hdnd, task=task, text="x", percent=percent)
    with pytest.raises(ValidationFailed):
        services.task_comment_add(acting=hdnd, task=task, text="   ")
    comment = services.task_comment_add(acting=hdnd, task=task, text="Đề nghị bổ sung kinh phí")
    assert comment.organization == s["demo"].hdnd_kh
    outsider = acting_of(officer(s["demo"].btg_tn))
    with pytest.raises(NotFound):
        services.task_comment_add(acting=outsider, task=task, text="x")


def test_monthly_recurrence_creates_one_occurrence_per_month_with_the_due_day(setting):
    s = setting
    series = add_task(s, title="Cung cấp thông tin định kỳ", recurrence=Recurrence.MONTHLY, due_day=31, deadline=None)
    occurrences = list(series.occurrences.order_by("deadline"))
    assert len(occurrences) == 12
    assert occurrences[1].deadline == dt.date(2022, 2, 28) and occurrences[0].deadline == dt.date(2022, 1, 31)
    assert occurrences[1].title.endswith("(tháng 2/2022)")
    assert services.occurrences_generate(series=series, until=dt.date(2022, 12, 31)) == 0  # idempotent
    quarterly = add_task(s, title="Báo cáo quý", recurrence=Recurrence.QUARTERLY, due_day=20, deadline=None)
    assert [o.deadline for o in quarterly.occurrences.order_by("deadline")] == [
        dt.date(2022, 3, 20),
        dt.date(2022, 6, 20),
        dt.date(2022, 9, 20),
        dt.date(2022, 12, 20),
    ]


def test_reminders_before_the_deadline_and_when_overdue_once_each(setting):
    from phoihop.notifications.models import Notification

    s = setting
    task = add_task(s, deadline=dt.date(2022, 7, 15), assignees=[s["hdnd"]])
    assert services.reminders_send(today=dt.date(2022, 7, 12)) == 1
    assert services.reminders_send(today=dt.date(2022, 7, 12)) == 0
    assert services.reminders_send(today=dt.date(2022, 7, 16)) == 1
    kinds = list(
        Notification.objects.filter(recipient=s["hdnd"], object_id=str(task.pk)).values_list("kind", flat=True)
    )
    assert kinds.count("task.due") == 1 and kinds.count("task.overdue") == 1


def test_task_visibility_and_my_work(setting):
    s = setting
    demo = s["demo"]
    today = dt.date(2022, 7, 10)
    mine = add_task(s, assignees=[s["hdnd"]], deadline=dt.date(2022, 7, 15))
    late = add_task(s, title="Việc quá hạn", deadline=dt.date(2022, 7, 1))
    work = selectors.my_work(acting=acting_of(s["hdnd"]), today=today)
    assert mine in work["assigned"][0] and mine in work["due_soon"][0]
    assert late in work["overdue"][0] and work["overdue"][1] == 1
    services.task_transition(acting=acting_of(s["hdnd"]), task=mine, action="submit")
    assert mine in selectors.my_work(acting=acting_of(s["btg"]), today=today)["to_accept"][0]
    # visibility: parties and roll-up see it; others do not
    assert mine in selectors.task_list(acting=acting_of(officer(demo.hdnd_kh)))
    assert mine not in selectors.task_list(acting=acting_of(officer(demo.btg_tn)))
    with pytest.raises(NotFound):
        selectors.task_get(acting=acting_of(officer(demo.ubnd_pb)), task_id=mine.pk)


def test_filtered_task_list(setting):
    s = setting
    a = add_task(s, title="Tuyên truyền đất đai")
    b = add_task(s, title="Khác", content=s["program"].contents.get(number=3))
    acting = acting_of(s["btg"])
    plan = s["plan"].pk
    assert list(selectors.task_list(acting=acting, q="dat dai", plan_id=plan)) == [a]
    assert list(selectors.task_list(acting=acting, content_id=b.content_id)) == [b]
    assert set(selectors.task_list(acting=acting, org=s["demo"].hdnd_kh, status="not_started", plan_id=plan)) == {a, b}
    assert list(selectors.task_list(acting=acting, org=s["demo"].btg_tn)) == []


def test_ad_hoc_task_outside_a_plan_is_owned_by_the_giver(setting):
    s = setting
    demo = s["demo"]
    user = officer(demo.btg_pb, Role.LEADER)
    task = services.task_create(
        acting=acting_of(user),
        title="Nắm tình hình dư luận vụ việc",
        lead=demo.ubnd_pb,
        kind="adhoc",
        deadline=dt.date(2026, 12, 1),
    )
    assert task.owner == demo.btg_pb and task.plan is None
    viewer = officer(demo.btg_pb, Role.VIEWER)
    with pytest.raises(NotFound):
        services.task_create(acting=acting_of(viewer), title="x", lead=demo.ubnd_pb)
