"""A user's private calendar feed (iCalendar): deadlines and events gathered from the apps that have them.

Registering a source — in the AppConfig.ready() of the app that owns the data::

    from django.apps import AppConfig


    class PlansConfig(AppConfig):
        name = "phoihop.plans"

        def ready(self):
            from phoihop.notifications.calendar_feed import calendar_source
            from phoihop.plans.selectors import deadline_events

            calendar_source(deadline_events)

where the source takes the user and returns CalendarEvents of what that user may see::

    from phoihop.notifications.calendar_feed import CalendarEvent

    def deadline_events(user):
        for task in Task.objects.filter(assignee=user, due_date__isnull=False, done_at__isnull=True):
            yield CalendarEvent(
                uid=f"plans-task-{task.pk}@phoihop",
                summary=f"Hạn: {task.title}",
                start=task.due_date,                # a date: an all-day event
                url=f"/plans/tasks/{task.pk}/",      # relative: made absolute with PHOIHOP_BASE_URL
            )

A source must be cheap (one or two queries: feeds are polled by calendar applications) and must scope
to the user itself — the feed is fetched without a session, the token stands for the user.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneStandard

if TYPE_CHECKING:
    from phoihop.accounts.models import User

logger = logging.getLogger("phoihop.calendar")

TZID = "Asia/Ho_Chi_Minh"
PRODID = "-//PhốiHợp//VI"


@dataclass(frozen=True)
class CalendarEvent:
    """One entry of the feed. `start` is a date (an all-day event) or an aware datetime; `end` likewise,
    optional — for dates it is the last day, included (without it the event lasts the day of `start`).
    `uid` must be stable and unique across the system. `url` may be relative to the site ("/plans/3/")."""

    uid: str
    summary: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    description: str = ""
    url: str = ""

    def __post_init__(self):
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime) and timezone.is_naive(value):
                raise ValueError(f"CalendarEvent.{name} must be a date or an aware datetime: {value!r}")
        if self.end is not None and isinstance(self.start, dt.datetime) != isinstance(self.end, dt.datetime):
            raise ValueError("CalendarEvent start and end must both be dates or both datetimes.")

    @property
    def is_all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


CalendarSource = Callable[["User"], Iterable[CalendarEvent]]
_SOURCES: list[CalendarSource] = []


def calendar_source(source: CalendarSource) -> CalendarSource:
    """Register `source(user) -> iterable of CalendarEvent`. Usable as a decorator; registering twice is harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def calendar_sources() -> list[CalendarSource]:
    return list(_SOURCES)


def events_for(user: User) -> list[CalendarEvent]:
    """Every source's events for `user`, by start. A failing source is logged and left out, not fatal."""
    events: list[CalendarEvent] = []
    for source in calendar_sources():
        try:
            events.extend(source(user))
        except Exception:
            logger.exception("calendar source %r failed for user %s", source, user.pk)
    return sorted(events, key=_sort_key)


def _sort_key(event: CalendarEvent) -> tuple:
    start = event.start
    if isinstance(start, dt.datetime):
        return (timezone.localtime(start).date(), 1, timezone.localtime(start).time(), event.uid)
    return (start, 0, dt.time(), event.uid)


def _absolute(url: str) -> str:
    if url.startswith("/") and not url.startswith("//"):
        return settings.PHOIHOP_BASE_URL + url
    return url if url.startswith(("http://", "https://")) else ""


def vtimezone() -> Timezone:
    """Asia/Ho_Chi_Minh: UTC+07:00 all year, no daylight saving time (since 1975)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", dt.timedelta(hours=7))
    standard.add("tzoffsetto", dt.timedelta(hours=7))
    standard.add("tzname", "+07")
    tz.add_component(standard)
    return tz


def build_calendar(*, name: str, events: Iterable[CalendarEvent], now: dt.datetime | None = None) -> bytes:
    """The VCALENDAR text of `events`: all-day events for dates, local times with a VTIMEZONE otherwise."""
    now = now or timezone.now()
    local_tz = zoneinfo.ZoneInfo(TZID)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    events = list(events)
    if any(not e.is_all_day for e in events):
        cal.add_component(vtimezone())
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    for e in events:
        vevent = Event()
        vevent.add("uid", e.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("summary", e.summary)
        if e.is_all_day:
            vevent.add("dtstart", e.start)
            last = max(e.end, e.start) if e.end is not None else e.start
            vevent.add("dtend", last + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        else:
            vevent.add("dtstart", e.start.astimezone(local_tz).replace(microsecond=0))
            if e.end is not None:
                vevent.add("dtend", e.end.astimezone(local_tz).replace(microsecond=0))
        if e.description:
            vevent.add("description", e.description)
        if url := _absolute(e.url):
            vevent.add("url", url)
        cal.add_component(vevent)
    return cal.to_ical()
