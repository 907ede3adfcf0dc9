"""The HTTP API under /api/v1/: router assembly, authentication and error format only."""

from django.http import JsonResponse
from ninja import NinjaAPI

from phoihop.accounts.api import auth_router
from phoihop.accounts.api import router as accounts_router
from phoihop.api import errors
from phoihop.api.auth import AUTH
from phoihop.commendations.api import router as commendations_router
from phoihop.concerns.api import router as concerns_router
from phoihop.core.api import router as audit_router
from phoihop.dashboard.api import router as dashboard_router
from phoihop.documents.api import router as documents_router
from phoihop.exchanges.api import router as exchanges_router
from phoihop.geo.api import router as geo_router
from phoihop.hotspots.api import router as hotspots_router
from phoihop.meetings.api import router as meetings_router
from phoihop.notifications.api import router as notifications_router
from phoihop.opinions.api import router as opinions_router
from phoihop.orgs.api import router as orgs_router
from phoihop.plans.api import router as plans_router
from phoihop.programs.api import router as programs_router
from phoihop.reports.api import router as reports_router

api = NinjaAPI(
    title="PhốiHợp API",
    version="1",
    description=(
        "API của PhốiHợp. Xác thực bằng `Authorization: Bearer <mã>` (lấy tại `POST /api/v1/auth/token`) "
        "hoặc phiên đăng nhập trên web. Cơ quan nhân danh chọn bằng tiêu đề `X-Acting-Org: <id>`. "
        "Lỗi trả về JSON `{code, message}` với thông báo tiếng Việt; đối tượng không có quyền xem trả về 404."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=AUTH,
)
errors.install(api)
api.add_router("/auth", auth_router)
api.add_router("/", accounts_router)
api.add_router("/units", geo_router)
api.add_router("/orgs", orgs_router)
api.add_router("/audit", audit_router)
api.add_router("/files", documents_router)
api.add_router("/notifications", notifications_router)
api.add_router("/", programs_router)
api.add_router("/", plans_router)
api.add_router("/", concerns_router)
api.add_router("/hotspots", hotspots_router)
api.add_router("/exchanges", exchanges_router)
api.add_router("/opinion", opinions_router)
api.add_router("/meetings", meetings_router)
api.add_router("/", reports_router)
api.add_router("/commendations", commendations_router)
api.add_router("/dashboard", dashboard_router)


def not_found(request, rest=""):
    return JsonResponse({"code": "not_found", "message": "Không có địa chỉ API này."}, status=404)
