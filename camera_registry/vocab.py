"""The registry's controlled vocabularies, with Vietnamese and English labels.

Values are stored in the database as the enum's string value; labels are what
people read (Vietnamese first).  Nothing here imports the database.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """Administrative level of a unit."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class CommuneBasis(StrEnum):
    """How a camera's commune was decided.

    ``derived``: its point lies in the commune's loaded boundary.  ``given``: the
    commune has no boundary loaded yet, so the commune the file or the user named
    was taken as it was given.
    """

    DERIVED = "derived"
    GIVEN = "given"


class CameraKind(StrEnum):
    """How a camera looks at the world."""

    FIXED = "fixed"
    PTZ = "ptz"
    FISHEYE = "fisheye"
    ANPR = "anpr"


class Ownership(StrEnum):
    """Who paid for and holds the camera (and so its footage)."""

    STATE = "state"
    COMMUNITY = "community"
    HOUSEHOLD = "household"
    BUSINESS = "business"


class CameraStatus(StrEnum):
    """Operational status of a camera at a moment."""

    ACTIVE = "active"
    FAULTY = "faulty"
    OFFLINE = "offline"
    DECOMMISSIONED = "decommissioned"


class IncidentType(StrEnum):
    """The incident taxonomy used in police reporting."""

    TRAFFIC_ACCIDENT = "traffic_accident"
    TRAFFIC_VIOLATION = "traffic_violation"
    PROPERTY_THEFT = "property_theft"
    ROBBERY = "robbery"
    ASSAULT = "assault"
    DRUG_OFFENCE = "drug_offence"
    NEIGHBOURHOOD_DISPUTE = "neighbourhood_dispute"
    FRAUD = "fraud"
    FIRE = "fire"
    PUBLIC_DISORDER = "public_disorder"
    OTHER = "other"


class IncidentStatus(StrEnum):
    """Lifecycle of an incident: reported → investigating → clarified → closed."""

    REPORTED = "reported"
    INVESTIGATING = "investigating"
    CLARIFIED = "clarified"
    CLOSED = "closed"


class Usefulness(StrEnum):
    """How much a piece of footage helped."""

    DECISIVE = "decisive"
    SUPPORTING = "supporting"
    NOT_USEFUL = "not_useful"


class CustodyAction(StrEnum):
    """What happened to an evidence file in its chain of custody."""

    EXTRACTED = "extracted"
    VIEWED = "viewed"
    COPIED = "copied"
    HANDED_OVER = "handed_over"
    SEALED = "sealed"
    RELEASED = "released"


class Role(StrEnum):
    """What a user may see and do."""

    ADMIN = "admin"
    INVESTIGATOR = "investigator"
    PLANNER = "planner"
    COMMUNE_OFFICER = "commune_officer"
    VIEWER = "viewer"


LABELS: dict[StrEnum, tuple[str, str]] = {
    Level.PROVINCE: ("Tỉnh/Thành phố", "Province"),
    Level.DISTRICT: ("Huyện/Quận/Thị xã", "District"),
    Level.COMMUNE: ("Xã/Phường/Thị trấn", "Commune"),
    CameraKind.FIXED: ("Cố định", "Fixed"),
    CameraKind.PTZ: ("Quay quét (PTZ)", "PTZ"),
    CameraKind.FISHEYE: ("Mắt cá (360°)", "Fisheye"),
    CameraKind.ANPR: ("Nhận dạng biển số", "ANPR"),
    Ownership.STATE: ("Ngân sách nhà nước", "State"),
    Ownership.COMMUNITY: ("Xã hội hóa (cộng đồng)", "Community-funded"),
    Ownership.HOUSEHOLD: ("Hộ gia đình", "Household"),
    Ownership.BUSINESS: ("Doanh nghiệp", "Business"),
    CameraStatus.ACTIVE: ("Đang hoạt động", "Active"),
    CameraStatus.FAULTY: ("Hỏng", "Faulty"),
    CameraStatus.OFFLINE: ("Mất kết nối", "Offline"),
    CameraStatus.DECOMMISSIONED: ("Đã tháo dỡ", "Decommissioned"),
    IncidentType.TRAFFIC_ACCIDENT: ("Tai nạn giao thông", "Traffic accident"),
    IncidentType.TRAFFIC_VIOLATION: (
        "Vi phạm trật tự an toàn giao thông",
        "Traffic-order violation",
    ),
    IncidentType.PROPERTY_THEFT: ("Trộm cắp tài sản", "Property theft"),
    IncidentType.ROBBERY: ("Cướp tài sản", "Robbery"),
    IncidentType.ASSAULT: ("Cố ý gây thương tích", "Assault"),
    IncidentType.DRUG_OFFENCE: ("Ma túy", "Drug offence"),
    IncidentType.NEIGHBOURHOOD_DISPUTE: ("Mâu thuẫn tại khu dân cư", "Neighbourhood dispute"),
    IncidentType.FRAUD: ("Lừa đảo", "Fraud"),
    IncidentType.FIRE: ("Cháy nổ", "Fire"),
    IncidentType.PUBLIC_DISORDER: ("Gây rối trật tự công cộng", "Public disorder"),
    IncidentType.OTHER: ("Khác", "Other"),
    IncidentStatus.REPORTED: ("Tiếp nhận", "Reported"),
    IncidentStatus.INVESTIGATING: ("Đang xác minh", "Investigating"),
    IncidentStatus.CLARIFIED: ("Đã làm rõ", "Clarified"),
    IncidentStatus.CLOSED: ("Đã kết thúc", "Closed"),
    Usefulness.DECISIVE: ("Quyết định", "Decisive"),
    Usefulness.SUPPORTING: ("Hỗ trợ", "Supporting"),
    Usefulness.NOT_USEFUL: ("Không hữu ích", "Not useful"),
    CustodyAction.EXTRACTED: ("Trích xuất", "Extracted"),
    CustodyAction.VIEWED: ("Xem", "Viewed"),
    CustodyAction.COPIED: ("Sao chép", "Copied"),
    CustodyAction.HANDED_OVER: ("Bàn giao", "Handed over"),
    CustodyAction.SEALED: ("Niêm phong", "Sealed"),
    CustodyAction.RELEASED: ("Giải tỏa", "Released"),
    Role.ADMIN: ("Quản trị", "Administrator"),
    Role.INVESTIGATOR: ("Điều tra viên", "Investigator"),
    Role.PLANNER: ("Quy hoạch", "Planner"),
    Role.COMMUNE_OFFICER: ("Công an xã", "Commune officer"),
    Role.VIEWER: ("Xem", "Viewer"),
}


def label(value: StrEnum, lang: str = "vi") -> str:
    """Return the Vietnamese (default) or English label of a vocabulary value."""
    vi, en = LABELS[value]
    return en if lang == "en" else vi
