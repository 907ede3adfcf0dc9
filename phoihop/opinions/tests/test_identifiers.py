"""The identifier filter, both ways: identifiers refused, ordinary report sentences accepted."""

import pytest

from phoihop.core.errors import ValidationFailed
from phoihop.opinions.identifiers import find_identifiers, refuse_identifiers

REFUSED = [
    ("Người dân gọi 0905 123 456 để phản ánh giá điện.", "phone", "0905 123 456"),
    ("Liên hệ số 0905123456 nếu cần thêm thông tin.", "phone", "0905123456"),
    ("Có người nhắn tin từ 0912.345.678 mời vay tiền.", "phone", "0912.345.678"),
    ("Số máy bàn 0258 3822 111 của thôn đã báo.", "phone", "0258 3822 111"),
    ("Tin nhắn lừa đảo gửi từ +84 905 123 456.", "phone", "+84 905 123 456"),
    ("Gọi 84912345678 để nhận quà.", "phone", "84912345678"),
    ("Số 0976-543-210 liên tục gọi quấy rối.", "phone", "0976-543-210"),
    ("Người phản ánh để lại thư nguyenvana@gmail.com.", "email", "nguyenvana@gmail.com"),
    ("Gửi về hòm thư tra.cuu+phananh@example.com.vn nhé.", "email", "tra.cuu+phananh@example.com.vn"),
    ("Căn cước số 079095001234 bị lộ trên mạng.", "citizen_id", "079095001234"),
    ("CMND 225123456 của một hộ dân bị mượn.", "citizen_id", "225123456"),
    ("Số định danh 079 095 001 234 được chia sẻ.", "citizen_id", "079 095 001 234"),
    ("Xe biển số 51F-123.45 chở cát vào ban đêm.", "plate", "51F-123.45"),
    ("Ô tô 29A-12345 đỗ chắn lối vào chợ.", "plate", "29A-12345"),
    ("Xe máy 59-X1 123.45 chạy lạng lách.", "plate", "59-X1 123.45"),
    ("Xe tải 79C 234.56 đổ trộm rác.", "plate", "79C 234.56"),
    ("Xe 30K-567.89 vượt đèn đỏ.", "plate", "30K-567.89"),
    ("Xe 59X1-234.56 đỗ trên vỉa hè.", "plate", "59X1-234.56"),
    ("Ông Nguyễn Văn An ở thôn 3 bức xúc về đền bù.", "name", "Ông Nguyễn Văn An"),
    ("Nhiều người nói bà Lan bán hàng đa cấp.", "name", "bà Lan"),
    ("Theo anh Tuấn, giá phân bón tăng mạnh.", "name", "anh Tuấn"),
    ("chị Hoa cho biết con bị bắt nạt ở trường.", "name", "chị Hoa"),
    ("Người dân phản ánh ông Hùng lấn chiếm đất công.", "name", "ông Hùng"),
    ("Đồng chí Trần Minh được bà con khen.", "name", "Đồng chí Trần Minh"),
    ("Cô Mai ở tổ dân phố 5 lo lắng về học phí.", "name", "Cô Mai"),
    ("Chú Ba Đức kể lại chuyện cũ.", "name", "Chú Ba Đức"),
    ("Một số hộ nói: Bà Tư không đồng ý phương án.", "name", "Bà Tư"),
    ("Anh Trung, tổ trưởng, đã báo cáo.", "name", "Anh Trung"),
]

