from django.core.exceptions import ValidationError
from django.db import models

from phoihop.core.errors import ValidationFailed


def validate_instance(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's own validation; raise ValidationFailed with the field messages."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as e:
        errors = e.message_dict if hasattr(e, "error_dict") else {"__all__": e.messages}
        first_field, first_msgs = next(iter(errors.items()))
        raise ValidationFailed(
            first_msgs[0], field=None if first_field == "__all__" else first_field, errors=errors
        ) from None


def check_version(obj: models.Model, version: int | None, fields_sent: dict) -> None:
    """Refuse an update made from a stale copy, naming the fields someone else changed."""
    from phoihop.core.errors import Conflict

    if version is None or int(version) == obj.version:
        return
    differing = {
        name: [f"Giá trị hiện tại: {getattr(obj, name)!s}"]
        for name in fields_sent
        if hasattr(obj, name) and getattr(obj, name) != fields_sent[name]
    }
    raise Conflict(
        f"Bản ghi đã được người khác sửa sau khi bạn mở nó (phiên bản {obj.version}, bạn đang sửa phiên bản {version}). "
        "Hãy xem các giá trị hiện tại và lưu lại.",
        errors=differing,
    )
