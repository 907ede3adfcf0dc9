"""The two-level topic taxonomy of concerns, seeded from domain.md §3.4 (kept as data in the Topic table;
this list is what the first migration loads and what the labelled examples use)."""

# (code, name, [(code, name), ...])
TOPICS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "dat-dai",
        "Đất đai",
        [
            ("dat-dai.thu-hoi", "Thu hồi đất, bồi thường, hỗ trợ, tái định cư"),
            ("dat-dai.gpmb", "Giải phóng mặt bằng dự án"),
            ("dat-dai.quy-hoach", "Quy hoạch, kế hoạch sử dụng đất"),
            ("dat-dai.giay-chung-nhan", "Cấp giấy chứng nhận, tranh chấp đất đai"),
        ],
    ),
    (
        "moi-truong",
        "Môi trường, tài nguyên",
        [
            ("moi-truong.o-nhiem", "Ô nhiễm môi trường (nước, không khí, tiếng ồn, mùi)"),
            ("moi-truong.khai-thac-cat", "Khai thác cát, khoáng sản trái phép"),
            ("moi-truong.rung", "Phá rừng, lấn chiếm đất rừng"),
            ("moi-truong.rac-thai", "Rác thải, bãi rác, xử lý chất thải"),
        ],
    ),
    (
        "gia-ca",
        "Giá cả, đời sống",
        [
            ("gia-ca.hang-hoa", "Giá hàng hóa, điện, nước, xăng dầu"),
            ("gia-ca.viec-lam", "Việc làm, thu nhập, tiền lương"),
        ],
    ),
    (
        "an-sinh",
        "An sinh xã hội",
        [
            ("an-sinh.chinh-sach", "Chính sách người có công, hộ nghèo, bảo trợ xã hội"),
            ("an-sinh.bao-hiem", "Bảo hiểm xã hội, bảo hiểm y tế"),
        ],
    ),
    (
        "y-te",
        "Y tế",
        [
            ("y-te.kham-chua-benh", "Khám chữa bệnh, thuốc, thái độ phục vụ"),
            ("y-te.dich-benh", "Dịch bệnh, an toàn thực phẩm"),
        ],
    ),
    (
        "giao-duc",
        "Giáo dục",
        [
            ("giao-duc.co-so-vat-chat", "Trường lớp, cơ sở vật chất"),
            ("giao-duc.khoan-thu", "Học phí, các khoản thu, dạy thêm"),
        ],
    ),
    (
        "an-ninh",
        "An ninh, trật tự",
        [
            ("an-ninh.lua-dao", "Lừa đảo, chiếm đoạt tài sản, tội phạm công nghệ cao"),
            ("an-ninh.ma-tuy", "Ma túy, tệ nạn xã hội"),
            ("an-ninh.tin-dung-den", "Tín dụng đen, cho vay nặng lãi"),
        ],
    ),
    (
        "ha-tang",
        "Hạ tầng, giao thông",
        [
            ("ha-tang.giao-thong", "Đường sá, cầu cống, an toàn giao thông"),
            ("ha-tang.dien-nuoc", "Cấp điện, cấp nước, thoát nước, ngập úng"),
        ],
    ),
    (
        "do-thi",
        "Trật tự đô thị, xây dựng",
        [
            ("do-thi.xay-dung", "Xây dựng trái phép, lấn chiếm"),
            ("do-thi.via-he", "Lòng đường, vỉa hè, trật tự công cộng"),
        ],
    ),
    ("dan-toc-ton-giao", "Dân tộc, tôn giáo", [("dan-toc-ton-giao.chung", "Dân tộc, tôn giáo, tín ngưỡng")]),
    (
        "can-bo",
        "Cán bộ, công chức",
        [
            ("can-bo.nhung-nhieu", "Nhũng nhiễu, gây phiền hà, thủ tục hành chính"),
            ("can-bo.tham-nhung", "Tham nhũng, tiêu cực, sai phạm"),
        ],
    ),
    ("khieu-kien", "Khiếu kiện đông người, vượt cấp", [("khieu-kien.dong-nguoi", "Khiếu kiện đông người, vượt cấp")]),
    ("thong-tin-sai", "Thông tin sai sự thật", [("thong-tin-sai.mang-xa-hoi", "Thông tin sai sự thật trên mạng")]),
    (
        "sap-xep",
        "Sắp xếp đơn vị hành chính",
        [
            ("sap-xep.tru-so", "Trụ sở, địa điểm làm việc sau sắp xếp"),
            ("sap-xep.giay-to", "Giấy tờ, thủ tục, địa chỉ sau sắp xếp"),
            ("sap-xep.can-bo", "Chế độ, bố trí cán bộ sau sắp xếp"),
        ],
    ),
    ("khac", "Khác", [("khac.khac", "Vấn đề khác")]),
]


def leaf_codes() -> list[str]:
    return [code for _, _, children in TOPICS for code, _ in children]
