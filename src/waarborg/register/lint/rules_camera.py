"""Rules on camera surveillance: telling people at the spot (Art 12(7), 13 AVG; AP, camerabewaking)."""

from __future__ import annotations

from collections.abc import Iterator

from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.schema import Register


@rule(
    "WB073",
    "warning",
    "Camera without a sign",
    source="Art 12(7), 13 AVG; EDPB Guidelines 3/2019 on video devices, §110-114; Autoriteit Persoonsgegevens, "
    "camerabewaking",
    nl="'{activity}' filmt zonder bord. Hang bij de ingang een bord met wie filmt, waarom en waar de rest "
    "staat (de eerste laag van de informatie), en zet signage: true.",
    en="'{activity}' films without a sign. Put a sign at the entrance saying who films, why and where to read "
    "more (the first layer of the information), and set signage: true.",
)
def camera_no_sign(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if activity.camera and activity.camera.signage is False:
            yield Hit((*path, "camera", "signage"), {"activity": path[1]})


@rule(
    "WB074",
    "info",
    "Camera signage not stated",
    source="Art 12(7), 13 AVG; EDPB Guidelines 3/2019 on video devices, §110-114",
    nl="'{activity}' zegt niet of er een bord bij de camera's hangt; het bord is de eerste laag van de "
    "informatie. Leg het vast (signage).",
    en="'{activity}' does not say whether a sign marks the cameras; the sign is the first layer of the "
    "information. Record it (signage).",
)
def camera_sign_unknown(register: Register) -> Iterator[Hit]:
    for path, activity in each_activity(register):
        if activity.camera and activity.camera.signage is None:
            yield Hit((*path, "camera"), {"activity": path[1]})
