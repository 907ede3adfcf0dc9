"""Opinion topics kept as data: the groups of the concern taxonomy, then policies and events people talk
about. The first migration loads this list; later changes are made in the OpinionTopic table."""

# (code, name): policies and events (group "chinh-sach")
POLICY_TOPICS: list[tuple[str, str]] = [
    ("cs.sap-xep-bo-may", "Sắp xếp tổ chức bộ máy, sáp nhập tỉnh, xã, chính quyền hai cấp"),
    ("cs.dai-hoi-dang", "Đại hội Đảng bộ các cấp, nhân sự"),
    ("cs.bau-cu", "Bầu cử đại biểu Quốc hội và HĐND các cấp"),
    ("cs.phap-luat", "Luật, chính sách mới (đất đai, thuế, bảo hiểm, giáo dục…)"),
    ("cs.phong-chong-tham-nhung", "Phòng, chống tham nhũng, tiêu cực, lãng phí"),
    ("cs.kinh-te", "Tình hình kinh tế, thị trường, sản xuất kinh doanh"),
    ("cs.chuyen-doi-so", "Chuyển đổi số, dịch vụ công trực tuyến, định danh điện tử"),
    ("cs.thien-tai", "Thiên tai, bão lũ, dịch bệnh và khắc phục hậu quả"),
    ("cs.quoc-te", "Tình hình thế giới, khu vực, biển đảo, đối ngoại"),
    ("cs.su-kien", "Sự kiện chính trị, văn hóa, thể thao của đất nước và địa phương"),
]
