"""Downloading an attachment: served only to those who may see the record it belongs to."""

from urllib.parse import quote

from django.http import FileResponse
from django.views.decorators.http import require_GET

from phoihop.core.errors import NotFound
from phoihop.core.text import fold
from phoihop.documents import selectors
from phoihop.documents.models import Attachment


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the real name in RFC 5987 form (filename*)."""
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in fold(filename))
    ascii_name = ascii_name.replace(" ", "-") or "tep-dinh-kem"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise NotFound("Tệp không còn trên máy chủ.") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.download_name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def attachment_download(request, attachment_id):
    attachment = selectors.attachment_get(acting=request.acting, attachment_id=attachment_id)
    return attachment_response(attachment)
