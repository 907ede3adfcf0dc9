"""The audit log: append-only, and every write of every service leaves a row."""

import pytest
from django.db import DatabaseError, connection, transaction

from phoihop.accounts import services as accounts
from phoihop.accounts.models import Role
from phoihop.core.audit import audit_record
from phoihop.core.models import AuditEvent
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db


def test_the_application_cannot_change_or_delete_an_event(demo):
    event = audit_record(acting=None, action="test.event")
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_bulk_changes_are_refused_too(demo):
    event = audit_record(acting=None, action="test.event")
    with pytest.raises(RuntimeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(RuntimeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="test.event").exists()


def test_the_database_refuses_updates(demo):
    event = audit_record(acting=None, action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'changed' WHERE id = %s", [event.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT action FROM core_auditevent WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] == "test.event"


def test_every_account_service_write_is_audited(demo):
    admin = make_user(superuser=True)
    acting = acting_of(admin)
    org = demo.ubnd_pb
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    user = accounts.user_create(
        acting=acting,
        username="viet.test",
        full_name="Nguyễn Văn Việt",
        email="v@example.vn",
        password="Mật khẩu dài 2026!",
    )
    accounts.user_update(acting=acting, user=user, job_title="Chuyên viên")
    accounts.user_set_password(acting=acting, user=user, password="Mật khẩu mới 2026!")
    accounts.user_unlock(acting=acting, user=user)
    m = accounts.membership_add(acting=acting, user=user, organization=org, role=Role.OFFICER)
    accounts.membership_update(acting=acting, membership=m, role=Role.LEADER)
    _raw, token = accounts.token_create(acting=acting_of(user))
    accounts.token_revoke(acting=acting_of(user), token=token)
    accounts.acting_switch(acting=acting_of(user), org_id=org.pk)
    accounts.membership_remove(acting=acting, membership=m)
    actions = list(AuditEvent.objects.filter(id__gt=start).order_by("id").values_list("action", flat=True))
    assert actions == [
        "user.create",
        "user.update",
        "user.set_password",
        "user.unlock",
        "membership.add",
        "membership.update",
        "auth.token_create",
        "auth.token_revoke",
        "auth.switch_org",
        "membership.remove",
    ]
    update = AuditEvent.objects.get(id__gt=start, action="membership.update")
    assert update.before["role"] == "officer" and update.after["role"] == "leader"
    created = AuditEvent.objects.get(id__gt=start, action="user.create")
    assert "password" not in created.after and created.actor == admin


def test_viewing_a_users_contact_details_is_audited(demo):
    leader = make_user(org=demo.btg_pb, role=Role.LEADER)
    colleague = make_user(org=demo.btg_pb, role=Role.OFFICER)
    accounts.user_contact_view(acting=acting_of(leader), user_id=colleague.pk)
    event = AuditEvent.objects.get(action="user.view", object_id=str(colleague.pk))
    assert event.kind == "view" and event.actor == leader and event.organization_id == demo.btg_pb.pk
    # looking at oneself is not a view of someone else's data
    accounts.user_contact_view(acting=acting_of(colleague), user_id=colleague.pk)
    assert not AuditEvent.objects.filter(action="user.view", actor=colleague).exists()


def test_actions_are_recorded_for_the_organisation_acted_for(demo):
    user = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    accounts.membership_add(acting=None, user=user, organization=demo.ubnd_pb, role=Role.ORG_ADMIN)
    from phoihop.orgs.services import org_update

    org_update(acting=acting_of(user, demo.ubnd_pb), org=demo.ubnd_pb, phone="1")
    org_update(acting=acting_of(user, demo.btg_pb), org=demo.btg_pb, phone="2")
    events = dict(
        AuditEvent.objects.filter(action="org.update", actor=user).values_list("object_id", "organization_id")
    )
    assert events == {str(demo.ubnd_pb.pk): demo.ubnd_pb.pk, str(demo.btg_pb.pk): demo.btg_pb.pk}


def test_org_admin_sees_the_log_of_its_org_only(demo):
    from phoihop.core.selectors import audit_list

    admin_pb = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    admin_kh = make_user(org=demo.hdnd_kh, role=Role.ORG_ADMIN)
    from phoihop.orgs.services import org_update

    org_update(acting=acting_of(admin_kh), org=demo.hdnd_kh, phone="9")
    seen_by_pb = audit_list(acting=acting_of(admin_pb))
    assert not seen_by_pb.filter(organization=demo.hdnd_kh).exists()
    assert audit_list(acting=acting_of(admin_kh)).filter(action="org.update").exists()
