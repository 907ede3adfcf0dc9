"""The demo information supply: monthly requests with supplies on time, late and missing, one per-incident
request, one quick report about a demo concern; a second load creates nothing."""

import pytest
from django.utils import timezone

from phoihop.exchanges import selectors
from phoihop.exchanges.demo import MONTHLY, demo_exchanges_load
from phoihop.exchanges.models import InfoObligation, InfoRequest, QuickReport
from phoihop.tests.support import acting_of

pytestmark = pytest.mark.django_db


def test_demo_requests_and_their_outcomes(demo):
    for _requester, asked, subject, *_ in MONTHLY:
        request = InfoRequest.objects.get(subject=subject)
        assert request.kind == "periodic" and request.frequency == "monthly"
        assert request.asked_rows.count() == len(asked)
    # the 2022-2023 plans' monthly exchange: 24 months for each of the two asked bodies, every outcome
    history = InfoObligation.objects.filter(request__starts_on__year=2022, request__ends_on__year=2023)
    assert history.count() == 48 and {o.period[:4] for o in history} == {"2022", "2023"}
    now = timezone.now()
    for outcome in ("on_time", "late", "missing"):
        assert history.filter(selectors.outcome_q(outcome, now)).exists(), outcome
    assert InfoRequest.objects.filter(kind="incident", subject__startswith="Thông tin vụ sạt lở bờ biển").exists()
    now = timezone.now()
    past = InfoObligation.objects.filter(request__subject__in=[m[2] for m in MONTHLY], due_at__lt=now)
    if timezone.localdate().month > 2:  # enough past months for every kind of outcome
        assert past.filter(selectors.outcome_q("on_time", now)).exists()
        assert past.filter(selectors.outcome_q("late", now)).exists()
        assert past.filter(selectors.outcome_q("missing", now)).exists()
    for o in past.exclude(supplied_at=None):
        assert o.supplies.filter(at=o.supplied_at).exists()  # backdated together


def test_demo_quick_report_is_about_a_demo_concern(demo):
    report = QuickReport.objects.get(subject__startswith="Báo cáo nhanh: người dân tập trung")
    assert report.concern is not None and report.concern.source_ref.startswith("DEMO-")
    assert list(report.recipients.all()) == [demo.btg_pb]


def test_the_lead_department_sees_its_counterparts_statistics(demo):
    officer = demo.user("btg.khanhhoa")
    stats = selectors.supply_statistics(acting=acting_of(officer, demo.btg_kh), requester_id=demo.btg_kh.pk)
    assert {s.organization for s in stats} >= {demo.hdnd_kh.name, "Ủy ban nhân dân tỉnh Khánh Hòa"}


def test_a_second_load_creates_nothing(demo):
    before = (InfoRequest.objects.count(), InfoObligation.objects.count(), QuickReport.objects.count())
    assert demo_exchanges_load() == {"requests": 0, "obligations": 0, "supplies": 0, "quick_reports": 0}
    assert (InfoRequest.objects.count(), InfoObligation.objects.count(), QuickReport.objects.count()) == before
