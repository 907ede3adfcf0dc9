"""Parallel intake: tracking codes never repeat, and a repeated Idempotency-Key creates one concern."""

import threading

import pytest
from django.db import connection, connections

from phoihop.concerns import services
from phoihop.concerns.models import Concern, IntakeKey
from phoihop.concerns.tests.factories import concern_data
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _parallel(n: int, work) -> list:
    results, errors = [], []
    barrier = threading.Barrier(n)

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as e:  # collected for the assertion below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, (connection.vendor, errors)
    return results


def test_twenty_parallel_intakes_get_twenty_tracking_codes(demo):
    user = make_user(org=demo.btg_kh)

    def work(i):
        concern, _ = services.concern_intake(
            acting=acting_of(user, demo.btg_kh), data=concern_data(title=f"Song song {i}")
        )
        return concern.tracking_code

    codes = _parallel(20, work)
    assert len(set(codes)) == 20
    assert Concern.objects.filter(title__startswith="Song song").count() == 20


def test_parallel_repeats_of_one_idempotency_key_create_one_concern(demo):
    user = make_user(org=demo.btg_kh)

    def work(i):
        concern, _ = services.concern_intake(
            acting=acting_of(user, demo.btg_kh),
            data=concern_data(title="Một lần thôi"),
            idempotency_key="same",
            source="api",
        )
        return concern.pk

    ids = _parallel(10, work)
    assert len(set(ids)) == 1
    assert Concern.objects.filter(title="Một lần thôi").count() == 1
    assert IntakeKey.objects.filter(key="same").count() == 1
