"""Array types of the planning arithmetic: distances, times and speeds in numpy arrays of floats."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
"""Distances, times or speeds, one per element, point, run or grid row."""

Floats = float | FloatArray
"""One value or an array of them: the arithmetic broadcasts over tracks, winds and runs alike."""
