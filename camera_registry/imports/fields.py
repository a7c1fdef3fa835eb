"""The columns an import understands, and the headers that name them by default.

Headers are matched without regard to case, diacritics, spacing, underscores or
a trailing unit in parentheses: ``"Tầm xa (m)"``, ``"TAM XA"`` and ``"tam_xa"``
all name ``range_m``.  A header written as ``"Vietnamese (field)"`` — the form
camreg's own exports use, e.g. ``"Mã camera (code)"`` — matches by either part.
Columns that match nothing are reported and ignored.  A mapping file or
``--map "Cột A=code"`` overrides or extends this table.

===================  =========================================  ====================================
field                Vietnamese headers (any diacritics)        English headers
===================  =========================================  ====================================
code                 Mã camera, Mã, Số hiệu, Mã hiệu            code, camera code, camera id
lon                  Kinh độ                                    lon, lng, long, longitude
lat                  Vĩ độ                                      lat, latitude
x, y                 Tọa độ X, Tọa độ Y                         x, y (see "Projected coordinates")
easting, northing    Hoành độ E, Tung độ N                      easting, northing
direction_deg        Hướng, Hướng nhìn, Hướng quay, Phương vị   direction, azimuth, bearing,
                                                                camera:direction
fov_deg              Góc nhìn, Góc quan sát                     fov, field of view
range_m              Tầm xa, Tầm nhìn, Khoảng cách quan sát     range, distance
height_m             Độ cao, Chiều cao, Độ cao lắp đặt          height, mount height
kind                 Loại camera, Loại, Chủng loại              kind, type, camera type
ownership            Hình thức sở hữu, Nguồn vốn, Sở hữu        ownership, funding
owner_name           Chủ sở hữu, Chủ hộ, Đơn vị quản lý         owner, owner name, holder, operator
owner_contact        Liên hệ, Số điện thoại, SĐT, Điện thoại    contact, phone, owner contact
programme            Chương trình, Mô hình, Dự án               programme, program, project
address              Địa chỉ, Vị trí lắp đặt, Vị trí            address, location
commune_code         Xã/Phường, Xã, Phường, Mã xã               commune, commune code, ward
province             Tỉnh/Thành phố, Tỉnh, Mã tỉnh              province, province code
installed_on         Ngày lắp đặt, Ngày lắp                     installed on, installation date,
                                                                start date
status               Trạng thái, Tình trạng                     status
retention_days       Số ngày lưu trữ, Lưu trữ, Thời gian lưu    retention, retention days
connected_to_centre  Kết nối trung tâm, Kết nối                 connected, connected to centre
last_verified_on     Ngày kiểm tra, Ngày xác minh               last verified on, verified on,
                                                                check date
external_id          Mã ngoài                                   external id, osm id
attribution          Nguồn dữ liệu, Ghi công                    attribution, licence, license
===================  =========================================  ====================================

Columns camreg writes on export but does not read back (``commune_name``,
``source``, ``imported_at``, ``version``, ``site_code``, ``decommissioned_on``,
``outside_commune``, ``commune_basis``) are recognised and ignored
(``decommissioned_on`` follows the imported ``status``; sites are managed
through the API; the commune's basis is decided again on import).

``province`` (Tỉnh/Thành phố, a code or a name; or ``defaults: {province: …}``
in a mapping) is read only to tell apart communes of the same name when a
commune column holds names (see :mod:`camera_registry.imports.given`).

Projected coordinates: with ``--crs`` naming a projected system, ``easting`` /
``northing`` are unambiguous.  ``X`` / ``Y`` are not: Vietnamese survey
documents write the northing as X, GIS software the easting.  In Vietnam
northings (≈ 950 000–2 600 000 m) and eastings (≈ 100 000–900 000 m) never
overlap, so the importer reads whichever column holds the larger values as the
northing and says so in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from camera_registry.textnorm import fold


class Kind(StrEnum):
    """How a field's cells are read."""

    TEXT = "text"
    NUMBER = "number"
    INTEGER = "integer"
    COORD = "coord"
    DIRECTION = "direction"
    DATE = "date"
    BOOL = "bool"
    ENUM = "enum"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Field:
    """One importable field: its name, how to read it, and the headers naming it."""

    name: str
    kind: Kind
    label_vi: str
    headers: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field("code", Kind.TEXT, "Mã camera", ("ma camera", "ma cam", "ma", "so hieu", "ma hieu",
                                          "code", "camera code", "camera id", "ma so")),
    Field("lon", Kind.COORD, "Kinh độ", ("kinh do", "lon", "lng", "long", "longitude")),
    Field("lat", Kind.COORD, "Vĩ độ", ("vi do", "lat", "latitude")),
    Field("x", Kind.NUMBER, "Tọa độ X", ("x", "toa do x")),
    Field("y", Kind.NUMBER, "Tọa độ Y", ("y", "toa do y")),
    Field("easting", Kind.NUMBER, "Hoành độ E", ("easting", "hoanh do e")),
    Field("northing", Kind.NUMBER, "Tung độ N", ("northing", "tung do n")),
    Field("direction_deg", Kind.DIRECTION, "Hướng", ("huong", "huong nhin", "huong quay",
          "phuong vi", "direction", "direction deg", "azimuth", "bearing", "camera:direction")),
    Field("fov_deg", Kind.NUMBER, "Góc nhìn", ("goc nhin", "goc quan sat", "fov", "fov deg",
          "field of view", "goc")),
    Field("range_m", Kind.NUMBER, "Tầm xa", ("tam xa", "tam nhin", "khoang cach quan sat",
          "range", "range m", "distance")),
    Field("height_m", Kind.NUMBER, "Độ cao", ("do cao", "chieu cao", "do cao lap dat",
          "height", "height m", "mount height")),
    Field("kind", Kind.ENUM, "Loại camera", ("loai camera", "loai", "chung loai", "kind",
          "type", "camera type")),
    Field("ownership", Kind.ENUM, "Hình thức sở hữu", ("hinh thuc so huu", "nguon von",
          "so huu", "ownership", "funding")),
    Field("owner_name", Kind.TEXT, "Chủ sở hữu", ("chu so huu", "chu ho", "don vi quan ly",
          "owner", "owner name", "holder", "operator")),
    Field("owner_contact", Kind.TEXT, "Liên hệ", ("lien he", "so dien thoai", "sdt",
          "dien thoai", "contact", "phone", "owner contact")),
    Field("programme", Kind.TEXT, "Chương trình", ("chuong trinh", "mo hinh", "du an",
          "programme", "program", "project")),
    Field("address", Kind.TEXT, "Địa chỉ", ("dia chi", "vi tri lap dat", "vi tri", "address",
          "location")),
    Field("commune_code", Kind.TEXT, "Xã/Phường", ("xa/phuong", "xa/phuong/thi tran", "xa",
          "phuong", "ma xa", "commune", "commune code", "ward")),
    Field("installed_on", Kind.DATE, "Ngày lắp đặt", ("ngay lap dat", "ngay lap",
          "installed on", "installed", "installation date", "install date", "start date")),
    Field("status", Kind.ENUM, "Trạng thái", ("trang thai", "tinh trang", "status")),
    Field("retention_days", Kind.INTEGER, "Số ngày lưu trữ", ("so ngay luu tru", "luu tru",
          "thoi gian luu", "retention", "retention days")),
    Field("connected_to_centre", Kind.BOOL, "Kết nối trung tâm", ("ket noi trung tam",
          "ket noi", "connected", "connected to centre", "connected to center")),
    Field("last_verified_on", Kind.DATE, "Ngày kiểm tra", ("ngay kiem tra", "ngay xac minh",
          "last verified on", "last verified", "verified on", "check date")),
    Field("external_id", Kind.TEXT, "Mã ngoài", ("ma ngoai", "external id", "osm id")),
    Field("attribution", Kind.TEXT, "Nguồn dữ liệu", ("nguon du lieu", "ghi cong",
          "attribution", "licence", "license")),
    Field("commune_name", Kind.IGNORED, "Tên xã/phường", ("ten xa/phuong", "ten xa",
          "commune name")),
    Field("source", Kind.IGNORED, "Nguồn nhập", ("nguon nhap", "source")),
    Field("imported_at", Kind.IGNORED, "Thời điểm nhập", ("thoi diem nhap", "imported at")),
    Field("version", Kind.IGNORED, "Phiên bản", ("phien ban", "version")),
    Field("site_code", Kind.IGNORED, "Mã điểm lắp đặt", ("ma diem lap dat", "site code", "site")),
    Field("decommissioned_on", Kind.IGNORED, "Ngày tháo dỡ", ("ngay thao do",
          "decommissioned on")),
    Field("outside_commune", Kind.IGNORED, "Ngoài địa giới xã", ("ngoai dia gioi xa",
          "outside commune")),
    Field("commune_basis", Kind.IGNORED, "Cơ sở xác định xã", ("co so xac dinh xa",
          "commune basis")),
    Field("province", Kind.TEXT, "Tỉnh/Thành phố", ("tinh/thanh pho", "tinh/tp", "tinh",
          "ma tinh", "province", "province code")),
)  # fmt: skip

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

