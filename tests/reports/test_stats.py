"""The Relative Effect Size and its confidence interval, against a hand computation."""

from __future__ import annotations

import math

import pytest

from camera_registry.reports.stats import MIN_COUNT, large_enough, relative_effect_size


def test_res_and_its_interval_by_hand():
    # a = 40, b = 20 (gained cameras: before, after); c = 50, d = 50 (did not).
    # RES = (40·50)/(20·50) = 2.
    # Var(ln RES) = 1/40 + 1/20 + 1/50 + 1/50 = 0.025 + 0.05 + 0.02 + 0.02 = 0.115
    # √0.115 = 0.3391165…; z = 1.959964: z·√Var = 0.678233 − 0.013577 = 0.664656…
    # e^−0.66 = 0.516851, e^−0.004656 = 0.995355 → e^−0.664656 = 0.514450 → low = 1.028900
    # e^0.66 = 1.934792, e^0.004656 = 1.004667 → e^0.664656 = 1.943822 → high = 3.887644
    effect = relative_effect_size(40, 20, 50, 50)
    assert effect.res == 2.0
    assert effect.var_ln == pytest.approx(0.115)
    assert effect.ci_low == pytest.approx(1.028900, abs=2e-6)
    assert effect.ci_high == pytest.approx(3.887644, abs=2e-6)
    assert math.sqrt(effect.ci_low * effect.ci_high) == pytest.approx(effect.res)


def test_res_below_one_when_incidents_rose_where_cameras_came():
    effect = relative_effect_size(10, 20, 30, 30)
    assert effect.res == pytest.approx(0.5) and effect.ci_high > effect.res > effect.ci_low


def test_counts_must_be_large_enough():
    assert MIN_COUNT == 5
    assert large_enough(5, 5, 5, 5) and not large_enough(5, 5, 4, 100)
    with pytest.raises(ValueError):
        relative_effect_size(0, 3, 4, 5)
