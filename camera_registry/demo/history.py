"""Camera status histories: installed, now and then faulty or offline, repaired, removed.

A history is a list of status changes in time order, the first being the
installation (active).  Faults come at random intervals (household cameras fail
more often); most are repaired within weeks; a few cameras are decommissioned.
Nothing is dated after the end of the data period.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from camera_registry.demo.records import DATA_END, DemoStatusChange
from camera_registry.vocab import CameraStatus, Ownership

FAULTS = (
    "Hỏng nguồn điện",
    "Hỏng ổ cứng đầu ghi",
    "Sét đánh hỏng camera",
    "Camera bị che khuất, lệch góc quay",
)
OUTAGES = ("Mất kết nối mạng", "Đường truyền bị đứt do thi công", "Mất điện kéo dài")
REMOVALS = (
    "Tháo dỡ do giải phóng mặt bằng",
    "Chủ hộ chuyển nơi ở, tháo dỡ camera",
    "Hư hỏng không sửa được, tháo dỡ",
)
MEAN_DAYS_BETWEEN_FAULTS = {Ownership.HOUSEHOLD: 1400.0, Ownership.BUSINESS: 2000.0}
DEFAULT_MEAN_DAYS = 2600.0


def _later(moment: datetime, days: float) -> datetime:
    """``moment`` plus ``days``, on a whole minute."""
    return moment + timedelta(minutes=max(1, int(days * 24 * 60)))


def status_history(
    rng: random.Random, installed_at: datetime, ownership: Ownership
) -> list[DemoStatusChange]:
    """Return the status changes of one camera from its installation to the data end."""
    changes = [DemoStatusChange(CameraStatus.ACTIVE, installed_at, "Lắp đặt, đưa vào sử dụng")]
    mean = MEAN_DAYS_BETWEEN_FAULTS.get(ownership, DEFAULT_MEAN_DAYS)
    moment = installed_at
    while True:
        moment = _later(moment, rng.expovariate(1.0 / mean))
        if moment > DATA_END:
            break
        draw = rng.random()
        if draw < 0.04:
            changes.append(
                DemoStatusChange(CameraStatus.DECOMMISSIONED, moment, rng.choice(REMOVALS))
            )
            break
        if draw < 0.6:
            changes.append(DemoStatusChange(CameraStatus.FAULTY, moment, rng.choice(FAULTS)))
            reason = "Đã sửa chữa, hoạt động trở lại"
        else:
            changes.append(DemoStatusChange(CameraStatus.OFFLINE, moment, rng.choice(OUTAGES)))
            reason = "Khôi phục kết nối"
        moment = _later(moment, rng.uniform(1.0, 45.0))
        if moment > DATA_END:
            break
        changes.append(DemoStatusChange(CameraStatus.ACTIVE, moment, reason))
    return changes
