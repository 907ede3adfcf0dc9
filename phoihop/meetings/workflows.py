"""Meeting statuses as data: action → (label, from, to)."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from phoihop.meetings.models import MeetingStatus as S


class Transition(NamedTuple):
    label: str
    sources: tuple[str, ...]
    target: str


TRANSITIONS = {
    "hold": Transition(_("Ghi nhận đã họp"), (S.PLANNED,), S.HELD),
    "cancel": Transition(_("Hủy cuộc họp"), (S.PLANNED,), S.CANCELLED),
    "reopen": Transition(_("Khôi phục cuộc họp"), (S.CANCELLED,), S.PLANNED),
}
