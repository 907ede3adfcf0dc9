"""Demo concerns: about 300 public concerns of Khánh Hòa and of the former Phú Bình district (Thái Nguyên)
received over the last 12 months, with their handling history, and one active hot spot (sand mining in
Xã Diên Điền over the last 10 days, on a quiet baseline).

Called at the end of core.demo.demo_load; idempotent: every demo concern carries a source reference
"DEMO-…" and a concern whose reference exists is skipped, so a second run creates nothing.

Everything goes through the services (intake, routing, refusal and re-routing, start, resolve, the
communication response, close, reject, escalate, merge, extra reports), acting as the demo officers of the
organisations; an organisation without a demo account acts as itself (recorded as "system" with that
organisation). The services stamp the time of the load; the history is then moved back in time to the
day each concern was received with queryset updates (received_at, tracking code of that day, reports,
status changes, routings, responses, deadlines, resolved/closed times). The audit log keeps the time of
the load. No grave concern (severity 3-4) or mass complaint is made, so the only hot spot is the trend.
See docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.acting import Acting
from phoihop.concerns import services
from phoihop.concerns.models import (
    CommunicationResponse,
    Concern,
    ConcernMerge,
    ConcernReport,
    ConcernRouting,
    ConcernStatusChange,
)
from phoihop.core.demo import demo_acting
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization

PREFIX = "DEMO-"
SEED = 238
DAYS = 365

ORG_NAMES = {
    "btg-kh": "Ban Tuyên giáo Tỉnh ủy Khánh Hòa",
    "hdnd-kh": "Thường trực Hội đồng nhân dân tỉnh Khánh Hòa",
    "ubnd-kh": "Ủy ban nhân dân tỉnh Khánh Hòa",
    "ubnd-p-ninhhoa": "Ủy ban nhân dân phường Ninh Hòa",
    "btg-tn": "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
    "btg-pb": "Ban Tuyên giáo Huyện ủy Phú Bình",
    "ubnd-pb": "Ủy ban nhân dân huyện Phú Bình",
    "tand-pb": "Tòa án nhân dân huyện Phú Bình",
    "bcd35-pb": "Ban Chỉ đạo 35 huyện Phú Bình",
}

KH_PLACES = [  # current communes and wards of Khánh Hòa (province 56), with how often they come up
    ("Phường Nha Trang", 6), ("Phường Bắc Nha Trang", 4), ("Phường Tây Nha Trang", 3), ("Phường Nam Nha Trang", 4),
    ("Phường Cam Ranh", 3), ("Phường Ba Ngòi", 2), ("Xã Cam Lâm", 4), ("Xã Cam Hiệp", 2), ("Xã Suối Dầu", 2),
    ("Xã Diên Khánh", 3), ("Xã Diên Lâm", 2), ("Phường Ninh Hòa", 4), ("Phường Đông Ninh Hòa", 2),
    ("Phường Hòa Thắng", 2), ("Xã Vạn Ninh", 3), ("Xã Vạn Thắng", 2), ("Xã Khánh Vĩnh", 2), ("Xã Khánh Sơn", 1),
    ("Phường Phan Rang", 3), ("Phường Đô Vinh", 1), ("Xã Ninh Phước", 2), ("Xã Thuận Nam", 1), ("Xã Ninh Hải", 1),
]  # fmt: skip
HOT_SPOT_PLACE = "Xã Diên Điền"  # the sand-mining cluster; nothing else about the environment there lately
PB_LEGACY_DISTRICT = "173"  # huyện Phú Bình before 2025; its communes' successors are the places below

# (key, topic, title, description, channels, areas); "{place}": "xã Cam Lâm", "{hamlet}": "thôn 3"/"xóm Đồng",
# "{project}": a project of the area; areas: "kh", "pb" or both
TEMPLATES = [
    ("thu-hoi", "dat-dai.thu-hoi", "Chậm chi trả tiền bồi thường {project} tại {place}",
     "Cử tri {hamlet} phản ánh đã bàn giao mặt bằng cho {project} từ nhiều tháng trước nhưng chưa nhận đủ tiền bồi "
     "thường, hỗ trợ; đề nghị sớm chi trả dứt điểm để người dân ổn định cuộc sống.", ["voter_meeting", "reception"], "kh pb"),
    ("gia-dat", "dat-dai.thu-hoi", "Đơn giá bồi thường đất nông nghiệp {project} chưa sát giá thị trường",
     "Nhiều hộ {hamlet}, {place} cho rằng đơn giá bồi thường đất trồng lúa, đất trồng cây lâu năm của {project} thấp "
     "hơn nhiều so với giá chuyển nhượng thực tế; đề nghị xem xét điều chỉnh.", ["voter_meeting", "petition"], "kh pb"),
    ("tai-dinh-cu", "dat-dai.thu-hoi", "Khu tái định cư {place} chậm hoàn thiện hạ tầng",
     "Các hộ nhận đất tái định cư của {project} phản ánh khu tái định cư chưa có đường nội bộ, điện, nước; người dân "
     "chưa thể xây nhà.", ["reception", "petition"], "kh pb"),
    ("gpmb", "dat-dai.gpmb", "Vướng mắc giải phóng mặt bằng {project} đoạn qua {hamlet}",
     "Một số hộ chưa đồng thuận với phương án bồi thường nên chưa bàn giao mặt bằng đoạn qua {hamlet}, {place}, làm "
     "chậm tiến độ thi công {project}.", ["sector", "voter_meeting"], "kh pb"),
    ("giay-chung-nhan", "dat-dai.giay-chung-nhan", "Chậm cấp giấy chứng nhận quyền sử dụng đất tại {place}",
     "Người dân {hamlet} nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu đã quá hạn giải quyết nhưng chưa "
     "nhận được kết quả, cũng không được thông báo lý do.", ["reception", "feedback"], "kh pb"),
    ("tranh-chap", "dat-dai.giay-chung-nhan", "Tranh chấp lối đi chung giữa các hộ tại {hamlet}",
     "Tranh chấp lối đi chung giữa một số hộ ở {hamlet}, {place} kéo dài, hòa giải ở cơ sở không thành; đề nghị cơ "
     "quan có thẩm quyền giải quyết dứt điểm.", ["complaint", "reception"], "kh pb"),
    ("o-nhiem-mui", "moi-truong.o-nhiem", "Mùi hôi từ cơ sở chế biến hải sản gây ô nhiễm tại {place}",
     "Người dân {hamlet} phản ánh cơ sở chế biến hải sản xả khí thải, nước thải gây mùi hôi nồng nặc, nhất là về "
     "đêm; đề nghị kiểm tra, xử lý.", ["voter_meeting", "hotline"], "kh"),
    ("o-nhiem-chan-nuoi", "moi-truong.o-nhiem", "Trang trại chăn nuôi heo gây ô nhiễm tại {hamlet}",
     "Trang trại chăn nuôi heo gần khu dân cư {hamlet}, {place} xả nước thải ra mương tưới, mùi hôi ảnh hưởng "
     "sinh hoạt của hàng chục hộ.", ["voter_meeting", "feedback"], "pb"),
    ("o-nhiem-kcn", "moi-truong.o-nhiem", "Bụi, tiếng ồn từ công trường {project} ảnh hưởng khu dân cư",
     "Xe chở vật liệu cho {project} chạy liên tục, không che chắn, gây bụi và tiếng ồn cho các hộ hai bên đường ở "
     "{place}.", ["voter_meeting", "social"], "kh pb"),
    ("rac", "moi-truong.rac-thai", "Rác thải tồn đọng nhiều ngày tại {hamlet}",
     "Rác sinh hoạt ở {hamlet}, {place} không được thu gom đúng lịch, tồn đọng nhiều ngày gây mùi hôi, ruồi nhặng.",
     ["hotline", "feedback"], "kh pb"),
    ("sat-lo", "moi-truong.khai-thac-cat", "Sạt lở bờ biển uy hiếp nhà dân tại {place}",
     "Triều cường và sóng lớn làm sạt lở bờ biển đoạn qua {hamlet}, nhiều nhà dân sát mép nước có nguy cơ bị cuốn "
     "trôi; đề nghị sớm có kè chắn sóng.", ["voter_meeting", "press"], "kh"),
    ("gia-dien", "gia-ca.hang-hoa", "Hóa đơn tiền điện tăng cao bất thường tại {place}",
     "Nhiều hộ {hamlet} phản ánh tiền điện tháng này tăng gần gấp đôi trong khi mức sử dụng không thay đổi; đề nghị "
     "ngành điện kiểm tra công tơ và giải thích.", ["voter_meeting", "hotline"], "kh pb"),
    ("gia-vat-tu", "gia-ca.hang-hoa", "Giá phân bón, thức ăn chăn nuôi tăng, nông dân thua lỗ",
     "Cử tri {place} phản ánh giá phân bón, thức ăn chăn nuôi tăng trong khi giá lúa, giá heo hơi giảm; đề nghị có "
     "chính sách hỗ trợ người sản xuất.", ["voter_meeting", "front"], "pb"),
    ("viec-lam", "gia-ca.viec-lam", "Lao động nông thôn thiếu việc làm sau thu hồi đất",
     "Nhiều lao động {hamlet}, {place} bị thu hồi đất sản xuất chưa được đào tạo nghề, chưa tìm được việc làm ổn "
     "định.", ["voter_meeting", "front"], "kh pb"),
    ("tro-cap", "an-sinh.chinh-sach", "Chậm chi trả trợ cấp xã hội sau sắp xếp đơn vị hành chính",
     "Người cao tuổi, người khuyết tật {place} phản ánh trợ cấp xã hội hằng tháng bị chậm do thay đổi danh sách "
     "sau sắp xếp.", ["voter_meeting", "front"], "kh pb"),
    ("bhyt", "an-sinh.bao-hiem", "Khó khăn khi khám chữa bệnh bảo hiểm y tế trái tuyến",
     "Người dân {place} phản ánh khi lên tuyến trên khám chữa bệnh vẫn phải làm nhiều thủ tục, chi phí cùng chi trả "
     "cao.", ["voter_meeting"], "kh pb"),
    ("tram-y-te", "y-te.kham-chua-benh", "Trạm y tế {place} thiếu thuốc, thiếu bác sĩ",
     "Trạm y tế {place} thường xuyên thiếu thuốc trong danh mục bảo hiểm y tế, chỉ có một bác sĩ làm việc không "
     "thường xuyên.", ["voter_meeting", "feedback"], "kh pb"),
    ("sot-xuat-huyet", "y-te.dich-benh", "Sốt xuất huyết gia tăng tại {hamlet}",
     "Nhiều ca sốt xuất huyết xuất hiện ở {hamlet}, {place}; người dân đề nghị phun thuốc diệt muỗi và vệ sinh môi "
     "trường.", ["hotline", "collaborator"], "kh"),
    ("truong-xuong-cap", "giao-duc.co-so-vat-chat", "Phòng học Trường Tiểu học {short} xuống cấp, thấm dột",
     "Nhiều phòng học của Trường Tiểu học {short} ({place}) thấm dột khi mưa, trần nhà bong tróc, bàn ghế hư hỏng; "
     "phụ huynh lo lắng cho an toàn của học sinh.", ["voter_meeting", "press"], "kh pb"),
    ("thieu-phong-hoc", "giao-duc.co-so-vat-chat", "Thiếu phòng học, học sinh Trường THCS {short} học hai ca",
     "Số học sinh tăng sau khi sáp nhập điểm trường, Trường THCS {short} thiếu phòng học, nhiều lớp phải học hai "
     "ca.", ["voter_meeting"], "kh pb"),
    ("khoan-thu", "giao-duc.khoan-thu", "Phụ huynh phản ánh nhiều khoản thu đầu năm học tại {place}",
     "Phụ huynh một số trường trên địa bàn {place} phản ánh các khoản thu, vận động đầu năm học cao, chưa đúng "
     "hướng dẫn.", ["feedback", "social"], "kh pb"),
    ("lua-dao-cong-an", "an-ninh.lua-dao", "Lừa đảo qua điện thoại giả danh công an, cơ quan thuế",
     "Người dân {place} liên tiếp nhận cuộc gọi giả danh công an, cơ quan thuế yêu cầu cài ứng dụng lạ để cập "
     "nhật định danh điện tử; đã có người bị chiếm đoạt tiền trong tài khoản.", ["collaborator", "voter_meeting"], "kh pb"),
    ("lua-dao-viec-nhe", "an-ninh.lua-dao", "Lừa đảo tuyển cộng tác viên làm việc nhẹ lương cao",
     "Một số người ở {hamlet}, {place} bị dụ làm nhiệm vụ cộng tác viên bán hàng trực tuyến, nộp tiền đặt cọc rồi "
     "bị chiếm đoạt.", ["collaborator", "social"], "kh pb"),
    ("tin-dung-den", "an-ninh.tin-dung-den", "Tờ rơi cho vay tiền nhanh, lãi cao dán khắp {place}",
     "Tờ rơi cho vay tiền không cần thế chấp dán trên cột điện, tường nhà ở {place}; một số hộ vay phải trả lãi "
     "rất cao và bị đe dọa.", ["collaborator", "voter_meeting"], "kh pb"),
    ("duong-ngap", "ha-tang.dien-nuoc", "Đường ngập sâu mỗi khi mưa lớn tại {place}",
     "Mỗi khi mưa lớn, tuyến đường qua {hamlet} ngập sâu nửa mét, hệ thống thoát nước bị bồi lấp; học sinh, người "
     "dân đi lại khó khăn.", ["voter_meeting", "hotline"], "kh pb"),
    ("nuoc-sach", "ha-tang.dien-nuoc", "Thiếu nước sinh hoạt mùa khô tại {hamlet}",
     "Mùa khô, nhiều hộ {hamlet}, {place} thiếu nước sinh hoạt, nước giếng nhiễm phèn; đề nghị mở rộng mạng lưới "
     "cấp nước sạch.", ["voter_meeting"], "kh pb"),
    ("duong-hu", "ha-tang.giao-thong", "Đường liên xã qua {hamlet} hư hỏng nặng",
     "Tuyến đường liên xã qua {hamlet}, {place} xuống cấp, nhiều ổ gà lớn, xe tải chở vật liệu {project} đi lại "
     "làm đường hư hỏng thêm.", ["voter_meeting", "feedback"], "kh pb"),
    ("via-he", "do-thi.via-he", "Hàng quán lấn chiếm vỉa hè quanh chợ {short}",
     "Hàng quán, bãi giữ xe lấn chiếm vỉa hè, lòng đường quanh chợ {short}, gây ùn tắc giờ cao điểm.",
     ["hotline", "feedback"], "kh"),
    ("xay-dung", "do-thi.xay-dung", "Xây dựng nhà trái phép trên đất nông nghiệp tại {hamlet}",
     "Một số hộ ở {hamlet}, {place} xây nhà kiên cố trên đất nông nghiệp, chưa được xử lý dứt điểm.",
     ["collaborator", "feedback"], "kh pb"),
    ("thu-tuc", "can-bo.nhung-nhieu", "Người dân đi lại nhiều lần khi làm thủ tục tại Trung tâm phục vụ hành chính công",
     "Người dân {place} phản ánh phải đi lại nhiều lần để bổ sung giấy tờ khi làm thủ tục đất đai, hộ tịch; hướng "
     "dẫn chưa rõ ràng, một lần.", ["reception", "feedback"], "kh pb"),
    ("tru-so", "sap-xep.tru-so", "Trụ sở {place} sau sắp xếp ở xa, người dân đi lại khó khăn",
     "Sau sắp xếp đơn vị hành chính, trụ sở {place} đặt tại xã cũ ở xa; người dân {hamlet} phải đi hơn 15 km để làm "
     "thủ tục; đề nghị bố trí điểm tiếp nhận hồ sơ gần dân.", ["voter_meeting", "front"], "kh pb"),
    ("giay-to", "sap-xep.giay-to", "Lúng túng điều chỉnh địa chỉ trên giấy tờ sau sắp xếp",
     "Người dân {place} chưa rõ có phải đổi căn cước, giấy chứng nhận quyền sử dụng đất, giấy đăng ký xe khi địa chỉ "
     "thay đổi sau sắp xếp đơn vị hành chính; đề nghị hướng dẫn cụ thể.", ["voter_meeting", "reception"], "kh pb"),
    ("can-bo-sap-xep", "sap-xep.can-bo", "Chế độ cho cán bộ không chuyên trách nghỉ việc sau sắp xếp",
     "Cán bộ không chuyên trách ở {place} nghỉ việc sau sắp xếp phản ánh chưa nhận được chế độ hỗ trợ theo quy định.",
     ["petition", "voter_meeting"], "kh pb"),
    ("tin-don-sap-xep", "thong-tin-sai.mang-xa-hoi", "Tin đồn trên mạng về việc di dời trụ sở {place}",
     "Một số tài khoản mạng xã hội đăng tin trụ sở {place} sẽ chuyển đi nơi khác và dừng giải quyết thủ tục, gây "
     "hoang mang trong Nhân dân; đề nghị cung cấp thông tin chính thức.", ["social", "collaborator"], "kh pb"),
]  # fmt: skip
HAMLETS = {
    "kh": ["thôn 1", "thôn 2", "thôn 3", "thôn Đông", "thôn Tây", "tổ dân phố 4", "tổ dân phố 7", "khu phố Hòa Tây"],
    "pb": ["xóm Đồng", "xóm Chùa", "xóm Giữa", "xóm Trại", "xóm Bến", "xóm Hanh", "xóm Cầu", "tổ dân phố Hương Sơn"],
}
PROJECTS = {
    "kh": ["dự án đường ven biển", "dự án cao tốc Vân Phong - Nha Trang", "dự án khu tái định cư",
           "dự án mở rộng quốc lộ 27C", "dự án hồ chứa nước"],
    "pb": ["dự án khu công nghiệp", "dự án đường vành đai", "dự án cụm công nghiệp", "dự án khu dân cư",
           "dự án mở rộng quốc lộ 37"],
}  # fmt: skip
RESULTS = {  # topic group → (result, public answer)
    "dat-dai": ("Đã rà soát hồ sơ bồi thường, chi trả phần còn lại cho các hộ; phần chưa thống nhất được hướng dẫn "
                "khiếu nại theo quy định.",
                "UBND đã chỉ đạo rà soát, chi trả tiền bồi thường, hỗ trợ cho các hộ đủ điều kiện; trường hợp chưa "
                "đồng ý với phương án được hướng dẫn thực hiện quyền khiếu nại."),
    "moi-truong": ("Đã kiểm tra, lập biên bản, xử phạt vi phạm hành chính và yêu cầu khắc phục.",
                   "Cơ quan chức năng đã kiểm tra, xử phạt cơ sở vi phạm và giám sát việc khắc phục; người dân tiếp "
                   "tục phản ánh qua đường dây nóng nếu tái diễn."),
    "gia-ca": ("Đã phối hợp đơn vị liên quan kiểm tra, giải thích cho người dân.",
               "Đơn vị liên quan đã kiểm tra và giải thích nguyên nhân; các trường hợp sai sót đã được điều chỉnh."),
    "an-sinh": ("Đã rà soát danh sách, chi trả bổ sung cho các đối tượng.",
                "Đã chi trả bổ sung đầy đủ cho các đối tượng; danh sách được niêm yết công khai tại trụ sở."),
    "y-te": ("Đã bổ sung thuốc, tăng cường nhân lực và phun hóa chất.",
             "Ngành y tế đã bổ sung thuốc, tăng cường cán bộ và tổ chức phun hóa chất diệt muỗi tại khu vực."),
    "giao-duc": ("Đã bố trí kinh phí sửa chữa, kiểm tra các khoản thu.",
                 "Đã bố trí kinh phí sửa chữa phòng học trước mùa mưa; các khoản thu ngoài quy định đã được dừng."),
    "an-ninh": ("Công an đã xác minh, cảnh báo và xử lý theo quy định.",
                "Công an đã cảnh báo phương thức lừa đảo trên các phương tiện thông tin; người dân không cung cấp "
                "thông tin cá nhân, không chuyển tiền theo yêu cầu qua điện thoại."),
    "ha-tang": ("Đã khảo sát, khắc phục tạm thời và đưa vào kế hoạch đầu tư.",
                "Đã khơi thông dòng chảy, vá ổ gà; tuyến đường được đưa vào kế hoạch đầu tư năm tới."),
    "do-thi": ("Đã ra quân xử lý lấn chiếm, vi phạm xây dựng.",
               "Đã xử lý các trường hợp vi phạm và duy trì kiểm tra thường xuyên."),
    "can-bo": ("Đã chấn chỉnh, niêm yết công khai thủ tục và hướng dẫn một lần.",
               "Đã chấn chỉnh việc hướng dẫn hồ sơ; thủ tục được niêm yết công khai và hướng dẫn một lần."),
    "sap-xep": ("Đã bố trí điểm tiếp nhận hồ sơ, hướng dẫn thủ tục sau sắp xếp.",
                "Đã bố trí điểm tiếp nhận hồ sơ tại trụ sở cũ; người dân không bắt buộc đổi giấy tờ chỉ vì thay đổi "
                "địa chỉ hành chính."),
    "thong-tin-sai": ("Đã xác minh, cung cấp thông tin chính thức và đề nghị gỡ bỏ bài đăng sai sự thật.",
                      "Thông tin lan truyền trên mạng là không đúng sự thật; cơ quan chức năng đã cung cấp thông tin "
                      "chính thức."),
}  # fmt: skip
CONTACTS = [  # invented, clearly sample data
    {"name": "Người Dân Mẫu Một", "phone": "000 000 0001", "email": "nguoidan.mau1@example.invalid",
     "address": "Địa chỉ mẫu số 1 (dữ liệu giả định)"},
    {"name": "Người Dân Mẫu Hai", "phone": "000 000 0002", "email": "", "address": "Địa chỉ mẫu số 2 (dữ liệu giả định)"},
    {"name": "Người Dân Mẫu Ba", "phone": "", "email": "nguoidan.mau3@example.invalid", "address": ""},
    {"name": "Người Dân Mẫu Bốn", "phone": "000 000 0004", "email": "", "address": ""},
    {"name": "Người Dân Mẫu Năm", "phone": "000 000 0005", "email": "", "address": "Địa chỉ mẫu số 5 (dữ liệu giả định)"},
]  # fmt: skip


@dataclass
class Plan:
    """One demo concern and what happens to it."""

    ref: str
    area: str  # "kh" | "pb"
    data: dict
    days_ago: int
    intake: str  # org key
    outcome: str  # received, verifying, assigned, in_handling, overdue, resolved, closed, rejected, refused, escalated
    lead: str | None = None
    contact: dict | None = None
    extra_reports: int = 0
    hours: int = 9
    steps: list = field(default_factory=list)


class _Orgs:
    def __init__(self):
        self.orgs = {k: Organization.objects.select_related("type").get(name=n) for k, n in ORG_NAMES.items()}
        self._acting: dict[str, Acting] = {}

    def __getitem__(self, key: str) -> Organization:
        return self.orgs[key]

    def acting(self, key: str) -> Acting:
        """A demo officer of the organisation, else the organisation acting as itself (no user: "system")."""
        if key not in self._acting:
            self._acting[key] = demo_acting(self.orgs[key])
        return self._acting[key]


def _unit(name: str, province: AdminUnit) -> AdminUnit:
    return AdminUnit.objects.get(generation=AdminUnit.Generation.CURRENT, parent=province, name=name)


def _pb_places() -> list[AdminUnit]:
    """The current communes that succeeded the communes of the former Phú Bình district."""
    district = AdminUnit.objects.get(generation=AdminUnit.Generation.LEGACY, code=PB_LEGACY_DISTRICT)
    found = AdminUnit.objects.filter(
        generation=AdminUnit.Generation.CURRENT,
        predecessor_links__old__parent=district,
    ).distinct()
    return sorted(found, key=lambda u: u.code)


def _short(unit: AdminUnit) -> str:
    return unit.name.split(" ", 1)[1]


def _place(unit: AdminUnit) -> str:
    return unit.name[:1].lower() + unit.name[1:]


def _outcome(days_ago: int, rng: random.Random) -> str:
    if days_ago > 60:
        outcomes = [("closed", 64), ("resolved", 8), ("rejected", 5), ("overdue", 9), ("escalated", 2),
                    ("refused", 4), ("in_handling", 4), ("assigned", 4)]  # fmt: skip
    elif days_ago > 14:
        outcomes = [("closed", 24), ("resolved", 18), ("in_handling", 24), ("assigned", 14), ("verifying", 8),
                    ("rejected", 4), ("refused", 5), ("escalated", 3)]  # fmt: skip
    else:
        outcomes = [("received", 35), ("verifying", 25), ("assigned", 25), ("in_handling", 15)]
    return rng.choices([o for o, _ in outcomes], [w for _, w in outcomes])[0]


def _plans() -> list[Plan]:
    """Every demo concern, in a fixed order (the same on every run)."""
    rng = random.Random(SEED)
    kh = AdminUnit.objects.get(generation=AdminUnit.Generation.CURRENT, code="56")
    kh_units = [(_unit(name, kh), weight) for name, weight in KH_PLACES]
    pb_units = _pb_places()
    plans: list[Plan] = []

    def add(area: str, n: int, days: tuple[int, int], prefix: str) -> None:
        templates = [t for t in TEMPLATES if area in t[5].split()]
        for i in range(n):
            _, topic, title, description, channels, _ = rng.choice(templates)
            if area == "kh":
                unit = rng.choices([u for u, _ in kh_units], [w for _, w in kh_units])[0]
            else:
                unit = rng.choice(pb_units)
            values = {
                "place": _place(unit),
                "short": _short(unit),
                "hamlet": rng.choice(HAMLETS[area]),
                "project": rng.choice(PROJECTS[area]),
            }
            channel = rng.choice(channels)
            days_ago = rng.randint(*days)
            if area == "kh":
                intake = "hdnd-kh" if channel == "voter_meeting" else "btg-kh"
            else:
                intake = "ubnd-pb" if channel in ("reception", "petition", "complaint", "feedback") else "btg-pb"
            title_text = title.format(**values)
            plans.append(
                Plan(
                    ref=f"{PREFIX}{prefix}-{i + 1:03d}",
                    area=area,
                    data={
                        "title": title_text[:1].upper() + title_text[1:],
                        "description": description.format(**values),
                        "topic": topic,
                        "channel": channel,
                        "unit": unit,
                        "place_given": values["hamlet"][:1].upper() + values["hamlet"][1:],
                        "severity": rng.choice([1, 2, 2, 2]),
                        "people_affected": rng.choice([None, 5, 12, 30, 60, 150]),
                        "false_information": topic.startswith("thong-tin-sai"),
                    },
                    days_ago=days_ago,
                    intake=intake,
                    outcome=_outcome(days_ago, rng),
                    hours=rng.randint(7, 16),
                )
            )

    # history: 12 months, 3 weeks and more ago, then the last weeks (few, spread over topics and places)
    add("kh", 160, (22, DAYS), "KH")
    add("pb", 95, (22, DAYS), "PB")
    add("kh", 8, (1, 21), "KH-MOI")
    add("pb", 5, (1, 21), "PB-MOI")

    # nor any commune with five recent concerns of one topic group (only the cluster is a hot spot)
    recent: dict[tuple, int] = {}
    for p in plans:
        if p.days_ago <= 28:
            k = (p.data["unit"].pk, p.data["topic"].split(".")[0])
            recent[k] = recent.get(k, 0) + 1
            if recent[k] > 2:
                p.days_ago += 30

    # a handful leave their contact (sealed); extra reports of the same matter
    candidates = [p for p in plans if p.data["channel"] in ("reception", "petition", "complaint")]
    for p, contact in zip(candidates[::7], CONTACTS, strict=False):
        p.contact = contact
    for p in plans[5::23]:
        p.extra_reports = 1 + (len(p.ref) % 2)

    # the hot spot: sand mining in Xã Diên Điền, 9 concerns in the last 10 days on a quiet baseline
    dd = _unit(HOT_SPOT_PLACE, kh)
    place = _place(dd)
    plans.append(
        Plan(
            ref=f"{PREFIX}KH-CAT-000",
            area="kh",
            data={
                "title": f"Ghe hút cát trên sông Cái đoạn qua {place}",
                "description": "Cử tri thôn Phú Lộc phản ánh có ghe hút cát hoạt động trên sông Cái vào ban đêm, lo "
                "ngại sạt lở bờ sông; đề nghị kiểm tra.",
                "topic": "moi-truong.khai-thac-cat",
                "channel": "voter_meeting",
                "unit": dd,
                "place_given": "Thôn Phú Lộc",
                "severity": 2,
            },
            days_ago=50,
            intake="hdnd-kh",
            outcome="closed",
        )
    )
    cluster = [
        ("Khai thác cát trái phép ban đêm trên sông Cái tại {place}", "Người dân thôn Phú Lộc phản ánh nhiều ghe hút "
         "cát hoạt động từ 22 giờ đến sáng, tiếng máy ồn, bờ sông bị khoét sâu.", "hotline", 1),
        ("Sạt lở bờ sông Cái do hút cát, mất đất sản xuất", "Khoảng 200 m bờ sông Cái đoạn qua thôn Phú Lộc, "
         "{place} sạt lở sau các đêm ghe hút cát hoạt động; nhiều hộ mất đất trồng rau.", "voter_meeting", 2),
        ("Xe chở cát quá tải làm hư đường liên thôn tại {place}", "Xe tải chở cát từ bãi tập kết ven sông Cái chạy "
         "liên tục, làm hư hỏng đường liên thôn và rơi vãi cát trên đường.", "feedback", 3),
        ("Đề nghị làm rõ giấy phép khai thác cát trên sông Cái", "Cử tri đề nghị công khai giấy phép, phạm vi và "
         "thời gian khai thác cát của các đơn vị đang hoạt động trên sông Cái đoạn qua {place}.", "voter_meeting", 4),
        ("Bãi tập kết cát không phép ven sông Cái", "Người dân phản ánh bãi tập kết cát ven sông Cái tại {place} "
         "hoạt động không có giấy phép, bụi bay vào nhà dân.", "collaborator", 5),
        ("Ghe hút cát tái hoạt động sau khi bị nhắc nhở", "Sau khi chính quyền nhắc nhở, ghe hút cát vẫn tiếp tục "
         "hoạt động vào ban đêm trên sông Cái đoạn qua {place}.", "hotline", 6),
        ("Người dân lo sạt lở nhà ven sông Cái mùa mưa", "Một số nhà ven sông Cái ở {place} có vết nứt, người dân "
         "lo sạt lở khi vào mùa mưa nếu tiếp tục hút cát.", "reception", 7),
        ("Clip ghe hút cát trên sông Cái lan truyền trên mạng xã hội", "Clip quay cảnh ghe hút cát ban đêm trên "
         "sông Cái tại {place} được chia sẻ nhiều trên mạng xã hội, người dân bức xúc.", "social", 8),
        ("Đề nghị xử lý dứt điểm khai thác cát trái phép tại {place}", "Cử tri đề nghị các cơ quan chức năng phối "
         "hợp tuần tra, xử lý dứt điểm tình trạng khai thác cát trái phép trên sông Cái.", "voter_meeting", 9),
    ]  # fmt: skip
    outcomes = ["received", "verifying", "assigned", "received", "in_handling", "received", "verifying", "received",
                "assigned"]  # fmt: skip
    for i, ((title, description, channel, days), outcome) in enumerate(zip(cluster, outcomes, strict=True)):
        plans.append(
            Plan(
                ref=f"{PREFIX}KH-CAT-{i + 1:03d}",
                area="kh",
                data={
                    "title": title.format(place=place),
                    "description": description.format(place=place),
                    "topic": "moi-truong.khai-thac-cat",
                    "channel": channel,
                    "unit": dd,
                    "place_given": "Thôn Phú Lộc",
                    "severity": 2,
                    "people_affected": [None, 40, None, None, 15, None, 12, None, 200][i],
                },
                days_ago=days if days < 10 else 9,
                intake="hdnd-kh" if channel == "voter_meeting" else "btg-kh",
                outcome=outcome,
                lead="ubnd-kh",
                extra_reports=2 if i == 1 else 0,
            )
        )
    # the false-information concern with its claim, facts and official answer (Phú Bình)
    pb_main = pb_units[0]
    plans.append(
        Plan(
            ref=f"{PREFIX}PB-TTS-001",
            area="pb",
            data={
                "title": "Tin sai sự thật trên mạng về việc thu hồi toàn bộ đất nông nghiệp để làm khu công nghiệp",
                "description": f"Một trang mạng xã hội đăng tin toàn bộ đất nông nghiệp của {_place(pb_main)} sẽ bị "
                "thu hồi trong năm nay để làm khu công nghiệp và người dân chỉ được bồi thường bằng một nửa giá, "
                "gây hoang mang cho nhiều hộ.",
                "topic": "thong-tin-sai.mang-xa-hoi",
                "channel": "social",
                "unit": pb_main,
                "severity": 2,
                "false_information": True,
            },
            days_ago=45,
            intake="btg-pb",
            outcome="closed",
            lead="bcd35-pb",
        )
    )
    return plans


# --- the handling of one concern through the services ------------------------------------------------------


def _lead_of(p: Plan, orgs: _Orgs) -> str:
    if p.lead:
        return p.lead
    if p.area == "kh":
        return "ubnd-p-ninhhoa" if p.data["unit"].name == "Phường Ninh Hòa" else "ubnd-kh"
    if p.data["topic"] == "dat-dai.giay-chung-nhan" and "Tranh chấp" in p.data["title"]:
        return "tand-pb"
    return "ubnd-pb"


def _coordinator(p: Plan) -> str:
    return "btg-kh" if p.area == "kh" else p.intake


def _result(p: Plan) -> tuple[str, str]:
    return RESULTS[p.data["topic"].split(".")[0]]


def _respond(p: Plan, concern: Concern, orgs: _Orgs) -> None:
    answer = _result(p)[1]
    data = {
        "phase": "after",
        "message": answer,
        "spokesperson": "Người phát ngôn của cơ quan chủ trì",
        "channel": "Cổng thông tin điện tử, đài truyền thanh cơ sở, hội nghị tiếp xúc cử tri",
        "planned_on": timezone.localdate(),
        "done_on": timezone.localdate(),
    }
    if p.data.get("false_information"):
        data |= {
            "claim": "Toàn bộ đất nông nghiệp sẽ bị thu hồi trong năm nay để làm khu công nghiệp, bồi thường bằng một "
            "nửa giá.",
            "facts": "Không có quyết định thu hồi đất nào như tin đăng; quy hoạch khu công nghiệp chỉ gồm phần diện "
            "tích đã công bố; giá bồi thường theo bảng giá đất và hệ số điều chỉnh do UBND tỉnh ban hành.",
            "official_answer": "Thông tin thu hồi toàn bộ đất nông nghiệp là sai sự thật. Việc thu hồi đất chỉ thực "
            "hiện theo quy hoạch, kế hoạch sử dụng đất đã công bố và được thông báo đến từng hộ.",
            "published_at": "Cổng thông tin điện tử huyện; Trang thông tin Ban Chỉ đạo 35 huyện; đài truyền thanh xã",
        }
    services.response_add(acting=orgs.acting(_coordinator(p)), concern=concern, data=data)


def _handle(p: Plan, concern: Concern, orgs: _Orgs) -> None:
    """Take the concern from received to its planned outcome through the services."""
    coordinator = orgs.acting(_coordinator(p))
    outcome = p.outcome
    if outcome == "received":
        return
    if outcome in ("verifying", "rejected"):
        services.concern_transition(acting=coordinator, concern=concern, action="verify")
        if outcome == "rejected":
            services.concern_transition(
                acting=coordinator,
                concern=concern,
                action="reject",
                reason="Nội dung đã được giải quyết bằng văn bản có hiệu lực; không có tình tiết mới.",
            )
        return
    lead = _lead_of(p, orgs)
    deadline = timezone.localdate() + dt.timedelta(days=30)  # moved back with the history
    if outcome == "refused":
        first = "ubnd-p-ninhhoa" if p.area == "kh" else "tand-pb"
        lead = "ubnd-kh" if p.area == "kh" else "ubnd-pb"
        services.concern_route(acting=coordinator, concern=concern, lead=orgs[first], deadline=deadline)
        services.concern_refuse(
            acting=orgs.acting(first),
            concern=concern,
            reason="Nội dung không thuộc thẩm quyền giải quyết của cơ quan; đề nghị chuyển cơ quan có thẩm quyền.",
            suggested=orgs[lead],
        )
        services.concern_route(
            acting=coordinator, concern=concern, lead=orgs[lead], deadline=deadline, note="Chuyển theo đề nghị."
        )
        return
    services.concern_route(
        acting=coordinator,
        concern=concern,
        lead=orgs[lead],
        partners=[orgs["hdnd-kh"]] if p.area == "kh" and p.intake == "hdnd-kh" and lead != "hdnd-kh" else [],
        deadline=deadline,
        note="Đề nghị xem xét, giải quyết và báo cáo kết quả.",
    )
    if outcome in ("assigned", "overdue"):
        return
    handler = orgs.acting(lead)
    services.concern_transition(acting=handler, concern=concern, action="start")
    if outcome == "in_handling":
        return
    if outcome == "escalated":
        to = orgs["btg-tn"] if p.area == "pb" else orgs["btg-kh"]
        services.concern_escalate(
            acting=coordinator if p.area == "pb" else handler,
            concern=concern,
            reason="Quá hạn xử lý, cần cấp trên chỉ đạo phối hợp giải quyết.",
            to=to,
        )
        return
    result, answer = _result(p)
    services.concern_transition(acting=handler, concern=concern, action="resolve", result=result, public_answer=answer)
    if outcome == "resolved":
        return
    _respond(p, concern, orgs)
    services.concern_transition(acting=coordinator, concern=concern, action="close")


# --- moving the history back in time ------------------------------------------------------------------------


def _deadline(severity: int, start: dt.date) -> dt.date:
    try:
        return services.sla_deadline(severity, start)
    except ImportError:  # no working-day calendar: weekends only
        day, left = start, {1: 15, 2: 10, 3: 5, 4: 2}.get(severity, 10)
        while left:
            day += dt.timedelta(days=1)
            left -= day.weekday() < 5
        return day


def _backdate(p: Plan, concern: Concern, now: dt.datetime) -> None:
    """Move the concern's history to the day it was received (its steps spread over the days since)."""
    concern = Concern.objects.get(pk=concern.pk)
    today = timezone.localdate(now)
    received_day = today - dt.timedelta(days=p.days_ago)
    received = timezone.make_aware(dt.datetime.combine(received_day, dt.time(p.hours, 5 + len(p.ref) % 50)))
    if received > now:
        received = now - dt.timedelta(hours=1)
    rng = random.Random(p.ref)
    end = now - dt.timedelta(hours=1)
    span = max((end - received).days - 1, 1)
    steps = list(ConcernStatusChange.objects.filter(concern=concern).order_by("id"))
    offsets = sorted(rng.sample(range(1, span + 1), min(len(steps) - 1, span)))
    while len(offsets) < len(steps) - 1:
        offsets.append(offsets[-1] if offsets else 1)
    if p.outcome == "overdue" or (p.outcome in ("assigned", "in_handling") and p.days_ago > 30):
        offsets = [min(o, 3 + i) for i, o in enumerate(offsets)]  # routed soon after intake, then late
    times = [received] + [min(received + dt.timedelta(days=o, hours=i), end) for i, o in enumerate(offsets, 1)]
    for step, at in zip(steps, times, strict=True):
        ConcernStatusChange.objects.filter(pk=step.pk).update(at=at)
    by_action = {s.action: at for s, at in zip(steps, times, strict=True)}
    routings = list(ConcernRouting.objects.filter(concern=concern).order_by("id"))
    route_times = [at for s, at in zip(steps, times, strict=True) if s.action in ("assign", "refuse", "escalate")]
    for routing, at in zip(routings, route_times, strict=False):
        ConcernRouting.objects.filter(pk=routing.pk).update(at=at)
    fields: dict = {"received_at": received, "created_at": received, "updated_at": times[-1]}
    if concern.lead_id and "assign" in by_action:
        assigned = [at for s, at in zip(steps, times, strict=True) if s.action == "assign"][-1]
        deadline = _deadline(concern.severity, timezone.localdate(assigned))
        if p.outcome in ("assigned", "in_handling") and p.days_ago <= 30:
            deadline = max(deadline, today + dt.timedelta(days=2))  # still within its time
        fields["deadline"] = deadline
        ConcernRouting.objects.filter(concern=concern, kind=ConcernRouting.Kind.ASSIGN).update(deadline=deadline)
    if "resolve" in by_action:
        fields["resolved_at"] = by_action["resolve"]
    if "close" in by_action:
        fields["closed_at"] = by_action["close"]
    fields["tracking_code"] = services._next_tracking_code(received_day)
    Concern.objects.filter(pk=concern.pk).update(**fields)
    reports = list(ConcernReport.objects.filter(concern=concern).order_by("id"))
    ConcernReport.objects.filter(pk=reports[0].pk).update(at=received)
    for i, report in enumerate(reports[1:], 1):
        at = min(received + dt.timedelta(days=i * 2, hours=3), end)
        ConcernReport.objects.filter(pk=report.pk).update(at=at)
    done = timezone.localdate(by_action.get("close", by_action.get("resolve", end)))
    CommunicationResponse.objects.filter(concern=concern).update(
        planned_on=done, done_on=done, created_at=by_action.get("close", end)
    )


