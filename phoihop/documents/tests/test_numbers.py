"""Number registers: State numbering restarts each year, Party numbering runs over the term; never twice."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

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
            close_old_connections()

    threads = [threading.Thread(target=take) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sorted(results) == list(range(1, 21)), (connection.vendor, sorted(results))
    assert IssuedNumber.objects.filter(register__organization=org, register__doc_type="QĐ").count() == 20
