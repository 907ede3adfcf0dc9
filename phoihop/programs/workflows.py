"""Program status transitions as data."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from phoihop.programs.models import ProgramStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("circulate", _("Gửi lấy ý kiến các bên"), (S.DRAFT,), S.CIRCULATING),
        Transition("recall", _("Rút về dự thảo"), (S.CIRCULATING,), S.DRAFT),
        Transition("sign", _("Ghi nhận ký kết"), (S.DRAFT, S.CIRCULATING), S.EFFECTIVE),
        Transition("end", _("Kết thúc theo thời hạn"), (S.EFFECTIVE,), S.ENDED),
        Transition("terminate", _("Chấm dứt"), (S.EFFECTIVE,), S.TERMINATED, needs_reason=True),
        Transition("supersede", _("Thay thế bằng chương trình mới"), (S.EFFECTIVE,), S.SUPERSEDED, needs_reason=True),
    ]
}