# --- loading -----------------------------------------------------------------------------------------------


def _merge_pairs(orgs: _Orgs, made: dict[str, Concern]) -> int:
    """Two pairs of concerns about the same matter, merged by the coordinating department."""
    merged = 0
    pairs = [
        (
            "KH-GOP",
            "kh",
            "btg-kh",
            "Phường Bắc Nha Trang",
            "ha-tang.dien-nuoc",
            [
                ("Ngập sâu trên đường ven biển phía bắc sau mưa lớn",
                 "Cử tri tổ dân phố 4 phản ánh đường ven biển phía bắc ngập sâu mỗi khi mưa lớn, nước tràn vào nhà."),
                ("Nước tràn vào nhà dân tổ dân phố 4 khi mưa lớn",
                 "Người dân tổ dân phố 4 phản ánh cống thoát nước bị tắc, mưa lớn là nước tràn vào nhà, đường ngập sâu."),
            ],
        ),
        (
            "PB-GOP",
            "pb",
            "btg-pb",
            None,
            "giao-duc.co-so-vat-chat",
            [
                ("Tường rào trường tiểu học bị đổ sau mưa bão",
                 "Phụ huynh phản ánh tường rào trường tiểu học bị đổ sau mưa bão, học sinh đi qua nguy hiểm."),
                ("Đề nghị sửa tường rào trường học bị đổ",
                 "Cử tri đề nghị sớm sửa tường rào trường tiểu học đã đổ sau mưa bão để bảo đảm an toàn cho học sinh."),
            ],
        ),
    ]  # fmt: skip
    for ref, area, intake, unit_name, topic, texts in pairs:
        if Concern.objects.filter(source_ref=f"{PREFIX}{ref}-1").exists():
            continue
        if unit_name:
            unit = _unit(unit_name, AdminUnit.objects.get(generation=AdminUnit.Generation.CURRENT, code="56"))
        else:
            unit = _pb_places()[0]
        acting = orgs.acting(intake)
        concerns = []
        for i, (title, description) in enumerate(texts, 1):
            concern, _ = services.concern_intake(
                acting=acting,
                data={
                    "title": title,
                    "description": description,
                    "topic": topic,
                    "channel": "voter_meeting" if i == 1 else "feedback",
                    "unit": unit,
                    "severity": 2,
                    "source_ref": f"{PREFIX}{ref}-{i}",
                },
                source="demo",
            )
            concerns.append(concern)
            plan = Plan(ref=f"{PREFIX}{ref}-{i}", area=area, data={}, days_ago=40 - i * 3, intake=intake, outcome="")
            _backdate(plan, concern, timezone.now())
        services.concern_merge(
            acting=orgs.acting("btg-kh" if area == "kh" else intake), original=concerns[0], duplicate=concerns[1]
        )
        merged_at = timezone.make_aware(
            dt.datetime.combine(timezone.localdate() - dt.timedelta(days=33), dt.time(10, 30))
        )
        ConcernStatusChange.objects.filter(concern__in=concerns, action="merge").update(at=merged_at)
        ConcernMerge.objects.filter(duplicate=concerns[1]).update(at=merged_at)
        made[f"{PREFIX}{ref}-1"] = concerns[0]
        merged += 1
    return merged


