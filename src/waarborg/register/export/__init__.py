"""Standard exports of a register: a fideslang manifest (for Fides) and W3C DPV JSON-LD (for RDF tools).

Pure functions of a :class:`~waarborg.register.schema.Register`: no database, no files, no network.
"""

from __future__ import annotations

from typing import Literal

from waarborg.register.export.dpv import dump_dpv, to_dpv
from waarborg.register.export.fideslang import dump_fideslang, to_fideslang
from waarborg.register.schema import Register

Target = Literal["fideslang", "dpv"]

__all__ = ["Target", "dump_dpv", "dump_fideslang", "export", "to_dpv", "to_fideslang"]


def export(register: Register, target: Target) -> str:
    """The register as text in the target's own format: YAML for fideslang, JSON-LD for DPV."""
    if target == "fideslang":
        return dump_fideslang(register)
    if target == "dpv":
        return dump_dpv(register)
    raise ValueError(f"unknown export target {target!r}; choose fideslang or dpv")
