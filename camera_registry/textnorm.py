"""Text folding for diacritics-insensitive Vietnamese search.

The fold itself lives in :mod:`geo.text` (``geo.direction`` reads compass words
with it, and ``geo/`` may not import the registry); it is re-exported here for
the registry's searches and stored ``name_folded`` columns.
"""

from __future__ import annotations

from geo.text import fold

__all__ = ["fold"]
