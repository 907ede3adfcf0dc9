from ninja import Router

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error
from phoihop.documents import selectors
from phoihop.documents.views import attachment_response

router = Router(tags=["Tệp đính kèm"])


@router.get("/{attachment_id}", response={404: Error}, summary="Tải tệp đính kèm")
def attachment_download(request, attachment_id: str):
    """The file itself (Content-Disposition: attachment); 404 unless the caller may see its owner."""
    attachment = selectors.attachment_get(acting=acting_for(request), attachment_id=attachment_id)
    return attachment_response(attachment)
