"""The union of active views, remembered by content for the next question.

A planner's map asks for a unit's figures, its children, its gaps and its hot
spots on the same date: four unions of the very same views.  The union is
memoised under a hash of the views' WKB (in camera-id order), so an answer is
reused only for byte-identical input — any camera added, moved, repaired or
broken changes the key; there is nothing to invalidate.  The cache holds the
last :data:`CACHE_SIZE` unions of this process.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import shapely
from shapely.geometry import MultiPolygon

from geo.coverage import union_views

#: How many unions a process keeps (a province's is a few MB).
CACHE_SIZE = 8

_cache: OrderedDict[bytes, MultiPolygon] = OrderedDict()
_lock = threading.Lock()


def _key(views: Sequence[bytes]) -> bytes:
    digest = hashlib.blake2b(digest_size=32)
    digest.update(len(views).to_bytes(8, "little"))
    for wkb in views:
        digest.update(len(wkb).to_bytes(4, "little"))
        digest.update(wkb)
    return digest.digest()


def union_of(views: Sequence[bytes]) -> MultiPolygon:
    """The union of WKB view sectors (prepared for point tests), from the cache if seen."""
    if not views:
        return MultiPolygon()
    key = _key(views)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    union = union_views(list(shapely.from_wkb(list(views))))
    shapely.prepare(union)  # before it is shared between request threads
    with _lock:
        _cache[key] = union
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return union


def clear() -> None:
    """Forget every remembered union (benchmarks time cold runs with this)."""
    with _lock:
        _cache.clear()
