from urllib.parse import quote

from django.http import FileResponse

from phoihop.documents.selectors import attachment_get


def attachment_download(request, attachment_id):
    """The file, to whoever may see the record it belongs to (404 otherwise, like a missing file)."""
    attachment = attachment_get(acting=request.acting, attachment_id=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    ascii_name = (
        attachment.original_name.encode("ascii", "ignore").decode() or f"tep.{attachment.file.name.rsplit('.', 1)[-1]}"
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name.replace(chr(34), '')}\"; filename*=UTF-8''{quote(attachment.original_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
