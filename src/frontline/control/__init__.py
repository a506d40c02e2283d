"""Territorial control: per-place timelines of holder and status computed from events."""

from frontline.control.observe import Observation, Weights, observe
from frontline.control.sides import Sides, normalise_name
from frontline.control.timeline import (
    Change,
    ControlMap,
    ControlParams,
    Timelines,
    compute_control,
    control_from_observations,
    decay,
)

__all__ = [
    "Change",
    "ControlMap",
    "ControlParams",
    "Observation",
    "Sides",
    "Timelines",
    "Weights",
    "compute_control",
    "control_from_observations",
    "decay",
    "normalise_name",
    "observe",
]