ACCEPTED = [
    "Nhân dân đồng tình với chủ trương sáp nhập tỉnh Bà Rịa - Vũng Tàu vào Thành phố Hồ Chí Minh.",
    "Người dân phường Ninh Hòa quan tâm đến giá điện tăng từ tháng 5/2026.",
    "Ông Chủ tịch UBND xã đã đối thoại với 45 hộ dân về bồi thường.",
    "Bà Bí thư Đảng ủy xã chủ trì buổi tiếp xúc cử tri ngày 15/3/2026.",
    "Anh Công an xã hướng dẫn bà con cài đặt định danh điện tử.",
    "Chợ Bà Chiểu đông khách dịp Tết.",
    "Nhiều người đi lễ núi Bà Đen trong mùa lễ hội.",
    "Cầu Ông Lãnh đang được sửa chữa.",
    "Đường Bà Triệu ngập nước sau mưa lớn.",
    "Khách du lịch lên Bà Nà đông hơn năm trước.",
    "Huyện Cô Tô thiếu nước ngọt mùa khô.",
    "Diện tích thu hồi là 12,5 ha, bồi thường 1.200.000.000 đồng.",
    "Dự án có tổng vốn 120.000.000 đồng cho 84 hộ dân.",
    "Thửa đất số 123, tờ bản đồ số 45 đang tranh chấp.",
    "Đường dây nóng 1900 9095 của ngành điện hoạt động tốt.",
    "Năm 2025 có 2.621 xã, 687 phường và 13 đặc khu.",
    "Quốc lộ 1A đoạn qua xã bị hư hỏng, người dân lo lắng.",
    "Cử tri phản ánh Km 12+300 Quốc lộ 26 thường xảy ra tai nạn.",
    "Ông bà ta có câu: uống nước nhớ nguồn.",
    "Bà con nông dân bức xúc vì giá lúa giảm.",
    "Anh em công nhân lo lắng về việc làm sau Tết.",
    "Các cụ cao tuổi đồng tình với chính sách trợ cấp.",
    "Theo Nghị quyết số 18-NQ/TW ngày 25/10/2017, bộ máy được tinh gọn.",
    "Quyết định 238-QĐ/TW được cán bộ quan tâm.",
    "Người dân gọi 113 khi có trộm, gọi 115 khi cấp cứu.",
    "Có 3 trường hợp bị lừa qua mạng, thiệt hại khoảng 50 triệu đồng.",
    "Ông Giám đốc Sở Y tế đã trả lời cử tri.",
    "Bà Đại biểu Quốc hội tiếp xúc cử tri tại thôn Đông.",
    "Tỉnh Khánh Hòa và Ninh Thuận hợp nhất từ 1/7/2025.",
    "Tổ dân phố 7 đề nghị lắp đèn chiếu sáng.",
    "Giá xăng RON 95 tăng lên 24.500 đồng/lít.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được hưởng ứng.",
    "Nhân dân huyện Anh Sơn phấn khởi vì đường mới.",
    "Ông UBND xã chưa trả lời — cách viết sai nhưng không có tên người.",
]


@pytest.mark.parametrize(("text", "kind", "fragment"), REFUSED)
def test_identifiers_are_found_and_pointed_at(text, kind, fragment):
    found = find_identifiers(text)
    assert [(f.kind, f.fragment) for f in found] == [(kind, fragment)]
    assert text[found[0].start : found[0].end] == fragment


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_report_sentences_pass(text):
    assert find_identifiers(text) == []


def test_the_table_is_large_enough_both_ways():
    assert len(REFUSED) >= 20 and len(ACCEPTED) >= 20 and len(REFUSED) + len(ACCEPTED) >= 40


def test_refusal_names_the_field_and_the_fragment_in_vietnamese():
    with pytest.raises(ValidationFailed) as e:
        refuse_identifiers(
            {
                "items-0-summary": ("Ý kiến", "Bà con đồng tình."),
                "items-1-summary": ("Ý kiến", "Gọi 0905 123 456 để biết thêm; chị Hoa nói vậy."),
            }
        )
    assert e.value.status == 400 and e.value.code == "personal_data"
    messages = e.value.errors["items-1-summary"]
    assert len(messages) == 2 and "items-0-summary" not in e.value.errors
    assert "«0905 123 456» giống số điện thoại" in messages[0] and "hãy viết lại" in messages[0]
    assert "«chị Hoa» là tên một người" in messages[1]
