"""The fideslang default taxonomy (data categories, data uses, data subjects) plus a register's own terms.

Only the keys are taken from fideslang; Dutch and English labels are Waarborg's own
(``taxonomy_labels.yaml``), because statements are read by people, not by taxonomy tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

Kind = Literal["data_categories", "data_uses", "data_subjects"]

SPECIAL_CATEGORY_PREFIXES = (
    "user.health_and_medical",
    "user.biometric",
    "user.authorization.biometric",
    "user.demographic.race_ethnicity",
    "user.demographic.religious_belief",
    "user.demographic.political_opinion",
    "user.demographic.sexual_orientation",
)
"""Art 9(1) AVG: data revealing health, biometrics for identification, origin, beliefs, sex life."""

CRIMINAL_PREFIXES = ("user.criminal_history",)
BSN_CATEGORY = "user.government_id.national_identification_number"


@dataclass(frozen=True)
class Term:
    key: str
    label_nl: str
    label_en: str
    special: bool = False


@cache
def default_keys() -> dict[Kind, frozenset[str]]:
    """The fideslang default taxonomy's keys (imported lazily: fideslang takes ~0.3 s to import)."""
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    return {
        "data_categories": frozenset(t.fides_key for t in DEFAULT_TAXONOMY.data_category),
        "data_uses": frozenset(t.fides_key for t in DEFAULT_TAXONOMY.data_use),
        "data_subjects": frozenset(t.fides_key for t in DEFAULT_TAXONOMY.data_subject),
    }


@cache
def default_labels() -> dict[str, dict[str, str]]:
    """Waarborg's Dutch and English labels for taxonomy keys: {key: {nl: ..., en: ...}}."""
    text = resources.files("waarborg.register").joinpath("taxonomy_labels.yaml").read_text("utf-8")
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(text)
    return {key: labels for section in data.values() for key, labels in section.items()}


def is_special(category: str, custom_special: frozenset[str] = frozenset()) -> bool:
    """Art 9 special category data."""
    return category in custom_special or category.startswith(SPECIAL_CATEGORY_PREFIXES)


def is_criminal(category: str) -> bool:
    """Art 10 data on criminal convictions and offences."""
    return category.startswith(CRIMINAL_PREFIXES)


def label(key: str, lang: str) -> str:
    """A readable label for a taxonomy key; the last part of the key when none is kept."""
    labels = default_labels().get(key)
    if labels:
        return labels.get(lang) or labels["en"]
    return key.rsplit(".", 1)[-1].replace("_", " ")
