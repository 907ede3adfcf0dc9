from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from phoihop.core.errors import NotFound
from phoihop.core.web import paginate, query_without_page, render_page, submit
from phoihop.notifications import calendar_feed, selectors, services
from phoihop.notifications.forms import PreferenceForm


def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notification_list(acting=request.acting, unread=unread_only)
    context = {"page": paginate(request, qs), "unread_only": unread_only, "query": query_without_page(request)}
    return render_page(request, "notifications/list.html", context, partial="results")


@require_POST
def notification_read(request, notification_id):
    acting = request.acting
    notification = selectors.notification_get(acting=acting, notification_id=notification_id)
    services.notification_mark_read(acting=acting, notification=notification)
    if request.htmx:
        context = {"n": notification, "unread": selectors.unread_count(user=acting.user)}
        return render(request, "notifications/list.html#read", context)
    return redirect("notifications:list")


@require_safe
def notification_open(request, notification_id):
    """Follow a notification's link; opening it marks it read."""
    acting = request.acting
    notification = selectors.notification_get(acting=acting, notification_id=notification_id)
    services.notification_mark_read(acting=acting, notification=notification)
    site = {request.get_host(), urlsplit(settings.PHOIHOP_BASE_URL).netloc}
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=site):
        return redirect(notification.url)
    return redirect("notifications:list")  # a link outside the site is shown on the list, not followed blindly


@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(acting=request.acting)
    messages.success(request, _("Đã đánh dấu {n} thông báo là đã đọc.").format(n=count))
    return redirect("notifications:list")


def _preferences_page(request, form, *, status=200, feed_url=None):
    acting = request.acting
    context = {"form": form, "calendar_token": selectors.calendar_token_active(acting=acting), "feed_url": feed_url}
    return render(request, "notifications/preferences.html", context, status=status)


def preferences(request):
    acting = request.acting
    pref = selectors.preference_get(acting=acting)
    form = PreferenceForm(
        request.POST or None, initial={"email_mode": pref.email_mode, "digest_hour": pref.digest_hour}
    )
    outcome = submit(request, form, lambda d: services.preference_update(acting=acting, **d))
    if outcome.ok:
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:preferences")
    return _preferences_page(request, form, status=outcome.status)


@require_POST
def calendar_create(request):
    """A new private feed address, shown once on the page (the previous address stops working)."""
    acting = request.acting
    raw, _token = services.calendar_token_create(acting=acting)
    pref = selectors.preference_get(acting=acting)
    form = PreferenceForm(initial={"email_mode": pref.email_mode, "digest_hour": pref.digest_hour})
    feed_url = settings.PHOIHOP_BASE_URL + reverse("notifications:calendar_feed", args=[raw])
    return _preferences_page(request, form, feed_url=feed_url)


@require_POST
def calendar_revoke(request):
    if services.calendar_token_revoke(acting=request.acting):
        messages.success(request, _("Đã thu hồi đường dẫn lịch; ứng dụng lịch sẽ không cập nhật được nữa."))
    return redirect("notifications:preferences")


@login_not_required
@require_safe
def calendar_feed_view(request, token):
    """The private iCalendar feed: the secret token in the address stands for the user."""
    user = services.calendar_token_use(raw=token)
    if user is None:
        raise NotFound()
    events = calendar_feed.events_for(user)
    name = _("PhốiHợp — lịch của {name}").format(name=user.full_name or user.username)
    response = HttpResponse(
        calendar_feed.build_calendar(name=name, events=events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="phoihop.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
