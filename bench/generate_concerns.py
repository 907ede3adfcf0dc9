"""The concerns layer of the synthetic data set.

CONCERNS_PER_PROVINCE concerns for every province the "orgs" layer made (about 30,000 for Khánh Hòa,
1,000,000 nationally), received over the last YEARS years, written with bulk_create: the Concern rows with
their derived fields as `concerns.services._derive` sets them (`unit_path`, `search_text` =
fold(title + description), `signature` from `concerns.similarity.signature`, `sort_key`), one
ConcernReport each (source "bench"), and the ConcernParty rows of the intake organisation and of the lead
(each with its unit path). Tracking codes are PH.yyyymmdd.nnnn by day of receipt, and the daily
TrackingCounter rows are set to match, so intake through the services continues the sequence.

Places are skewed: a few communes of each province (city wards, communes with a big project) get most
concerns (weights 1/rank^0.9), about 5% are about the province as a whole. Titles and descriptions come
from TEMPLATES (about 40, by topic) filled with the commune's name, hamlets, projects, roads and rivers,
so that search and duplicate detection have realistic work: the same matter is reported again in the same
commune with other words. Statuses follow age: concerns received more than 60 days ago are mostly closed;
recent ones are spread over received, verifying, assigned and in handling; a share of the open ones is
overdue. No status history, routing, responses or audit rows are written.

Marked by its reports' source "bench"; the whole layer is one transaction. On PostgreSQL the trigram
index on search_text is dropped during the bulk load and built again (as generate_plans does).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from bench.generate_plans import _gin_indexes_deferred
from phoihop.concerns.models import (
    Channel,
    Concern,
    ConcernParty,
    ConcernReport,
    ConcernStatus,
    Topic,
    TrackingCounter,
)
from phoihop.concerns.similarity import signature
from phoihop.core.text import fold, sort_key
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization

CONCERNS_PER_PROVINCE = 29_500  # 34 provinces: 1,003,000
YEARS = 3
BATCH = 2_000
SOURCE = "bench"  # every generated report's source: marks the layer

# (topic code, title, description); {place}: "xã Cam Lâm", {hamlet}: "thôn 3", {project}, {road}, {river},
# {school}, {market}, {company}, {n}: a number
TEMPLATES = [
    ("dat-dai.thu-hoi", "Chậm chi trả tiền bồi thường giải phóng mặt bằng {project} tại {place}",
     "Nhiều hộ dân {hamlet} đã bàn giao mặt bằng cho {project} nhưng đến nay chưa nhận đủ tiền bồi thường, hỗ trợ; "
     "đề nghị sớm chi trả dứt điểm."),
    ("dat-dai.thu-hoi", "Giá đất bồi thường {project} thấp hơn giá thị trường",
     "Người dân {hamlet}, {place} cho rằng đơn giá bồi thường đất nông nghiệp của {project} thấp, chưa sát giá thị "
     "trường; đề nghị xem xét lại phương án bồi thường."),
    ("dat-dai.thu-hoi", "Chưa bố trí đất tái định cư cho hộ bị thu hồi đất ở {place}",
     "{n} hộ bị thu hồi toàn bộ đất ở để làm {project} vẫn chưa được giao đất tái định cư, phải thuê nhà ở tạm."),
    ("dat-dai.gpmb", "Vướng mắc giải phóng mặt bằng {project} đoạn qua {place}",
     "Còn {n} hộ chưa đồng thuận bàn giao mặt bằng đoạn qua {hamlet}, ảnh hưởng tiến độ thi công {project}."),
    ("dat-dai.gpmb", "Thi công {project} khi chưa bàn giao xong mặt bằng tại {hamlet}",
     "Nhà thầu đưa máy móc vào thi công trên phần đất các hộ chưa nhận tiền bồi thường tại {hamlet}, {place}."),
    ("dat-dai.quy-hoach", "Quy hoạch treo nhiều năm tại {hamlet}, {place}",
     "Khu đất thuộc {hamlet} nằm trong quy hoạch {project} nhiều năm chưa triển khai, người dân không được xây dựng, "
     "sửa chữa nhà."),
    ("dat-dai.giay-chung-nhan", "Chậm cấp giấy chứng nhận quyền sử dụng đất tại {place}",
     "Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất của nhiều hộ {hamlet} nộp đã lâu nhưng chưa được giải quyết."),
    ("dat-dai.giay-chung-nhan", "Tranh chấp ranh giới đất giữa các hộ tại {hamlet}",
     "Tranh chấp ranh giới thửa đất kéo dài tại {hamlet}, {place}; hòa giải ở cơ sở không thành."),
    ("moi-truong.o-nhiem", "Ô nhiễm mùi hôi từ {company} tại {place}",
     "Người dân {hamlet} phản ánh {company} xả khí thải gây mùi hôi nồng nặc, nhất là ban đêm; đề nghị kiểm tra, xử lý."),
    ("moi-truong.o-nhiem", "Nước thải chưa qua xử lý xả ra {river}",
     "Nước thải có màu và mùi lạ xả trực tiếp ra {river} đoạn qua {place}, cá chết hàng loạt."),
    ("moi-truong.o-nhiem", "Khói bụi từ trạm trộn bê tông gần {school}",
     "Trạm trộn bê tông hoạt động sát {school} ở {place} gây bụi, tiếng ồn ảnh hưởng học sinh."),
    ("moi-truong.khai-thac-cat", "Khai thác cát trái phép trên {river} đoạn qua {place}",
     "Ghe hút cát hoạt động cả ban đêm trên {river} đoạn qua {hamlet}, gây sạt lở bờ sông, đất sản xuất của người dân."),
    ("moi-truong.khai-thac-cat", "Sạt lở bờ sông do hút cát tại {hamlet}",
     "Bờ {river} tại {hamlet}, {place} sạt lở nghiêm trọng, nghi do khai thác cát; nhiều hộ lo mất đất, mất nhà."),
    ("moi-truong.rung", "Phá rừng phòng hộ làm nương rẫy tại {place}",
     "Một số đối tượng chặt phá rừng phòng hộ tại khu vực giáp {hamlet} để trồng keo; đề nghị kiểm tra, xử lý."),
    ("moi-truong.rac-thai", "Rác thải tồn đọng nhiều ngày tại {hamlet}",
     "Rác sinh hoạt không được thu gom nhiều ngày tại {hamlet}, {place}, bốc mùi hôi, ruồi nhặng."),
    ("moi-truong.rac-thai", "Bãi rác {place} quá tải gây ô nhiễm",
     "Bãi rác tập trung của {place} quá tải, nước rỉ rác chảy ra ruộng lúa của {hamlet}."),
    ("gia-ca.hang-hoa", "Giá điện sinh hoạt tăng cao bất thường tại {place}",
     "Nhiều hộ {hamlet} phản ánh hóa đơn tiền điện tháng {n} tăng gấp đôi dù mức sử dụng không đổi."),
    ("gia-ca.hang-hoa", "Giá vật tư nông nghiệp tăng, giá nông sản giảm",
     "Giá phân bón, thức ăn chăn nuôi tăng trong khi giá nông sản giảm, người dân {place} sản xuất thua lỗ."),
    ("gia-ca.viec-lam", "Công nhân {company} bị nợ lương nhiều tháng",
     "Công nhân {company} tại {place} bị chậm trả lương {n} tháng, chưa được đóng bảo hiểm xã hội."),
    ("an-sinh.chinh-sach", "Chậm chi trả trợ cấp xã hội hằng tháng tại {place}",
     "Người cao tuổi, người khuyết tật {hamlet} nhận trợ cấp xã hội chậm {n} tháng."),
    ("an-sinh.chinh-sach", "Bình xét hộ nghèo chưa công khai, minh bạch ở {hamlet}",
     "Người dân cho rằng việc bình xét hộ nghèo, cận nghèo tại {hamlet}, {place} chưa đúng đối tượng."),
    ("an-sinh.bao-hiem", "Khó khăn khi giải quyết chế độ bảo hiểm xã hội một lần",
     "Người lao động {place} phải đi lại nhiều lần để làm thủ tục hưởng bảo hiểm xã hội một lần."),
    ("y-te.kham-chua-benh", "Trạm y tế {place} thiếu thuốc bảo hiểm y tế",
     "Người bệnh có thẻ bảo hiểm y tế phải tự mua thuốc ngoài vì trạm y tế {place} thiếu thuốc."),
    ("y-te.dich-benh", "Sốt xuất huyết gia tăng tại {hamlet}",
     "Có {n} ca sốt xuất huyết tại {hamlet}, {place}; đề nghị phun hóa chất diệt muỗi."),
    ("y-te.dich-benh", "Ngộ độc thực phẩm sau bữa ăn tại {school}",
     "Nhiều học sinh {school} đau bụng, nôn ói sau bữa ăn bán trú; phụ huynh lo lắng về an toàn thực phẩm."),
    ("giao-duc.co-so-vat-chat", "Phòng học {school} xuống cấp, thấm dột",
     "Nhiều phòng học của {school} ở {place} xuống cấp, mùa mưa thấm dột, không bảo đảm an toàn cho học sinh."),
    ("giao-duc.co-so-vat-chat", "Thiếu phòng học, học sinh học ca ba tại {school}",
     "{school} thiếu {n} phòng học, học sinh phải học luân phiên; đề nghị đầu tư xây thêm."),
    ("giao-duc.khoan-thu", "Lạm thu đầu năm học tại {school}",
     "Phụ huynh {school} phản ánh nhiều khoản thu ngoài quy định đầu năm học."),
    ("an-ninh.lua-dao", "Lừa đảo qua điện thoại giả danh công an tại {place}",
     "Nhiều người dân {place} nhận cuộc gọi giả danh công an yêu cầu chuyển tiền, cài ứng dụng lạ; có người bị "
     "chiếm đoạt {n} triệu đồng."),
    ("an-ninh.lua-dao", "Lừa đảo tuyển cộng tác viên bán hàng online",
     "Người dân {hamlet} bị lừa làm nhiệm vụ cộng tác viên bán hàng trên mạng, mất tiền đặt cọc."),
    ("an-ninh.tin-dung-den", "Tín dụng đen hoạt động công khai tại {place}",
     "Tờ rơi cho vay tiền nhanh dán khắp {hamlet}; nhiều hộ vay phải trả lãi cắt cổ, bị đe dọa."),
    ("an-ninh.ma-tuy", "Tụ tập sử dụng ma túy tại {hamlet}",
     "Thanh niên thường tụ tập ban đêm ở khu vực {hamlet}, {place}, nghi sử dụng ma túy."),
    ("ha-tang.giao-thong", "{road} qua {place} xuống cấp, nhiều ổ gà",
     "{road} đoạn qua {hamlet} hư hỏng nặng, nhiều ổ gà, thường xảy ra tai nạn giao thông."),
    ("ha-tang.giao-thong", "Cầu dân sinh tại {hamlet} hư hỏng, nguy hiểm",
     "Cầu dân sinh nối {hamlet} với trung tâm {place} bị hư hỏng, học sinh đi học nguy hiểm."),
    ("ha-tang.dien-nuoc", "Ngập úng kéo dài trên {road} sau mưa lớn",
     "Mỗi khi mưa lớn, {road} đoạn qua {place} ngập sâu, hệ thống thoát nước không bảo đảm."),
    ("ha-tang.dien-nuoc", "Thiếu nước sinh hoạt mùa khô tại {hamlet}",
     "Mùa khô, {n} hộ {hamlet}, {place} thiếu nước sinh hoạt; đề nghị đầu tư nước sạch."),
    ("do-thi.xay-dung", "Xây dựng trái phép trên đất nông nghiệp tại {hamlet}",
     "Nhiều công trình xây dựng không phép trên đất nông nghiệp tại {hamlet}, {place}."),
    ("do-thi.via-he", "Lấn chiếm vỉa hè, lòng đường quanh {market}",
     "Hàng quán lấn chiếm vỉa hè, lòng đường quanh {market} ở {place}, gây ùn tắc giao thông."),
    ("can-bo.nhung-nhieu", "Cán bộ gây phiền hà khi giải quyết thủ tục hành chính tại {place}",
     "Người dân phản ánh phải đi lại nhiều lần, bị yêu cầu bổ sung giấy tờ không cần thiết tại bộ phận một cửa "
     "{place}."),
    ("khieu-kien.dong-nguoi", "Nhiều hộ dân kéo đến trụ sở khiếu nại về {project}",
     "Khoảng {n} người dân {hamlet} kéo đến trụ sở UBND {place} khiếu nại về phương án bồi thường {project}."),
    ("thong-tin-sai.mang-xa-hoi", "Thông tin sai sự thật trên mạng xã hội về {project}",
     "Tài khoản mạng xã hội đăng tin {project} tại {place} bị dừng, gây hoang mang dư luận; cần xác minh, cải chính."),
    ("sap-xep.tru-so", "Trụ sở {place} sau sắp xếp ở xa, đi lại khó khăn",
     "Sau sắp xếp đơn vị hành chính, người dân {hamlet} phải đi hơn {n} km để làm thủ tục tại trụ sở {place}."),
    ("sap-xep.giay-to", "Vướng mắc thay đổi địa chỉ trên giấy tờ sau sắp xếp tại {place}",
     "Người dân {place} lúng túng khi điều chỉnh địa chỉ trên căn cước, giấy chứng nhận quyền sử dụng đất sau sắp xếp."),
]  # fmt: skip
PROJECTS = [
    "dự án đường ven biển", "dự án cao tốc Bắc - Nam", "dự án khu tái định cư", "dự án mở rộng quốc lộ 1",
    "dự án khu công nghiệp", "dự án hồ chứa nước", "dự án khu đô thị mới", "dự án đường vành đai",
    "dự án kè chống sạt lở", "dự án cụm công nghiệp", "dự án nhà ở xã hội", "dự án nâng cấp tỉnh lộ",
]  # fmt: skip
ROADS = ["Đường liên xã", "Tỉnh lộ 8", "Quốc lộ 1", "Đường liên thôn", "Đường vào khu dân cư", "Quốc lộ 26",
         "Đường ven sông", "Đường tránh"]  # fmt: skip
RIVERS = ["sông Cái", "sông Dinh", "sông Cầu", "suối Dầu", "sông Tô Hạp", "sông Đáy", "sông Chò", "kênh Bắc"]
COMPANIES = ["Công ty chế biến thủy sản", "nhà máy tinh bột sắn", "cơ sở chăn nuôi heo", "nhà máy gạch tuynel",
             "cơ sở chế biến mủ cao su", "Công ty may mặc", "lò đốt rác", "nhà máy đường"]  # fmt: skip
SCHOOLS = ["Trường Tiểu học", "Trường THCS", "Trường Mầm non", "Trường THPT", "Điểm trường thôn"]
MARKETS = ["chợ trung tâm", "chợ đêm", "chợ đầu mối", "khu chợ tạm", "bến xe"]
CHANNELS = [  # (channel, weight)
    (Channel.VOTER_MEETING, 22), (Channel.RECEPTION, 15), (Channel.PETITION, 12), (Channel.FEEDBACK, 10),
    (Channel.COMPLAINT, 8), (Channel.HOTLINE, 8), (Channel.SOCIAL, 8), (Channel.PRESS, 5), (Channel.COLLABORATOR, 5),
    (Channel.FRONT, 3), (Channel.SECTOR, 2), (Channel.DENUNCIATION, 1), (Channel.OTHER, 1),
]  # fmt: skip
# statuses by age: (status, weight) for concerns older than OLD_DAYS, and for the recent ones
OLD_DAYS = 60
OLD_STATUSES = [
    (ConcernStatus.CLOSED, 78), (ConcernStatus.RESOLVED, 7), (ConcernStatus.REJECTED, 5),
    (ConcernStatus.IN_HANDLING, 4), (ConcernStatus.ASSIGNED, 3), (ConcernStatus.ESCALATED, 3),
]  # fmt: skip
RECENT_STATUSES = [
    (ConcernStatus.RECEIVED, 14), (ConcernStatus.VERIFYING, 10), (ConcernStatus.ASSIGNED, 22),
    (ConcernStatus.IN_HANDLING, 26), (ConcernStatus.RESOLVED, 10), (ConcernStatus.CLOSED, 12),
    (ConcernStatus.REJECTED, 3), (ConcernStatus.ESCALATED, 3),
]  # fmt: skip
SLA_DAYS = {1: 21, 2: 14, 3: 7, 4: 3}  # calendar days for the SLA's working days (15, 10, 5, 2)
# the department leading a topic group, by document symbol (bench/generate.py DEPARTMENTS)
DEPARTMENT_OF = {
    "dat-dai": "SNNMT", "moi-truong": "SNNMT", "gia-ca": "SCT", "an-sinh": "SNV", "y-te": "SYT",
    "giao-duc": "SGDĐT", "ha-tang": "SXD", "do-thi": "SXD", "dan-toc-ton-giao": "SDTTG", "can-bo": "SNV",
    "khieu-kien": "TTr", "thong-tin-sai": "SKHCN", "sap-xep": "SNV",
}  # fmt: skip


@dataclass
class Org:
    id: int
    unit_path: str


@dataclass
class Commune:
    unit: AdminUnit
    place: str  # "xã Cam Lâm"
    bodies: dict[str, Org]  # document symbol → body (UBND, HĐND, ĐU, BXDĐ, MTTQ, TTPVHCC)


@dataclass
class Province:
    unit: AdminUnit
    bodies: dict[str, Org]  # btg, HĐND, UBND and the departments, by document symbol
    communes: list[Commune] = field(default_factory=list)


def is_generated() -> bool:
    return ConcernReport.objects.filter(source=SOURCE)[:1].exists()


def _place(name: str) -> str:
    return name[:1].lower() + name[1:]


def _provinces() -> list[Province]:
    """The generated organisations of each province and of its communes (what the "orgs" layer made)."""
    provinces: dict[int, Province] = {}
    communes: dict[int, Commune] = {}
    rows = (
        Organization.objects.filter(unit__generation=AdminUnit.Generation.CURRENT)
        .order_by("unit__path", "id")
        .values_list("id", "unit_path", "unit_id", "unit__level", "unit__parent_id", "doc_symbol", "type__code")
    )
    units = {
        u.id: u
        for u in AdminUnit.objects.filter(generation=AdminUnit.Generation.CURRENT, level__lte=AdminUnit.Level.COMMUNE)
    }
    later = []
    for org_id, path, unit_id, level, parent_id, symbol, type_code in rows:
        if level == AdminUnit.Level.PROVINCE:
            p = provinces.setdefault(unit_id, Province(units[unit_id], {}))
            key = "BTG" if type_code == "ban-tuyen-giao" else symbol
            p.bodies.setdefault(key, Org(org_id, path))
        else:
            later.append((org_id, path, unit_id, parent_id, symbol))
    for org_id, path, unit_id, parent_id, symbol in later:
        if parent_id not in provinces:
            continue
        if unit_id not in communes:
            communes[unit_id] = Commune(units[unit_id], _place(units[unit_id].name), {})
            provinces[parent_id].communes.append(communes[unit_id])
        communes[unit_id].bodies.setdefault(symbol, Org(org_id, path))
    return [p for p in provinces.values() if "BTG" in p.bodies and "UBND" in p.bodies]


def _intake(channel: str, p: Province, c: Commune | None, rng: random.Random) -> Org:
    """Who took the concern in: the HĐND for voter meetings, the UBND and its service centre for receptions
    and letters, the propaganda department for the press and social networks, the Front for its reports."""
    r = rng.random()
    cb = c.bodies if c else {}
    if channel == Channel.VOTER_MEETING:
        pick = p.bodies["HĐND"] if r < 0.5 or "HĐND" not in cb else cb["HĐND"]
    elif channel in (Channel.RECEPTION, Channel.COMPLAINT, Channel.PETITION, Channel.FEEDBACK, Channel.DENUNCIATION):
        pick = (cb.get("UBND") if r < 0.6 else cb.get("TTPVHCC") if r < 0.8 else None) or p.bodies["UBND"]
    elif channel in (Channel.PRESS, Channel.SOCIAL, Channel.COLLABORATOR):
        pick = (cb.get("BXDĐ") if r < 0.3 else None) or p.bodies["BTG"]
    elif channel == Channel.FRONT:
        pick = cb.get("MTTQ") or p.bodies["UBND"]
    else:
        pick = (cb.get("UBND") if r < 0.5 else None) or p.bodies["UBND"]
    return pick


def _lead(group: str, p: Province, c: Commune | None, rng: random.Random) -> Org:
    r = rng.random()
    if r < 0.55 and c is not None and "UBND" in c.bodies:
        return c.bodies["UBND"]
    if r < 0.80 and DEPARTMENT_OF.get(group) in p.bodies:
        return p.bodies[DEPARTMENT_OF[group]]
    return p.bodies["UBND"]


class _Filler:
    """Fills a template for a commune; its hamlets, projects and roads are the commune's own few, so the same
    matter comes back in the same commune. Returns the title and description and their folded forms, made
    from the folded pieces (`fold` works letter by letter, so folding the pieces gives the folded whole, and
    a million texts are not folded one by one; `_check` compares with `fold` on a sample)."""

    PREFIXES = ["Cử tri phản ánh: ", "Người dân bức xúc vì ", "Đề nghị cơ quan chức năng xem xét: ", "Qua nắm bắt: "]

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.local: dict[int, dict] = {}
        self.folded: dict[str, str] = {}
        self.letters: dict[str, tuple[list[str], str]] = {}

    def _fold(self, text: str) -> str:
        if text not in self.folded:
            self.folded[text] = fold(text)
        return self.folded[text]

    def _letters(self, text: str) -> tuple[list[str], str]:
        """`sort_key`'s primary key of each character of `text` and their tones (through sort_key itself, the
        text between two letters so that its spaces are kept)."""
        if text not in self.letters:
            primary, tones = sort_key(f"x{text}x").split(" ", 1)
            entries = re.findall(r"#.|.", primary)[1:-1]
            self.letters[text] = (entries, tones[1:-1])
        return self.letters[text]

    def sort_key(self, template: str, values: dict[str, str]) -> str:
        """sort_key(template.format(**values)) from the keys of its pieces (the first 110 characters decide)."""
        primary: list[str] = []
        tones = ""
        for literal, name, _, _ in string.Formatter().parse(template):
            for piece in (literal, values[name] if name else ""):
                if piece:
                    p, t = self._letters(piece)
                    primary += p
                    tones += t
        return "".join(primary[:110]) + " " + tones[:110]

    def fill(self, template: tuple[str, str, str], place: str, unit_id: int) -> tuple[str, str, str, str, str]:
        rng = self.rng
        if unit_id not in self.local:
            self.local[unit_id] = {
                "project": rng.sample(PROJECTS, 3),
                "road": rng.sample(ROADS, 3),
                "river": rng.sample(RIVERS, 2),
                "company": rng.sample(COMPANIES, 2),
                "school": [f"{s} {place.split(' ', 1)[-1]}" for s in rng.sample(SCHOOLS, 3)],
                "market": rng.sample(MARKETS, 2),
            }
        local = self.local[unit_id]
        hamlet = rng.choice(["thôn", "thôn", "tổ dân phố", "khu phố", "buôn"]) + f" {rng.randint(1, 12)}"
        values = {k: rng.choice(v) for k, v in local.items()} | {
            "place": place,
            "hamlet": hamlet,
            "n": str(rng.choice([2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60])),
        }
        folded_values = {k: self._fold(v) for k, v in values.items()}
        _, title_t, description_t = template
        title = title_t.format(**values)
        title = title[:1].upper() + title[1:]
        title_key = self.sort_key(title_t, values)[:240]
        description = description_t.format(**values)
        folded_title = self._fold(title_t).format(**folded_values)
        folded_description = self._fold(description_t).format(**folded_values)
        if rng.random() < 0.3:  # reported in other words
            prefix = rng.choice(self.PREFIXES)
            description = prefix + description[:1].lower() + description[1:]
            folded_description = f"{self._fold(prefix)} {folded_description}"
        return title, description, folded_title, folded_description, title_key


def _check(concern: Concern) -> None:
    """The folded text and the sort key are the ones `concerns.services._derive` would set."""
    search_text = fold(f"{concern.title} {concern.description}")
    key = sort_key(concern.title)[:240]
    if (concern.search_text, concern.sort_key) != (search_text, key):
        raise AssertionError(
            f"derived fields differ for {concern.title!r}: {concern.search_text!r}, {concern.sort_key!r} ≠ "
            f"{search_text!r}, {key!r}"
        )


def _concerns(p: Province, count: int, topics: dict[str, Topic], now: dt.datetime, rng: random.Random, filler):
    """`count` concerns of the province, each as (Concern, intake Org, lead Org or None)."""
    today = timezone.localdate(now)
    span = YEARS * 365 * 24 * 3600
    ranks = list(range(1, len(p.communes) + 1))
    rng.shuffle(ranks)
    weights = [1 / r**0.9 for r in ranks]
    channels, channel_weights = [c for c, _ in CHANNELS], [w for _, w in CHANNELS]
    province_place = _place(p.unit.name)
    out = []
    for _ in range(count):
        commune = rng.choices(p.communes, weights)[0] if p.communes and rng.random() > 0.05 else None
        unit = commune.unit if commune else p.unit
        place = commune.place if commune else province_place
        template = rng.choice(TEMPLATES)
        topic = topics[template[0]]
        title, description, folded_title, folded_description, title_key = filler.fill(template, place, unit.id)
        channel = rng.choices(channels, channel_weights)[0]
        # more recent concerns than old ones (use grows): the density of the age falls linearly to half
        age = span * 2 * (1 - (1 - 0.75 * rng.random()) ** 0.5)
        received = now - dt.timedelta(seconds=age)
        old = (now - received).days > OLD_DAYS
        status = rng.choices(*zip(*(OLD_STATUSES if old else RECENT_STATUSES), strict=True))[0]
        severity = rng.choices([1, 2, 3, 4], [20, 55, 20, 5])[0]
        received_day = timezone.localdate(received)
        routed = status not in (ConcernStatus.RECEIVED, ConcernStatus.VERIFYING, ConcernStatus.REJECTED)
        lead = _lead(topic.parent.code, p, commune, rng) if routed else None
        deadline = None
        if routed:
            deadline = received_day + dt.timedelta(days=rng.randint(1, 5) + SLA_DAYS[severity])
            if status in (ConcernStatus.ASSIGNED, ConcernStatus.IN_HANDLING) and not old and rng.random() < 0.7:
                deadline = max(deadline, today + dt.timedelta(days=rng.randint(0, 10)))  # most open ones not late
        done = status in (ConcernStatus.RESOLVED, ConcernStatus.CLOSED)
        resolved_at = received + dt.timedelta(days=rng.randint(2, 40)) if done else None
        if resolved_at and resolved_at > now:
            resolved_at = now
        closed_at = min(resolved_at + dt.timedelta(days=rng.randint(1, 10)), now) if status == "closed" else None
        intake = _intake(channel, p, commune, rng)
        concern = Concern(
            title=title,
            description=description,
            topic=topic,
            channel=channel,
            unit=unit,
            unit_path=unit.path,
            people_affected=rng.choice([None, None, 5, 10, 20, 50, 100, 300]),
            severity=severity,
            mass_complaint=topic.code == "khieu-kien.dong-nguoi" or rng.random() < 0.01,
            ethnic_religious=rng.random() < 0.01,
            security_order=topic.parent.code == "an-ninh" and rng.random() < 0.3,
            false_information=topic.code == "thong-tin-sai.mang-xa-hoi",
            source_ref="",
            received_at=received,
            organization_id=intake.id,
            status=status,
            lead_id=lead.id if lead else None,
            deadline=deadline,
            result="Đã kiểm tra, xử lý theo quy định." if done else "",
            public_answer="Cơ quan chức năng đã kiểm tra và trả lời công khai kết quả xử lý." if closed_at else "",
            resolved_at=resolved_at,
            closed_at=closed_at,
            search_text=f"{folded_title} {folded_description}",
            signature=signature(f"{title}. {description}"),
            sort_key=title_key,
        )
        if len(out) % 997 == 0:
            _check(concern)
        out.append((concern, intake, lead))
    return out


def _number(rows: list[tuple[Concern, Org, Org | None]]) -> None:
    """Tracking codes PH.yyyymmdd.nnnn in order of receipt within each day, after the numbers already issued;
    the daily counters are moved on to match (rows sorted by receipt)."""
    last = dict(TrackingCounter.objects.values_list("day", "last"))
    issued = set(last)
    for concern, _, _ in rows:
        day = timezone.localdate(concern.received_at)
        last[day] = last.get(day, 0) + 1
        concern.tracking_code = f"PH.{day:%Y%m%d}.{last[day]:04d}"
    TrackingCounter.objects.filter(day__in=issued).delete()
    TrackingCounter.objects.bulk_create([TrackingCounter(day=d, last=n) for d, n in last.items()], batch_size=BATCH)


@transaction.atomic
def generate(scale: str, seed: int = 2026) -> dict[str, int]:
    """Concerns, their reports and parties for every province the "orgs" layer made; how many rows of each."""
    rng = random.Random(seed)
    now = timezone.now()
    topics = {t.code: t for t in Topic.objects.select_related("parent").filter(parent__isnull=False)}
    filler = _Filler(rng)
    rows = []
    for p in _provinces():
        rows += _concerns(p, CONCERNS_PER_PROVINCE, topics, now, rng, filler)
    rows.sort(key=lambda r: r[0].received_at)  # ids in order of receipt, as intake makes them
    _number(rows)
    concerns = parties = reports = 0
    with _gin_indexes_deferred(Concern._meta.db_table):
        for start in range(0, len(rows), BATCH * 10):
            chunk = rows[start : start + BATCH * 10]
            Concern.objects.bulk_create([r[0] for r in chunk], batch_size=BATCH)
            party_rows, report_rows = [], []
            for concern, intake, lead in chunk:
                party_rows.append(
                    ConcernParty(
                        concern_id=concern.pk,
                        organization_id=intake.id,
                        role=ConcernParty.Role.INTAKE,
                        unit_path=intake.unit_path,
                        concern_path=concern.unit_path,
                    )
                )
                if lead is not None:
                    party_rows.append(
                        ConcernParty(
                            concern_id=concern.pk,
                            organization_id=lead.id,
                            role=ConcernParty.Role.LEAD,
                            unit_path=lead.unit_path,
                            concern_path=concern.unit_path,
                        )
                    )
                report_rows.append(
                    ConcernReport(
                        concern_id=concern.pk,
                        channel=concern.channel,
                        text=f"{concern.title}\n{concern.description}",
                        unit_id=concern.unit_id,
                        at=concern.received_at,
                        organization_id=intake.id,
                        source=SOURCE,
                    )
                )
            ConcernParty.objects.bulk_create(party_rows, batch_size=BATCH * 2)
            ConcernReport.objects.bulk_create(report_rows, batch_size=BATCH)
            concerns += len(chunk)
            parties += len(party_rows)
            reports += len(report_rows)
    return {"concerns": concerns, "concern parties": parties, "concern reports": reports}
