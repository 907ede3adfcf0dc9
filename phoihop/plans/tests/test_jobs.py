"""Periodic jobs and the iCal feed of deadlines, through the real scheduler and feed."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from phoihop.notifications.schedule import jobs
from phoihop.notifications.services import calendar_token_create
from phoihop.plans import services
from phoihop.programs.tests.factories import officer, plan_of, signed_program
from phoihop.tests.support import acting_of

pytestmark = pytest.mark.django_db


def test_plans_and_programs_jobs_are_scheduled():
    names = {job.name for job in jobs()}
    assert {"plans.deadline_reminders", "plans.occurrences_extend", "programs.expire"} <= names


def test_deadlines_appear_in_the_private_calendar_feed(demo):
    year = timezone.localdate().year
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh], on=dt.date(2026, 1, 5))
    plan = plan_of(program, user, year=year)
    hdnd = officer(demo.hdnd_kh)
    deadline = timezone.localdate() + dt.timedelta(days=10)
    if deadline.year != year:
        deadline = dt.date(year, 12, 31)
    task = services.task_create(
        acting=acting_of(user),
        plan=plan,
        title="Tuyên truyền kỳ họp cuối năm",
        lead=demo.hdnd_kh,
        content=program.contents.first(),
        deadline=deadline,
        assignees=[hdnd],
    )
    raw, _ = calendar_token_create(acting=acting_of(hdnd))
    response = Client().get(f"/notifications/calendar/{raw}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = [
        e for e in Calendar.from_ical(response.content).walk("VEVENT") if str(e.get("uid")) == f"task-{task.pk}@phoihop"
    ]
    assert len(events) == 1 and events[0].decoded("dtstart") == deadline
    assert "Tuyên truyền kỳ họp cuối năm" in str(events[0].get("summary"))
