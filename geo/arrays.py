"""Array and geometry-sequence types shared by the geometry modules.

Geometries arrive from the database as lists and leave shapely's vectorised
functions as numpy object arrays; the functions here accept either.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from shapely.geometry.base import BaseGeometry

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Geometries arrive from the database as lists; these accept any sequence.
Geoms = Sequence[BaseGeometry] | npt.NDArray[np.object_]
