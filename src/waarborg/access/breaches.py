"""The breach register (Art 33(5)): every breach, reported or not, with the 72-hour clock of Art 33(1).

The clock runs from the moment the organisation became aware. A breach that is unlikely to result in a
risk is recorded with that decision and needs no notification; otherwise the AP must be notified within
72 hours, or later with the reasons for the delay. High risk also means telling the people (Art 34).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from sqlalchemy import JSON, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from waarborg.access.events import AuditEvent
from waarborg.core.db import Base
from waarborg.core.errors import InputError, NotFoundError
from waarborg.core.timeutil import UTCDateTime, now

if TYPE_CHECKING:
    from waarborg.register.schema import Register

DEADLINE = timedelta(hours=72)
Risk = Literal["none", "risk", "high"]
RISKS: tuple[Risk, ...] = ("none", "risk", "high")


class Breach(Base):
    __tablename__ = "breaches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    aware_at: Mapped[datetime] = mapped_column(UTCDateTime())
    description: Mapped[str] = mapped_column(Text)
    activities: Mapped[list[str]] = mapped_column(JSON)
    fields: Mapped[list[str]] = mapped_column(JSON)
    risk: Mapped[str] = mapped_column(String(8))
    decision: Mapped[str | None] = mapped_column(Text, nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    late_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    messaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # people told (Art 34)
    messaged_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)


@dataclass(frozen=True)
class Clock:
    """Where a breach stands against the 72 hours."""

    deadline: datetime
    state: Literal["not_reportable", "open", "overdue", "reported_on_time", "reported_late"]
    remaining: timedelta  # negative once the deadline has passed

    def describe(self, lang: str = "en") -> str:
        hours, rest = divmod(int(abs(self.remaining).total_seconds()) // 60, 60)
        span = f"{hours} h {rest:02d} m"
        words = {
            "not_reportable": (
                "geen melding nodig (geen risico), wel geregistreerd",
                "no notification needed (no risk), recorded",
            ),
            "open": (f"nog {span} om te melden bij de AP", f"{span} left to notify the AP"),
            "overdue": (
                f"{span} te laat: melden bij de AP, met de reden van de vertraging",
                f"{span} overdue: notify the AP, with the reason for the delay",
            ),
            "reported_on_time": ("op tijd gemeld bij de AP", "reported to the AP in time"),
            "reported_late": ("te laat gemeld bij de AP (met reden)", "reported to the AP late (with reasons)"),
        }[self.state]  # fmt: skip
        return words[0] if lang == "nl" else words[1]


def clock(breach: Breach, at: datetime | None = None) -> Clock:
    moment = at or now()
    deadline = breach.aware_at + DEADLINE
    if breach.risk == "none":
        return Clock(deadline, "not_reportable", deadline - moment)
    if breach.reported_at is not None:
        state: Literal["reported_on_time", "reported_late"] = (
            "reported_on_time" if breach.reported_at <= deadline else "reported_late"
        )
        return Clock(deadline, state, deadline - breach.reported_at)
    return Clock(deadline, "open" if moment <= deadline else "overdue", deadline - moment)


def record_breach(
    session: Session,
    *,
    aware_at: datetime,
    description: str,
    activities: list[str],
    fields: list[str],
    risk: str,
    known_activities: set[str],
    decision: str | None = None,
) -> Breach:
    """Register a breach. Unreported breaches are registered too (Art 33(5)); 'none' needs a decision."""
    _check(description, activities, risk, known_activities, decision)
    if aware_at > now() + timedelta(minutes=5):
        raise InputError("aware-at: the moment of awareness cannot be in the future")
    breach = Breach(
        aware_at=aware_at,
        description=description.strip(),
        activities=activities,
        fields=fields,
        risk=risk,
        decision=decision,
        created_at=now(),
    )
    session.add(breach)
    session.flush()
    return breach


def _check(
    description: str, activities: list[str], risk: str, known_activities: set[str], decision: str | None
) -> None:
    if risk not in RISKS:
        raise InputError(f"risk: '{risk}' is not one of {', '.join(RISKS)}")
    if not activities:
        raise InputError("activities: name the activities whose data the breach concerns")
    unknown = [a for a in activities if a not in known_activities]
    if unknown:
        raise InputError(f"activities: '{unknown[0]}' is not declared in the register")
    if not description.strip():
        raise InputError("description: say what happened")
    if risk == "none" and not (decision and decision.strip()):
        raise InputError("decision: a breach that is not reported needs the reasoning why it poses no risk")


def update(
    session: Session,
    breach_id: int,
    *,
    description: str,
    activities: list[str],
    fields: list[str],
    risk: str,
    known_activities: set[str],
    decision: str | None = None,
) -> Breach:
    """Change what is known of a breach (what happened, the data concerned, the risk); the moment of awareness,
    and so the 72-hour clock, stays."""
    breach = get(session, breach_id)
    _check(description, activities, risk, known_activities, decision)
    breach.description, breach.activities, breach.fields = description.strip(), activities, fields
    breach.risk, breach.decision = risk, decision.strip() if decision and decision.strip() else None
    return breach


def report(session: Session, breach_id: int, *, at: datetime, reference: str, late_reason: str | None) -> Breach:
    """Record the notification to the AP; after 72 hours only with the reasons for the delay (Art 33(1))."""
    breach = get(session, breach_id)
    if not reference.strip():
        raise InputError("reference: give the AP's reference for the notification")
    if at > now() + timedelta(minutes=5):
        raise InputError("at: the notification cannot be in the future")
    if at > breach.aware_at + DEADLINE and not (late_reason and late_reason.strip()):
        raise InputError("late-reason: the notification is after the 72 hours; Art 33(1) asks for the reasons")
    breach.reported_at, breach.reference, breach.late_reason = at, reference, late_reason
    return breach


def get(session: Session, breach_id: int) -> Breach:
    breach = session.get(Breach, breach_id)
    if breach is None:
        raise NotFoundError(f"breach {breach_id} not found")
    return breach


def all_breaches(session: Session) -> list[Breach]:
    return list(session.execute(select(Breach).order_by(Breach.aware_at)).scalars())


def notification(breach: Breach, affected: tuple[int, int], dpo: str | None) -> dict[str, Any]:
    """The content of the notification to the AP (Art 33(3)): nature, numbers, contact, consequences, measures."""
    subjects, records = affected
    return {
        "breach": breach.id,
        "aware_at": breach.aware_at.isoformat(),
        "nature": breach.description,
        "activities": breach.activities,
        "data_categories": breach.fields or "all fields of these activities",
        "approximate_subjects": subjects,
        "approximate_records": records,
        "contact": dpo,
        "risk": breach.risk,
        "late_reason": breach.late_reason,
    }


MESSAGE = (
    "Beste lezer,\n\n{organisation} heeft een datalek ontdekt waarbij {your} gegevens betrokken zijn. "
    "Wat er gebeurde: {description}\n\nWat dit voor {you} kan betekenen, en wat {you} zelf kunt doen: "
    "wees alert op berichten die om gegevens of betalingen vragen, en wijzig wachtwoorden die {you} bij ons "
    "gebruikte.\n\nWat wij doen: we hebben het lek gemeld bij de Autoriteit Persoonsgegevens en nemen "
    "maatregelen om herhaling te voorkomen.\n\nVragen? Neem contact op met {reach}.\n",
    "Dear reader,\n\n{organisation} discovered a data breach involving {your} personal data. "
    "What happened: {description}\n\nWhat it may mean for {you}, and what {you} can do: be wary of "
    "messages asking for data or payments, and change passwords {you} used with us.\n\nWhat we do: we "
    "reported the breach to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens) and take "
    "measures to prevent it happening again.\n\nQuestions? Contact {reach}.\n",
)
SUBJECT = ("{organisation}: datalek waarbij {your} gegevens betrokken zijn", "{organisation}: a data breach "
           "involving {your} data")  # fmt: skip


def message_to_people(breach: Breach, organisation: str, contact: str | None, lang: str, formal: bool = False) -> str:
    """A draft of the Art 34 message for a high-risk breach, in plain Dutch or English, in the register's tone."""
    from waarborg.register.render.words import Voice

    text = Voice(lang, formal).say(*MESSAGE)
    return text.format(organisation=organisation, description=breach.description, reach=contact or organisation)


def require_high(breach: Breach) -> None:
    """Art 34 asks to tell the people only of a high-risk breach."""
    if breach.risk != "high":
        raise InputError(f"breach {breach.id} is not high risk; Art 34 asks to tell people only then")


def contact_of(register: Register) -> str | None:
    """Where the people can ask their questions: the DPO's address, else the organisation's."""
    organisation = register.organisation
    return (organisation.dpo.email if organisation.dpo else None) or organisation.email


def draft(register: Register, breach: Breach, lang: str) -> str:
    """The message to the people of a high-risk breach, as the register's organisation and tone say it."""
    require_high(breach)
    formal = register.statement.tone == "formal"
    return message_to_people(breach, register.organisation.name, contact_of(register), lang, formal)


@dataclass(frozen=True)
class BreachMessaged(AuditEvent):
    """The people of a high-risk breach were told (Art 34): how many, never who."""

    kind: ClassVar[str] = "breach.messaged"
    breach: int
    count: int
