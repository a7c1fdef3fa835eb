"""Fictional Vietnamese names, phone numbers and texts for the demo data.

Every person, business and phone number here is invented.  Phone numbers all
follow the pattern ``0900 0xx xxx`` so that nobody mistakes them for real ones.
"""

from __future__ import annotations

import random

SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Trịnh", "Đinh", "Quách", "Hà", "Lương", "Cao",
)  # fmt: skip
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Xuân")
MIDDLE_FEMALE = ("Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh")
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Hiếu", "Khánh", "Long", "Lực",
    "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Toàn", "Tuấn", "Việt", "Trung", "Tùng",
)  # fmt: skip
GIVEN_FEMALE = (
    "Anh", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung",
    "Thảo", "Trang", "Tuyết", "Yến", "Huyền", "Loan",
)  # fmt: skip
RANKS = ("Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá")
SHOP_KINDS = (
    "Cửa hàng tạp hóa", "Cửa hàng vật liệu xây dựng", "Cửa hàng xe máy", "Nhà nghỉ",
    "Quán cà phê", "Cửa hàng xăng dầu", "Tiệm vàng", "Đại lý phân bón",
)  # fmt: skip
SHOP_NAMES = (
    "Hưng Thịnh", "Minh Phát", "Phú Quý", "Thành Đạt", "An Khang", "Tân Phát",
    "Hoàng Long", "Kim Ngân", "Đức Tài", "Thanh Bình", "Hồng Phúc", "Phát Lộc",
)  # fmt: skip
BAN_NAMES = (
    "Nấm", "Chiềng", "Ba Hạ", "Đồng Mới", "Bái Đông", "Kim Mẫm", "Pheo", "Khạt",
)  # fmt: skip
BON_NAMES = (
    "Bu Prăng", "N'Jang Bơ", "Sar Pa", "Ja Lú", "R'Lông", "Phi Mur", "Bu Đưng",
    "Đắk Blao", "Bu N'Drung", "Me Ra", "Ol Bu Tung", "Ting Wel",
)  # fmt: skip
BUON_NAMES = ("Nui", "Trum", "Ol", "Buôr", "Ea Pô", "Ja Rah")


def person(rng: random.Random) -> str:
    """A fictional full name."""
    if rng.random() < 0.6:
        middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
    else:
        middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    return f"{rng.choice(SURNAMES)} {middle} {given}"


def officer(rng: random.Random) -> str:
    """A fictional police officer with rank, as it appears on an extraction record."""
    return f"{rng.choice(RANKS)} {person(rng)}"


def phone(rng: random.Random) -> str:
    """A clearly fake mobile number: 0900 0xx xxx."""
    return f"0900 0{rng.randrange(100):02d} {rng.randrange(1000):03d}"


def business(rng: random.Random) -> str:
    """A fictional shop or small business name."""
    return f"{rng.choice(SHOP_KINDS)} {rng.choice(SHOP_NAMES)}"


def hamlet_names(rng: random.Random, *, town: bool, region: str, district: str) -> list[str]:
    """Names of the residential groups of one commune.

    Towns have "Tổ dân phố n"; rural communes "Thôn n" plus, where the local
    custom fits, a "Bản" (Mường, Thanh Hóa), "Bon" (M'Nông) or "Buôn" (Ê Đê).
    """
    if town:
        return [f"Tổ dân phố {i}" for i in range(1, rng.randint(5, 8) + 1)]
    count = rng.randint(4, 6)
    names = [f"Thôn {i}" for i in range(1, count + 1)]
    if region == "CT" and rng.random() < 0.5:
        names[-1] = f"Bản {rng.choice(BAN_NAMES)}"
    elif region == "DN":
        pool = BUON_NAMES if district in ("662", "664") else BON_NAMES
        word = "Buôn" if district in ("662", "664") else "Bon"
        picks = rng.sample(pool, k=rng.randint(1, 2))
        names[-len(picks) :] = [f"{word} {p}" for p in picks]
    return names


DESCRIPTIONS = {
    "traffic_accident": (
        "Va chạm giữa xe máy và ô tô tải gần {place}, một người bị thương.",
        "Xe máy tự ngã khi tránh người đi bộ tại {place}.",
        "Hai xe máy va chạm tại ngã ba gần {place}, hư hỏng phương tiện.",
    ),
    "traffic_violation": (
        "Nhóm thanh niên lạng lách, đánh võng gần {place}.",
        "Xe tải chở quá tải trọng đi qua {place} rồi bỏ chạy.",
        "Điều khiển xe máy đi ngược chiều gây nguy hiểm tại {place}.",
    ),
    "property_theft": (
        "Mất trộm xe máy dựng trước {place}.",
        "Trộm cắp tài sản tại nhà dân gần {place}.",
        "Mất trộm hàng hóa tại quầy gần {place}.",
    ),
    "robbery": ("Đối tượng giật túi xách của người đi đường gần {place}.",),
    "assault": (
        "Xô xát, đánh nhau gây thương tích gần {place}.",
        "Hai nhóm thanh niên đánh nhau tại {place}.",
    ),
    "drug_offence": (
        "Phát hiện đối tượng tàng trữ trái phép chất ma túy gần {place}.",
        "Nhóm người tụ tập sử dụng trái phép chất ma túy tại {place}.",
    ),
    "neighbourhood_dispute": (
        "Mâu thuẫn về ranh giới đất giữa hai hộ gia đình gần {place}.",
        "Cãi vã, xô xát giữa hai gia đình hàng xóm tại {place}.",
    ),
    "fraud": (
        "Người dân bị lừa chuyển tiền qua điện thoại, trình báo tại {place}.",
        "Đối tượng giả danh cán bộ thu tiền của người dân gần {place}.",
    ),
    "fire": ("Cháy kho chứa nông sản gần {place}.", "Cháy quán hàng tạm gần {place}."),
    "public_disorder": (
        "Tụ tập gây mất trật tự, ồn ào kéo dài tại {place}.",
        "Đốt pháo gây mất an ninh trật tự tại {place}.",
    ),
    "other": (
        "Phát hiện tài sản bị bỏ lại gần {place}.",
        "Người đi lạc được tìm thấy gần {place}.",
    ),
}

EVIDENCE_NOTES = {
    "decisive": (
        "Hình ảnh rõ, xác định được đối tượng và diễn biến vụ việc.",
        "Xác định được biển kiểm soát phương tiện liên quan.",
    ),
    "supporting": (
        "Hình ảnh hỗ trợ xác định hướng di chuyển của đối tượng.",
        "Ghi nhận thời điểm xảy ra, bổ sung lời khai nhân chứng.",
    ),
    "not_useful": (
        "Camera không ghi được khu vực xảy ra vụ việc.",
        "Hình ảnh ban đêm mờ, không nhận dạng được đối tượng.",
        "Dữ liệu bị gián đoạn trong khoảng thời gian cần trích xuất.",
    ),
}

#: How the holder was contacted, as written on a footage request.
CONTACT_WAYS = ("gọi điện thoại", "đến làm việc trực tiếp", "gửi giấy đề nghị qua trưởng thôn")
#: The holder's answers, as the officer records them.
REQUEST_APPROVED = (
    "Chủ camera đồng ý cung cấp, hẹn trích xuất tại chỗ.",
    "Chủ camera đồng ý, đã khóa đoạn ghi hình cần trích xuất.",
)
REQUEST_REFUSED = (
    "Chủ camera không đồng ý cung cấp dữ liệu.",
    "Chủ camera từ chối, đề nghị có văn bản của cấp trên.",
)
