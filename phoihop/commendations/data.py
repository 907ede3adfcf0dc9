"""Reference data seeded by migration: the forms of award and the fields of good models."""

# (code, name) in their order: from the lowest award to the highest, as lists of proposals are sorted
AWARD_FORMS = [
    ("giay-khen", "Giấy khen"),
    ("bang-khen-tinh", "Bằng khen của Ban Thường vụ Tỉnh ủy / Chủ tịch UBND tỉnh"),
    ("bang-khen-trung-uong", "Bằng khen của Ban Tuyên giáo Trung ương / Bộ, ngành Trung ương"),
    ("co-thi-dua", "Cờ thi đua"),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ"),
    ("huan-chuong-lao-dong", "Huân chương Lao động"),
]

# the work of Quy chế 238-QĐ/TW in which a practice is good
GOOD_MODEL_TOPICS = [
    ("tuyen-truyen", "Tuyên truyền, báo chí, xuất bản"),
    ("cung-cap-thong-tin", "Cung cấp, trao đổi thông tin"),
    ("tiep-xuc-cu-tri", "Tiếp xúc cử tri, tiếp công dân, đối thoại"),
    ("nam-bat-du-luan", "Nắm bắt, định hướng dư luận xã hội"),
    ("giai-quyet-van-de", "Phối hợp giải quyết vấn đề nổi cộm, bức xúc"),
    ("dan-van", "Dân vận khéo, vận động nhân dân"),
    ("chuyen-doi-so", "Chuyển đổi số, ứng dụng công nghệ"),
    ("khac", "Khác"),
]