#: Fields whose value a camera keeps when a re-import's file has no such column.
CAMERA_FIELDS: tuple[str, ...] = (
    "direction_deg", "fov_deg", "range_m", "height_m", "kind", "ownership", "owner_name",
    "owner_contact", "programme", "address", "installed_on", "status", "retention_days",
    "connected_to_centre", "last_verified_on", "external_id", "attribution",
)  # fmt: skip

_UNIT_SUFFIX = re.compile(r"\s*\((?:m|met|metre|meter|do|°|deg|ngay|days?|%)\)\s*$")
_PAREN = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


def normalise_header(text: str) -> str:
    """A header as the table compares it: folded, ``_`` as space, no unit suffix."""
    folded = fold(str(text).replace("_", " ")).strip(" :*")
    return _UNIT_SUFFIX.sub("", folded).strip()


def header_candidates(text: str) -> list[str]:
    """The normalised header, then the parts of ``"outer (inner)"`` (inner first)."""
    norm = normalise_header(text)
    found = [norm]
    match = _PAREN.match(norm)
    if match:
        found += [normalise_header(match.group("inner")), normalise_header(match.group("outer"))]
    return [c for c in found if c]


ALIASES: dict[str, str] = {
    normalise_header(alias): f.name for f in FIELDS for alias in (*f.headers, f.name, f.label_vi)
}