@transaction.atomic
def demo_concerns_load() -> dict[str, int]:
    """Create the demo concerns that are missing (see the module's docstring); return what was created."""
    created = {"concerns": 0, "reports": 0, "contacts": 0, "merged": 0, "hotspots": 0}
    if Concern.objects.filter(source_ref=f"{PREFIX}PB-GOP-1").exists():
        return created  # the last one written: the load (one transaction) is complete
    orgs = _Orgs()
    plans = _plans()
    existing = set(Concern.objects.filter(source_ref__startswith=PREFIX).values_list("source_ref", flat=True))
    now = timezone.now()
    made: dict[str, Concern] = {}
    for p in plans:
        if p.ref in existing:
            continue
        data = {**p.data, "source_ref": p.ref}
        concern, _ = services.concern_intake(acting=orgs.acting(p.intake), data=data, source="demo", contact=p.contact)
        created["concerns"] += 1
        created["contacts"] += bool(p.contact)
        _handle(p, concern, orgs)
        for i in range(p.extra_reports):
            services.concern_intake(
                acting=orgs.acting(p.intake),
                data={**data, "channel": "voter_meeting" if i else "hotline", "source_ref": f"{p.ref}/{i + 2}"},
                source="demo",
                attach_to=concern,
            )
            created["reports"] += 1
        _backdate(p, concern, now)
        made[p.ref] = concern
    merged = _merge_pairs(orgs, made)
    created["merged"] = merged
    created["concerns"] += 2 * merged
    if created["concerns"]:
        created["hotspots"] = _hotspots()
    return created


def _hotspots() -> int:
    """Compute the hot spots (the hourly job) if that part is installed; how many it opened."""
    try:
        from phoihop.hotspots.services import hotspots_recompute
    except ImportError:
        return 0
    return int(hotspots_recompute().get("opened", 0))
