"""Realistic document specs for the rendering tests and previews (names of people are invented)."""

import datetime as dt

from phoihop.documents.rendering import (
    Heading,
    Issuer,
    NumberedItem,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
)

_ACTIVITIES = [
    ("Tuyên truyền kết quả kỳ họp Hội đồng nhân dân tỉnh", "Ban Tuyên giáo Tỉnh ủy", "Sau mỗi kỳ họp"),
    ("Tổ chức hội nghị báo cáo viên định kỳ", "Ban Tuyên giáo Tỉnh ủy", "Hằng tháng"),
    ("Giám sát việc giải quyết kiến nghị của cử tri", "Thường trực HĐND tỉnh", "Quý II, quý IV"),
    ("Nắm bắt, tổng hợp dư luận xã hội", "Hai bên phối hợp", "Thường xuyên"),
    ("Sơ kết, đánh giá kết quả phối hợp", "Thường trực HĐND tỉnh", "Tháng 12 hằng năm"),
]


def state_joint_program(number_line: str = "Số: 05/CTr-HĐND-BTGTU") -> OfficialDocument:
    """A joint program of a State body (lead) and a Party body, State profile, about three pages."""
    intro = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; căn cứ Quy chế làm việc của "
        "Ban Chấp hành Đảng bộ tỉnh khóa XVIII, nhiệm kỳ 2020-2025; để nâng cao hiệu quả công tác thông tin, "
        "tuyên truyền về hoạt động của Hội đồng nhân dân tỉnh, Thường trực Hội đồng nhân dân tỉnh và Ban Tuyên "
        "giáo Tỉnh ủy thống nhất ban hành Chương trình phối hợp với những nội dung sau:"
    )
    filler = (
        "Các bên chủ động trao đổi thông tin, kịp thời định hướng dư luận xã hội, bảo đảm công tác tuyên truyền "
        "được thực hiện thường xuyên, đúng định hướng, đúng quy định của pháp luật; phát huy vai trò của đội ngũ "
        "báo cáo viên, tuyên truyền viên và các cơ quan báo chí trên địa bàn tỉnh."
    )
    return OfficialDocument(
        profile="state",
        issuers=[
            Issuer("HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA", "THƯỜNG TRỰC"),
            Issuer("TỈNH ỦY KHÁNH HÒA", "BAN TUYÊN GIÁO"),
        ],
        number_line=number_line,
        place="Khánh Hòa",
        date=dt.date(2023, 1, 5),
        doc_type_name="Chương trình phối hợp",
        title="Về công tác thông tin, tuyên truyền hoạt động\ncủa Hội đồng nhân dân tỉnh giai đoạn 2023-2025",
        blocks=[
            Paragraph(intro),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            NumberedItem(1, "Mục đích", filler + "\n" + filler),
            NumberedItem(2, "Yêu cầu", filler),
            Heading("II. NỘI DUNG PHỐI HỢP"),
            NumberedItem(1, "Công tác thông tin, tuyên truyền", filler + "\n" + filler + "\n" + filler),
            NumberedItem(2, "Công tác nắm bắt dư luận xã hội", filler + "\n" + filler),
            NumberedItem(3, "Công tác giám sát, khảo sát", filler),
            Heading("III. KẾ HOẠCH THỰC HIỆN", level=1),
            Table(
                headers=["TT", "Nội dung hoạt động", "Cơ quan chủ trì", "Thời gian"],
                rows=[[str(i), *a] for i, a in enumerate(_ACTIVITIES, start=1)],
                widths_cm=[1.2, 7.8, 4.3, 3.2],
            ),
            Heading("IV. TỔ CHỨC THỰC HIỆN"),
            NumberedItem(1, "", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh là đầu mối. " + filler),
            NumberedItem(2, "", "Phòng Tuyên truyền Ban Tuyên giáo Tỉnh ủy là đầu mối. " + filler),
            NumberedItem(3, "", "Định kỳ hằng năm, hai bên tổ chức sơ kết; kết thúc giai đoạn tổ chức tổng kết."),
            Paragraph(
                "Trong quá trình thực hiện, nếu có vấn đề phát sinh, các bên kịp thời trao đổi, thống nhất điều chỉnh."
            ),
        ],
        signers=[
            Signer("", "TM. THƯỜNG TRỰC HĐND", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"),
            Signer("BAN TUYÊN GIÁO TỈNH ỦY", "", "TRƯỞNG BAN", "Trần Thị Bình"),
        ],
        recipients=[
            "Thường trực Tỉnh ủy (b/c)",
            "Thường trực HĐND tỉnh",
            "Các Ban của HĐND tỉnh",
            "Các cơ quan báo chí tỉnh",
            "Lưu: VT, BTGTU, VP",
        ],
    )


def party_plan(number_line: str = "Số 12-KH/BTGTU") -> OfficialDocument:
    """A Party-profile plan of one body with one signer."""
    text = (
        "Thực hiện Kế hoạch số 45-KH/TU ngày 10/01/2023 của Ban Thường vụ Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy xây "
        "dựng kế hoạch tuyên truyền kỷ niệm các ngày lễ lớn, sự kiện lịch sử quan trọng trong năm như sau:"
    )
    return OfficialDocument(
        profile="party",
        issuers=[Issuer("TỈNH ỦY KHÁNH HÒA", "BAN TUYÊN GIÁO")],
        number_line=number_line,
        place="Khánh Hòa",
        date=dt.date(2023, 3, 15),
        doc_type_name="Kế hoạch",
        title="tuyên truyền các ngày lễ lớn, sự kiện lịch sử năm 2023",
        blocks=[
            Paragraph(text),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            NumberedItem(1, "", "Tuyên truyền sâu rộng ý nghĩa lịch sử của các ngày lễ lớn trong năm."),
            NumberedItem(2, "", "Công tác tuyên truyền bảo đảm thiết thực, hiệu quả, tiết kiệm."),
            Heading("II. NỘI DUNG TUYÊN TRUYỀN"),
            Paragraph("Kỷ niệm 93 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2023)."),
            Heading("III. TỔ CHỨC THỰC HIỆN"),
            Paragraph("Các cơ quan, đơn vị căn cứ kế hoạch này triển khai thực hiện và báo cáo kết quả."),
        ],
        signers=[Signer("", "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Lê Văn Cường")],
        recipients=["Thường trực Tỉnh ủy (để b/c)", "Các huyện ủy, thị ủy, thành ủy", "Lưu Văn phòng Ban"],
    )
