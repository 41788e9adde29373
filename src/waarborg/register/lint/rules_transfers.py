"""Rules on processors and transfers outside the EEA (Art 28, Chapter V AVG)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from waarborg.register.base import UNPUBLISHED
from waarborg.register.lint.engine import Hit, each_activity, rule
from waarborg.register.lint.facts import ADEQUATE, activity_parties, special_fields, third_country
from waarborg.register.lint.wording import country_in, fields_of
from waarborg.register.schema import Register, Transfer
from waarborg.register.source import Path
from waarborg.register.types import Mechanism

INVALID = {Mechanism.privacy_shield: "Privacy Shield", Mechanism.safe_harbour: "Safe Harbour"}
_INVALID_WORDS = re.compile(r"privacy[\s-]*shield|safe[\s-]*harbou?r", re.IGNORECASE)
_NOT_RELIED_ON = re.compile(
    r"geen gebruik|niet (meer|langer)|niet op|ongeldig|vervallen|vervangen|nietig|opvolger"
    r"|no longer|not (rely|use|base)|n[o']t (rely|use|base)|any ?more|invalid|replaced|struck down|annulled"
    r"|successor",
    re.IGNORECASE,
)
"""Words that turn a sentence naming Privacy Shield into one saying it is not relied on."""
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
FAMILY = "transfer_mechanism"
"""WB021-WB027 and WB061: one finding per party (its mechanism and the sentence that names it are one defect)."""


def _transfers(register: Register) -> Iterator[tuple[Path, str, Transfer | None]]:
    """Every party data goes to, with its country and transfer: (path, country, transfer)."""
    for key, processor in register.processors.items():
        yield ("processors", key), processor.country, processor.transfer
    for key, recipient in register.recipients.items():
        yield ("recipients", key), recipient.country, recipient.transfer


def _party_hit(party: Path, where: Path, params: dict[str, Any]) -> Hit:
    """A finding on a party's transfer: it rests on the party's country as well as on what it points at."""
    return Hit((*party, *where), params, rests_on=((*party, "country"),), about=party)


def _entry(path: Path) -> Path:
    """The entry a text belongs to: a processor or recipient, the transfer policy, or the text itself."""
    if path[0] in ("processors", "recipients") and len(path) > 1:
        return path[:2]
    if path[0] == "transfers":
        return path[:1]
    return path[:-1] if path[-1] in ("nl", "en") else path


def relied_on(text: str) -> re.Match[str] | None:
    """The first Privacy Shield or Safe Harbour named in a sentence that does not say it is no longer used."""
    for sentence in _SENTENCE_END.split(text):
        match = _INVALID_WORDS.search(sentence)
        if match and not _NOT_RELIED_ON.search(sentence):
            return match
    return None


def _strings(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in UNPUBLISHED:
                yield from _strings(item, path if key == "*" else (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


@rule(
    "WB020",
    "error",
    "Processor without a processor agreement",
    source="Art 28(3) AVG",
    nl="Verwerker '{processor}' heeft geen verwerkersovereenkomst.",
    en="Processor '{processor}' has no processor agreement.",
)
def processor_agreement(register: Register) -> Iterator[Hit]:
    for key, processor in register.processors.items():
        if processor.agreement is None:
            yield Hit(("processors", key), {"processor": key})


@rule(
    "WB021",
    "error",
    "Transfer outside the EEA without a mechanism",
    family=FAMILY,
    source="Art 44-46 AVG",
    nl="'{party}' zit in {country}, buiten de EER, zonder doorgiftemechanisme (adequaatheid, DPF, SCC's, BCR's).",
    en="'{party}' is in {country}, outside the EEA, without a transfer mechanism (adequacy, DPF, SCCs, BCRs).",
)
def transfer_mechanism(register: Register) -> Iterator[Hit]:
    for path, country, transfer in _transfers(register):
        if third_country(country) and transfer is None:
            yield _party_hit(path, (), {"party": path[1], "country": country_in(country)})


@rule(
    "WB022",
    "error",
    "Privacy Shield or Safe Harbour relied on",
    family=FAMILY,
    source="CJEU C-311/18 Schrems II (16 July 2020); C-362/14 Schrems I",
    nl="{what} is ongeldig verklaard en kan geen doorgifte dragen; gebruik het EU-VS Data Privacy Framework "
    "of SCC's (2021/914).",
    en="{what} was invalidated and cannot support a transfer; use the EU-US Data Privacy Framework or SCCs (2021/914).",
)
def invalid_mechanism(register: Register) -> Iterator[Hit]:
    for path, _country, transfer in _transfers(register):
        if transfer and transfer.mechanism in INVALID:
            yield Hit((*path, "transfer", "mechanism"), {"what": INVALID[transfer.mechanism]}, about=path)
    policy = register.transfers
    for i, mechanism in enumerate(policy.mechanisms if policy else []):
        if mechanism in INVALID:
            yield Hit(("transfers", "mechanisms", i), {"what": INVALID[mechanism]}, about=("transfers",))


@rule(
    "WB023",
    "error",
    "Privacy Shield or Safe Harbour named in the statement",
    family=FAMILY,
    source="CJEU C-311/18 Schrems II; C-362/14 Schrems I",
    nl="De tekst zegt te steunen op '{words}', dat ongeldig is verklaard; pas de tekst aan en noem het "
    "mechanisme dat nu geldt (DPF of SCC's).",
    en="The text says it relies on '{words}', which was invalidated; update the text and name the mechanism "
    "now used (DPF or SCCs).",
)
def invalid_mechanism_named(register: Register) -> Iterator[Hit]:
    seen: set[Path] = set()
    for path, text in _strings(register.model_dump(mode="json", exclude_none=True), ()):
        text_path = path[:-1] if path[-1] in ("nl", "en") else path  # one finding per text, not per language
        match = relied_on(text)
        if match and text_path not in seen:
            seen.add(text_path)
            yield Hit(path, {"words": match.group(0)}, about=_entry(path))


@rule(
    "WB024",
    "error",
    "Old standard contractual clauses",
    family=FAMILY,
    source="Commission Decision 2021/914, art 4: old SCCs ended 27 December 2022",
    nl="'{party}' steunt op de oude standaardcontractbepalingen, die sinds 27 december 2022 niet meer gelden.",
    en="'{party}' relies on the old standard contractual clauses, which ended on 27 December 2022.",
)
def old_sccs(register: Register) -> Iterator[Hit]:
    for path, _country, transfer in _transfers(register):
        if transfer and transfer.mechanism == Mechanism.scc_2010:
            yield _party_hit(path, ("transfer", "mechanism"), {"party": path[1]})


@rule(
    "WB025",
    "error",
    "Adequacy claimed for a country without it",
    family=FAMILY,
    source="Art 45 AVG; Commission Implementing Decision 2023/1795 (EU-US DPF)",
    nl="'{party}' in {country} steunt op adequaatheid, maar {country} heeft geen adequaatheidsbesluit{hint}.",
    en="'{party}' in {country} relies on adequacy, but {country} has no adequacy decision{hint}.",
)
def adequacy_claimed(register: Register) -> Iterator[Hit]:
    for path, country, transfer in _transfers(register):
        if transfer and transfer.mechanism == Mechanism.adequacy and third_country(country) and country not in ADEQUATE:
            hint = (
                {
                    "nl": " (voor de VS alleen DPF-gecertificeerde organisaties: mechanisme 'dpf')",
                    "en": " (for the US: only DPF-certified organisations, mechanism 'dpf')",
                }
                if country == "US"
                else ""
            )
            yield _party_hit(
                path, ("transfer", "mechanism"), {"party": path[1], "country": country_in(country), "hint": hint}
            )


@rule(
    "WB026",
    "error",
    "Art 49 derogation without its ground",
    family=FAMILY,
    source="Art 49(1) AVG",
    nl="'{party}' steunt op een uitzondering van art 49 zonder te zeggen welke en waarom.",
    en="'{party}' relies on an Art 49 derogation without saying which one and why.",
)
def derogation_ground(register: Register) -> Iterator[Hit]:
    for path, _country, transfer in _transfers(register):
        if transfer and transfer.mechanism == Mechanism.derogation and not transfer.derogation:
            yield _party_hit(path, ("transfer",), {"party": path[1]})


@rule(
    "WB027",
    "warning",
    "SCCs without a transfer impact assessment",
    family=FAMILY,
    source="CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020",
    nl="'{party}' steunt op SCC's zonder verwijzing naar een doorgiftetoets (TIA).",
    en="'{party}' relies on SCCs without a reference to a transfer impact assessment.",
)
def scc_assessment(register: Register) -> Iterator[Hit]:
    for path, _country, transfer in _transfers(register):
        if transfer and transfer.mechanism == Mechanism.scc and not transfer.reference:
            yield _party_hit(path, ("transfer",), {"party": path[1]})


@rule(
    "WB061",
    "error",
    "EU-US Data Privacy Framework for a party outside the US",
    family=FAMILY,
    source="Art 45 AVG; Commission Implementing Decision (EU) 2023/1795 (EU-US DPF)",
    nl="'{party}' zit in {country} maar steunt op het EU-VS Data Privacy Framework; dat geldt alleen voor "
    "gecertificeerde organisaties in de VS. Kies een mechanisme dat voor {country} geldt (adequaatheid, "
    "SCC's met doorgiftetoets, BCR's).",
    en="'{party}' is in {country} but relies on the EU-US Data Privacy Framework, which covers only certified "
    "organisations in the US. Choose a mechanism that holds for {country} (adequacy, SCCs with a transfer "
    "assessment, BCRs).",
)
def dpf_outside_us(register: Register) -> Iterator[Hit]:
    for path, country, transfer in _transfers(register):
        if transfer and transfer.mechanism == Mechanism.dpf and country != "US":
            yield _party_hit(path, ("transfer", "mechanism"), {"party": path[1], "country": country_in(country)})


COVERED_ELSEWHERE = frozenset({Mechanism.scc, Mechanism.scc_2010, *INVALID})
"""Mechanisms whose missing assessment or invalidity other rules report (WB022, WB024, WB027)."""


def _special_outside_eea(register: Register) -> Iterator[tuple[Path, str, str, list[str]]]:
    """(activity path, party key, country, special fields) where special data leaves the EEA without an assessment."""
    for path, activity in each_activity(register):
        fields = special_fields(register, activity)
        if not fields:
            continue
        for key, party in activity_parties(register, activity):
            transfer = party.transfer
            if not third_country(party.country) or party.country in ADEQUATE:
                continue
            if transfer is None or transfer.reference or transfer.mechanism in COVERED_ELSEWHERE:
                continue  # no mechanism at all is WB021; SCCs without an assessment WB027
            yield path, key, party.country, fields


@rule(
    "WB071",
    "warning",
    "Special category data outside the EEA without a transfer assessment",
    source="Art 9, 44-46 AVG; CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020",
    nl="'{activity}' stuurt bijzondere gegevens ({fields}) naar '{party}' in {country}. Leg een doorgiftetoets "
    "(TIA) vast die deze gegevens dekt, met de extra waarborgen (bijv. versleuteling met eigen sleutels), en "
    "verwijs ernaar in transfer.reference.",
    en="'{activity}' sends special category data ({fields}) to '{party}' in {country}. Record a transfer "
    "impact assessment covering these data, with the extra safeguards (e.g. encryption with your own keys), "
    "and refer to it in transfer.reference.",
)
def special_data_outside_eea(register: Register) -> Iterator[Hit]:
    for path, key, country, fields in _special_outside_eea(register):
        party_path = ("recipients" if key in register.recipients else "processors", key)
        named = fields_of(register.activities[str(path[1])], fields)
        yield Hit(
            (*party_path, "transfer"),
            {"activity": path[1], "fields": named, "party": key, "country": country_in(country)},
            rests_on=((*party_path, "country"),),
        )
