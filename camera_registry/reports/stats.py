"""The Relative Effect Size of a before/after comparison with a control group.

With ``a``/``b`` incidents before/after in the areas that gained cameras and
``c``/``d`` before/after in the areas that did not (Farrington & Welsh's
notation), RES = (a·d)/(b·c): above 1, incidents fell relatively where cameras
were added.  ln RES is approximately normal with
Var(ln RES) = 1/a + 1/b + 1/c + 1/d, which gives the confidence interval
exp(ln RES ± z·√Var).  The approximation needs every count to be reasonably
large; :data:`MIN_COUNT` is the smallest count for which a report shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Smallest count in each of the four cells for the RES to be shown.
MIN_COUNT = 5
#: Two-sided 95 % normal quantile.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class EffectSize:
    """RES and its confidence interval."""

    res: float
    ci_low: float
    ci_high: float
    var_ln: float


def relative_effect_size(a: int, b: int, c: int, d: int, z: float = Z95) -> EffectSize:
    """RES = (a·d)/(b·c) with exp(ln RES ± z·√(1/a + 1/b + 1/c + 1/d)).

    >>> e = relative_effect_size(40, 20, 50, 50)
    >>> round(e.res, 3), round(e.ci_low, 3), round(e.ci_high, 3)
    (2.0, 1.029, 3.888)
    """
    if min(a, b, c, d) <= 0:
        raise ValueError("every count must be positive")
    var = 1 / a + 1 / b + 1 / c + 1 / d
    res = (a * d) / (b * c)
    half = z * math.sqrt(var)
    return EffectSize(res, math.exp(math.log(res) - half), math.exp(math.log(res) + half), var)


def large_enough(a: int, b: int, c: int, d: int, minimum: int = MIN_COUNT) -> bool:
    """Whether every count reaches ``minimum``."""
    return min(a, b, c, d) >= minimum
