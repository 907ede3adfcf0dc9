"""Number registers: State numbering restarts each year, Party numbering runs over the term; never twice."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from phoihop.core.errors import ValidationFailed
from phoihop.documents.models import IssuedNumber
from phoihop.documents.services import number_issue, number_line

pytestmark = pytest.mark.django_db


def test_state_profile_numbers_per_calendar_year(demo):
    ubnd = demo.ubnd_pb
    first = number_issue(acting=None, organization=ubnd, doc_type="KH", on=dt.date(2023, 3, 1))
    second = number_issue(
        acting=None, organization=ubnd, doc_type="KH", on=dt.date(2023, 12, 30), joint_symbols=["BTGHU"]
    )
    next_year = number_issue(acting=None, organization=ubnd, doc_type="KH", on=dt.date(2024, 1, 2))
    assert number_line(first) == "Số: 01/KH-UBND"
    assert number_line(second) == "Số: 02/KH-UBND-BTGHU"
    assert number_line(next_year) == "Số: 01/KH-UBND"
    # another document type has its own sequence
    assert (
        number_line(number_issue(acting=None, organization=ubnd, doc_type="BC", on=dt.date(2023, 5, 1)))
        == "Số: 01/BC-UBND"
    )


def test_party_profile_numbers_over_the_term(demo):
    btg = demo.btg_tn
    a = number_issue(acting=None, organization=btg, doc_type="CV", on=dt.date(2021, 3, 1))
    b = number_issue(acting=None, organization=btg, doc_type="CV", on=dt.date(2022, 3, 1))  # same term, next year
    c = number_issue(acting=None, organization=btg, doc_type="CV", on=dt.date(2025, 10, 15))  # new term
    assert [number_line(x) for x in (a, b, c)] == ["Số 01-CV/BTGTU", "Số 02-CV/BTGTU", "Số 01-CV/BTGTU"]


def test_numbers_from_ten_are_not_padded(demo):
    for _ in range(9):
        number_issue(acting=None, organization=demo.ubnd_pb, doc_type="TB", on=dt.date(2023, 6, 1))
    assert (
        number_issue(acting=None, organization=demo.ubnd_pb, doc_type="TB", on=dt.date(2023, 6, 1)).symbol
        == "10/TB-UBND"
    )


def test_a_party_date_outside_every_term_is_refused(demo):
    with pytest.raises(ValidationFailed):
        number_issue(acting=None, organization=demo.btg_tn, doc_type="CV", on=dt.date(2010, 1, 1))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_requests_never_share_a_number(base_data):
    """On PostgreSQL many workers take numbers at once; on SQLite writers queue (BEGIN IMMEDIATE)."""
    from phoihop.orgs.models import Organization

    org = Organization.objects.get(name="Ủy ban nhân dân huyện Phú Bình")
    results, errors = [], []
    barrier = threading.Barrier(20)

    def take():
        try:
            barrier.wait()
            issued = number_issue(acting=None, organization=org, doc_type="QĐ", on=dt.date(2024, 5, 1))
            results.append(issued.number)
        except Exception as e:  # collected for the assertion below
            errors.append(e)
        finally:
            connections.close_all()  # this thread's connection; leaving it open blocks the test database's teardown

    threads = [threading.Thread(target=take) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(results) == list(range(1, 21)), (connection.vendor, sorted(results))
    assert IssuedNumber.objects.filter(register__organization=org, register__doc_type="QĐ").count() == 20


def test_party_joint_symbols_follow_the_issuer(demo):
    issued = number_issue(
        acting=None, organization=demo.btg_kh, doc_type="CTr", on=dt.date(2017, 1, 5), joint_symbols=["HĐND"]
    )
    assert issued.symbol == "01-CTr/BTGTU-HĐND" and number_line(issued) == "Số 01-CTr/BTGTU-HĐND"
    assert issued.register.period_key == "term-2015-2020" and issued.register.profile == "party"


def test_issue_is_audited_and_linked_to_its_object(demo):
    from phoihop.core.models import AuditEvent
    from phoihop.tests.support import acting_of, make_user

    officer = make_user(org=demo.hdnd_kh)
    issued = number_issue(
        acting=acting_of(officer, demo.hdnd_kh),
        organization=demo.hdnd_kh,
        doc_type="TB",
        on=dt.date(2023, 2, 1),
        obj=officer,
    )
    assert (issued.object_type, issued.object_id) == ("accounts.user", str(officer.pk))
    event = AuditEvent.objects.get(action="number.issue", object_id=str(issued.pk))
    assert event.actor == officer and event.organization == demo.hdnd_kh and event.after["symbol"] == "01/TB-HĐND"


def test_only_members_issue_numbers_for_an_organisation(demo):
    from phoihop.core.errors import NotFound
    from phoihop.tests.support import acting_of, make_user

    outsider = make_user(org=demo.ubnd_pb)
    with pytest.raises(NotFound):
        number_issue(acting=acting_of(outsider), organization=demo.hdnd_kh, doc_type="TB", on=dt.date(2023, 2, 1))
    assert not IssuedNumber.objects.filter(register__organization=demo.hdnd_kh).exists()


@pytest.mark.parametrize("doc_type", ["", "C Tr", "KH/BC", "-KH", "X" * 11, "K\x00H"])
def test_malformed_type_symbols_are_refused(demo, doc_type):
    with pytest.raises(ValidationFailed) as caught:
        number_issue(acting=None, organization=demo.ubnd_pb, doc_type=doc_type, on=dt.date(2023, 6, 1))
    assert caught.value.field == "doc_type"


def test_a_rolled_back_caller_leaves_no_gap(demo):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        number_issue(acting=None, organization=demo.ubnd_pb, doc_type="KH", on=dt.date(2023, 6, 1))
        raise RuntimeError("the program could not be signed")
    assert number_issue(acting=None, organization=demo.ubnd_pb, doc_type="KH", on=dt.date(2023, 6, 1)).number == 1


def test_terms_may_not_overlap(db):
    from django.core.exceptions import ValidationError

    from phoihop.documents.models import PartyTerm

    with pytest.raises(ValidationError):
        PartyTerm(name="Nhiệm kỳ thử", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2026, 1, 1)).full_clean()
    assert list(PartyTerm.objects.values_list("name", flat=True)) == [
        "Nhiệm kỳ 2015-2020",
        "Nhiệm kỳ 2020-2025",
        "Nhiệm kỳ 2025-2030",
    ]
