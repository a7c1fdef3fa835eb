"""Every text of the reports as (Vietnamese, English); ``{name}`` marks a parameter."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # header
    "title": ("BÁO CÁO HIỆU QUẢ HỆ THỐNG CAMERA AN NINH", "CAMERA NETWORK EFFECTIVENESS REPORT"),
    "subtitle": ("{unit} — tháng {month}", "{unit} — {month}"),
    "period": ("Kỳ báo cáo: {start} – {end}", "Period: {start} – {end}"),
    "units_on": (
        "Đơn vị hành chính theo ngày {day}",
        "Administrative units as they were on {day}",
    ),
    "generated": ("Lập lúc {moment} (giờ Việt Nam)", "Generated {moment} (Vietnam time)"),
    "since": (
        "Lũy kế từ {since} (bắt đầu chương trình)",
        "Cumulative since {since} (programme start)",
    ),
    # notes
    "note_former": (
        "Báo cáo trên địa bàn {unit} cũ (hiệu lực đến {day}), theo các đơn vị hành chính của "
        "ngày đó; vụ việc ghi nhận sau ngày này được quy về địa bàn cũ theo vị trí.",
        "Report on the former territory of {unit} (in force until {day}), with the units of "
        "that day; incidents recorded later are placed in it by their position.",
    ),
    "note_incomplete": (
        "Tháng {month} chưa kết thúc: số liệu tính đến lúc lập báo cáo.",
        "{month} is not over: figures are those known when the report was generated.",
    ),
    "note_clarified": (
        "Làm rõ nhờ camera: vụ việc đã làm rõ hoặc đã kết thúc và có ít nhất một đoạn dữ liệu "
        "camera có giá trị quyết định hoặc hỗ trợ (tình trạng tại lúc lập báo cáo).",
        "Clarified with footage: the incident is clarified or closed and at least one clip was "
        "decisive or supporting (status when the report was generated).",
    ),
    "note_footage": (
        "Có dữ liệu camera: vị trí vụ việc nằm trong vùng quan sát của một camera đang hoạt "
        "động vào thời điểm xảy ra. Chỉ tính cho tháng báo cáo và cùng kỳ năm trước (mỗi vụ "
        "phải kiểm tra vị trí và thời điểm với mọi camera).",
        "Footage available: the incident's point lay in the view of a camera working at that "
        "moment. Computed for the report month and the same month last year only (a test of "
        "each incident's point and time against every camera).",
    ),
    "note_attribution": (
        "Vụ việc được tính theo xã ghi nhận; camera theo vị trí. Tổng của đơn vị bằng tổng các "
        "xã trực thuộc.",
        "Incidents count in the commune they were recorded in; cameras by their position. A "
        "unit's totals are the sums of its communes.",
    ),
    "note_uptime": (
        "Tỷ lệ hoạt động = giờ hoạt động / giờ sử dụng trong tháng, theo lịch sử trạng thái.",
        "Uptime = hours active / hours in service during the month, from the status history.",
    ),
    "note_idle": (
        "Camera đang sử dụng, lắp trước {day}, không có dữ liệu hữu ích cho vụ việc nào từ {day}.",
        "Cameras in service, installed before {day}, whose footage helped no incident since {day}.",
    ),
    "note_boundaries": (
        "Ranh giới: {k}/{n} xã đã có. Số xã (N) theo danh mục đơn vị hành chính đầy đủ; diện "
        "tích, độ phủ và mọi tỷ lệ theo km² hay theo số dân chỉ tính trên {k} xã đã có ranh "
        "giới. Camera ở xã chưa có ranh giới được tính theo xã được khai báo.",
        "Boundaries: {k} of {n} communes loaded. The number of communes (N) is the full list "
        "of administrative units; area, coverage and every per-km² or per-resident ratio cover "
        "only the {k} communes whose boundaries are loaded. Cameras in communes without a "
        "boundary count in the commune they name.",
    ),
    "note_boundaries_own": (
        "Ranh giới: {k}/{n} xã đã có. Số xã (N) theo danh mục đơn vị hành chính đầy đủ; diện "
        "tích là của ranh giới đơn vị; camera chỉ được xếp theo vị trí vào {k} xã đã có ranh "
        "giới, camera ở xã chưa có ranh giới được tính theo xã được khai báo.",
        "Boundaries: {k} of {n} communes loaded. The number of communes (N) is the full list "
        "of administrative units; the area is that of the unit's own boundary; cameras are "
        "placed by position only in the {k} communes whose boundaries are loaded, and count in "
        "the commune they name elsewhere.",
    ),
    "note_no_boundary": (
        "Chưa có ranh giới nào được nạp (0/{n} xã): không tính diện tích và độ phủ; camera chỉ "
        "được tính theo xã được khai báo.",
        "No boundary is loaded yet (0 of {n} communes): no area or coverage is computed; "
        "cameras count only in the commune they name.",
    ),
    "boundaries": ("Ranh giới: {k}/{n} xã đã có", "Boundaries: {k} of {n} communes loaded"),
    "res_caveat": (
        "So sánh quan sát, không phải thử nghiệm: xã được lắp camera không được chọn ngẫu nhiên; "
        "kết quả có thể do xu hướng chung, hồi quy về trung bình, dịch chuyển địa bàn hay thay "
        "đổi cách ghi nhận. RES = (a·d)/(b·c), KTC 95% từ Var(ln RES) = 1/a + 1/b + 1/c + 1/d; "
        "RES > 1: số vụ giảm tương đối ở xã được lắp thêm camera.",
        "Observational comparison, not an experiment: communes that got cameras were not chosen "
        "at random; the result may reflect general trends, regression to the mean, displacement "
        "or changes in recording. RES = (a·d)/(b·c), 95% CI from Var(ln RES) = 1/a + 1/b + 1/c "
        "+ 1/d; RES > 1: incidents fell relatively where cameras were added.",
    ),
    "res_hidden": (
        "Không tính RES: mỗi số a, b, c, d cần ít nhất {min} (hiện có a = {a}, b = {b}, c = {c}, "
        "d = {d}).",
        "RES not shown: each of a, b, c, d must be at least {min} (here a = {a}, b = {b}, "
        "c = {c}, d = {d}).",
    ),
    "res_windows": (
        "Trước: {b0}–{b1}; lắp thêm: {g0}–{g1}; sau: {a0}–{a1}. Nhóm so sánh: xã không lắp camera "
        "nào trong cả ba kỳ; {excluded} xã lắp camera ngoài kỳ lắp thêm không thuộc nhóm nào.",
        "Before: {b0}–{b1}; gain: {g0}–{g1}; after: {a0}–{a1}. Comparison group: communes with no "
        "camera installed in any of the three windows; {excluded} communes with installations "
        "outside the gain window belong to neither group.",
    ),
    "map_legend": ("Tỷ lệ diện tích trong vùng quan sát", "Share of the area in view"),
    "map_none": ("Chưa tính độ phủ", "Coverage not computed"),
    "more": (
        "… và {n} camera khác (danh sách đầy đủ trong tệp Excel/CSV/JSON)",
        "… and {n} more cameras (full list in the Excel/CSV/JSON file)",
    ),
    "none": ("Không có.", "None."),
    # sections / tables
    "t_cameras": ("Camera", "Cameras"),
    "t_ownership": ("Camera đang sử dụng theo hình thức sở hữu", "Cameras in service by ownership"),
    "t_programmes": ("Camera đang sử dụng theo chương trình", "Cameras in service by programme"),
    "t_incidents": ("Vụ việc theo đơn vị", "Incidents by unit"),
    "t_types_month": ("Vụ việc tháng {month} theo loại", "Incidents in {month} by type"),
    "t_types_cumulative": (
        "Lũy kế từ {since} đến {month} theo loại",
        "Cumulative from {since} to {month} by type",
    ),
    "t_matrix_month": ("Vụ việc tháng {month}: đơn vị × loại", "Incidents in {month}: unit × type"),
    "t_matrix_cumulative": (
        "Lũy kế làm rõ nhờ camera từ {since}: đơn vị × loại",
        "Clarified with footage since {since}: unit × type",
    ),
    "t_trend": ("Xu hướng 12 tháng", "12-month trend"),
    "t_without": ("Xã chưa có camera hoạt động", "Communes without an active camera"),
    "t_coverage": ("Độ phủ cuối tháng", "Coverage at month end"),
    "t_contributors": (
        "Camera xếp theo số vụ đóng góp dữ liệu",
        "Cameras by evidence contributions",
    ),
    "t_idle": (
        "Camera không đóng góp trong 12 tháng (xem xét, di dời)",
        "Cameras without a contribution in 12 months (review or relocate)",
    ),
    "t_comparison": (
        "So sánh xã được lắp thêm camera với xã không",
        "Communes that gained cameras against communes that did not",
    ),
    "t_effect": ("Hệ số hiệu quả tương đối (RES)", "Relative effect size (RES)"),
    "s_charts": ("Biểu đồ", "Charts"),
    "s_notes": ("Ghi chú", "Notes"),
    "c_bar": ("Vụ việc tháng {month} theo loại", "Incidents in {month} by type"),
    "c_line": (
        "Vụ việc làm rõ nhờ camera, 12 tháng",
        "Incidents clarified with footage, 12 months",
    ),
    "c_map": ("Bản đồ độ phủ camera", "Camera coverage map"),
    # columns
    "code": ("Mã", "Code"),
    "unit": ("Đơn vị", "Unit"),
    "installed": ("Lắp mới trong tháng", "Installed in month"),
    "in_service": ("Đang sử dụng cuối tháng", "In service at month end"),
    "active": ("Hoạt động cuối tháng", "Active at month end"),
    "active_hours": ("Giờ hoạt động", "Hours active"),
    "service_hours": ("Giờ sử dụng", "Hours in service"),
    "uptime": ("Tỷ lệ hoạt động", "Uptime"),
    "communes_active": ("Xã có camera hoạt động", "Communes with an active camera"),
    "communes_total": ("Số xã", "Communes"),
    "communes_rate": ("Tỷ lệ xã có camera", "Share of communes"),
    "communes_bounded": ("Xã đã có ranh giới", "Communes with a boundary"),
    "boundaries_key": ("Xã đã có ranh giới", "Communes with a boundary loaded"),
    "no_programme": ("(Không rõ chương trình)", "(No programme)"),
    "incidents": ("Số vụ", "Incidents"),
    "footage": ("Có dữ liệu camera", "Footage available"),
    "footage_rate": ("Tỷ lệ có dữ liệu", "Footage rate"),
    "clarified": ("Làm rõ nhờ camera", "Clarified with footage"),
    "clarified_rate": ("Tỷ lệ làm rõ nhờ camera", "Clarified rate"),
    "previous": ("Số vụ tháng trước", "Previous month"),
    "change": ("Tăng/giảm so tháng trước", "Change on previous month"),
    "change_rate": ("Tăng/giảm (%)", "Change (%)"),
    "ly_incidents": ("Số vụ cùng kỳ năm trước", "Same month last year"),
    "ly_footage": ("Có dữ liệu (cùng kỳ)", "Footage available (last year)"),
    "ly_clarified": ("Làm rõ nhờ camera (cùng kỳ)", "Clarified (last year)"),
    "cum_incidents": ("Số vụ lũy kế", "Cumulative incidents"),
    "cum_clarified": ("Làm rõ nhờ camera lũy kế", "Cumulative clarified with footage"),
    "cum_rate": ("Tỷ lệ làm rõ lũy kế", "Cumulative clarified rate"),
    "type": ("Loại vụ việc", "Incident type"),
    "total": ("Tổng", "Total"),
    "month": ("Tháng", "Month"),
    "camera": ("Mã camera", "Camera"),
    "commune": ("Xã/phường", "Commune"),
    "commune_code": ("Mã xã", "Commune code"),
    "ownership": ("Sở hữu", "Ownership"),
    "programme": ("Chương trình", "Programme"),
    "installed_on": ("Ngày lắp", "Installed on"),
    "status_end": ("Trạng thái cuối tháng", "Status at month end"),
    "contrib_total": ("Số vụ đóng góp (lũy kế)", "Incidents helped (cumulative)"),
    "contrib_recent": ("Số vụ 12 tháng gần nhất", "Last 12 months"),
    "contrib_clarified": ("Trong đó làm rõ nhờ camera", "Of which clarified"),
    "rank": ("Hạng", "Rank"),
    "group": ("Nhóm", "Group"),
    "communes": ("Số xã", "Communes"),
    "before": ("Số vụ kỳ trước", "Incidents before"),
    "after": ("Số vụ kỳ sau", "Incidents after"),
    "area": ("Diện tích (km²)", "Area (km²)"),
    "covered": ("Trong vùng quan sát (km²)", "In view (km²)"),
    "covered_share": ("Tỷ lệ phủ", "Coverage"),
    "res": ("RES", "RES"),
    "ci_low": ("Cận dưới KTC 95%", "95% CI low"),
    "ci_high": ("Cận trên KTC 95%", "95% CI high"),
    "treated": ("Xã được lắp thêm camera (a, b)", "Communes that gained cameras (a, b)"),
    "control": ("Xã không lắp thêm camera (c, d)", "Communes without new cameras (c, d)"),
}
