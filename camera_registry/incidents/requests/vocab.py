"""Vocabulary of footage requests, with Vietnamese and English labels.

The incident taxonomy, statuses, usefulness and custody actions live in
``camera_registry.vocab``; only what this domain adds is here.
"""

from __future__ import annotations

from enum import StrEnum


class FootageRequestStatus(StrEnum):
    """Where a request to a camera's holder stands.

    requested → approved / refused; approved → delivered; requested (by
    itself) or approved (by hand) → expired once the retention deadline has passed.
    """

    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    DELIVERED = "delivered"
    EXPIRED = "expired"


REQUEST_LABELS: dict[FootageRequestStatus, tuple[str, str]] = {
    FootageRequestStatus.REQUESTED: ("Đã gửi yêu cầu", "Requested"),
    FootageRequestStatus.APPROVED: ("Chủ camera đồng ý", "Approved"),
    FootageRequestStatus.REFUSED: ("Chủ camera từ chối", "Refused"),
    FootageRequestStatus.DELIVERED: ("Đã bàn giao dữ liệu", "Delivered"),
    FootageRequestStatus.EXPIRED: ("Quá hạn lưu trữ", "Expired"),
}

#: Statuses a request may move to from each status (terminal ones map to nothing).
REQUEST_TRANSITIONS: dict[FootageRequestStatus, frozenset[FootageRequestStatus]] = {
    FootageRequestStatus.REQUESTED: frozenset(
        {FootageRequestStatus.APPROVED, FootageRequestStatus.REFUSED, FootageRequestStatus.EXPIRED}
    ),
    FootageRequestStatus.APPROVED: frozenset(
        {FootageRequestStatus.DELIVERED, FootageRequestStatus.EXPIRED}
    ),
    FootageRequestStatus.REFUSED: frozenset(),
    FootageRequestStatus.DELIVERED: frozenset(),
    FootageRequestStatus.EXPIRED: frozenset(),
}

#: Requests not yet settled: a second request for the same camera and incident is refused.
OPEN_REQUEST_STATUSES = frozenset({FootageRequestStatus.REQUESTED, FootageRequestStatus.APPROVED})

#: Requests the holder has not answered: these expire by themselves once the deadline passes.
#: An approved request does not (the holder has agreed to keep the clip); it may be marked
#: expired by hand after the deadline if the clip never came.
AUTO_EXPIRING = frozenset({FootageRequestStatus.REQUESTED})

#: Ownerships whose footage is held privately and must be requested.
PRIVATE_OWNERSHIPS = frozenset({"household", "business", "community"})
