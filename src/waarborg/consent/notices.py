"""Art 14 notices: people whose data came from somewhere else hear it within a month, in their language,
with what is held, where it came from, why, for how long and their rights; where the register's ``notice``
says so, the message asks for a consent option with a yes and a no link.

    report = send_due(vault, mailer, now(), base_url="https://privacy.example.nl", by=operator("notices"))

A yes is a consent receipt (``via: email``) and the notice's ``yes_event``; a no withdraws that option and
records ``no_event``; no answer by ``answer_by`` records ``no_answer_event``. Retention rules waiting for those
events act on them (igen: five years after a yes; only the name and "niet benaderen" otherwise). After a yes
the question comes again after ``again_every``.

Each message is sent in its own transaction: a message that cannot be delivered stays due and is tried again
at the next run; the others go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from waarborg.access import signed
from waarborg.access.events import NoticeAnswered, NoticeSent
from waarborg.access.policy import Principal
from waarborg.consent import receipts
from waarborg.core.errors import DeliveryError, NotFoundError, UnauthorisedError
from waarborg.core.mail import Mail, Mailer
from waarborg.register.due import add_period
from waarborg.register.render.words import Voice
from waarborg.register.schema import Activity, Register
from waarborg.register.types import tr
from waarborg.vault.service import Unit, Vault
from waarborg.vault.tables import NoticeMessage

WORDS = {
    "nl": {
        "subject": "{org} verwerkt {your} gegevens",
        "opening": "Beste,\n\n{org} verwerkt persoonsgegevens over {you} die wij niet van {yourself} hebben gekregen.",
        "source": "Waar de gegevens vandaan komen",
        "fields": "Welke gegevens",
        "why": "Waarom",
        "how_long": "Hoe lang",
        "rights": "{You} mag {your} gegevens inzien, laten verbeteren of verwijderen, de verwerking laten beperken "
        "en bezwaar maken. {You} kunt ook een klacht indienen bij de {authority}.",
        "ask": "Wij vragen {your} toestemming: {consent}",
        "yes": "Ja: {url}",
        "no": "Nee: {url}",
        "silence": "Horen wij niets van {you} binnen {period}, dan gaan wij ervan uit dat {you} geen toestemming "
        "geeft.",
        "contact": "Vragen? Schrijf ons: {contact}",
    },
    "en": {
        "subject": "{org} processes data about you",
        "opening": "Dear reader,\n\n{org} processes personal data about you that we did not receive from you.",
        "source": "Where the data came from",
        "fields": "Which data",
        "why": "Why",
        "how_long": "How long",
        "rights": "You may see, correct or erase your data, have its processing restricted, and object. You can "
        "also complain to the {authority}.",
        "ask": "Do you consent? {consent}",
        "yes": "Yes: {url}",
        "no": "No: {url}",
        "silence": "If we do not hear from you within {period}, we take it that you do not consent.",
        "contact": "Questions? Write to us: {contact}",
    },
}


@dataclass
class NoticeReport:
    sent: int = 0
    failed: int = 0
    unreachable: int = 0
    lapsed: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


def answer_token(vault: Vault, notice: NoticeMessage, reply: str, at: datetime) -> str:
    claims: dict[str, object] = {"n": notice.id, "s": notice.subject_id, "r": reply}
    return signed.make(vault.ring.links_key, signed.NOTICE_ANSWER, claims, at)


def compose(register: Register, spec: Activity, lang: str, urls: dict[str, str] | None) -> tuple[str, str]:
    """Subject line and text of the message, from the register, in ``lang``."""
    voice = Voice(lang, register.statement.tone == "formal")
    words = {key: voice.fill(text) for key, text in WORDS[lang].items()}
    org = register.organisation.name
    lines = [words["opening"].format(org=org), ""]
    sources = [tr(s.text, lang) or (s.name or s.key) for s in spec.sources if s.kind != "data_subject"]
    if sources:
        lines += [f"{words['source']}:", *[f"- {text}" for text in sources], ""]
    lines += [f"{words['fields']}:", *[f"- {tr(f.label, lang, name)}" for name, f in spec.fields.items()], ""]
    lines += [f"{words['why']}:", *[f"- {tr(p.text, lang)}" for p in spec.purposes], ""]
    periods = [tr(r.text, lang) for r in spec.retention if r.text]
    if periods:
        lines += [f"{words['how_long']}:", *[f"- {text}" for text in periods], ""]
    notice = spec.notice
    if notice is not None and notice.text:
        lines += [tr(notice.text, lang), ""]
    if urls and notice is not None and notice.ask and spec.consent is not None:
        consent, _digest = receipts.wording(spec, notice.ask, lang)
        lines += [words["ask"].format(consent=consent.replace("\n", " ")), words["yes"].format(url=urls["yes"]),
                  words["no"].format(url=urls["no"])]  # fmt: skip
        if notice.answer_within:
            lines.append(words["silence"].format(period=str(notice.answer_within)))
        lines.append("")
    lines.append(words["rights"].format(authority=register.organisation.supervisory_authority.name))
    contact = register.organisation.privacy_contact
    address = (contact.email if contact else None) or register.organisation.email
    if address:
        lines += ["", words["contact"].format(contact=address)]
    return words["subject"].format(org=org), "\n".join(lines) + "\n"


def _email(vault: Vault, unit: Unit, subject_id: str) -> str | None:
    return vault.identifiers_of(unit, [subject_id]).get(subject_id, {}).get("email")


def lapse(vault: Vault, unit: Unit, at: datetime, *, by: Principal) -> int:
    """Questions whose time to answer has passed count as 'no answer'."""
    query = select(NoticeMessage).where(
        NoticeMessage.answered_at.is_(None), NoticeMessage.answer_by.is_not(None), NoticeMessage.answer_by <= at
    )
    lapsed = list(unit.data.execute(query).scalars())
    for notice in lapsed:
        notice.answer, notice.answered_at = "none", at
        spec = vault.register.activities.get(notice.activity)
        event = spec.notice.no_answer_event if spec and spec.notice else None
        if event:
            vault.add_event(unit, notice.subject_id, event, at=notice.answer_by, activity=notice.activity, by=by)
        vault.audit(unit, by.actor, NoticeAnswered(notice.subject_id, notice.activity, notice.id, "none"))
    return len(lapsed)


def send_due(vault: Vault, mailer: Mailer, at: datetime, *, base_url: str, by: Principal) -> NoticeReport:
    """Count unanswered questions as no answer, then send every notice due at ``at``.

    A mail-sending batch: commits on its own, one transaction per notice, so one that cannot be delivered
    stays due and the ones sent before it stay sent."""
    report = NoticeReport()
    with vault.unit() as unit:
        report.lapsed = lapse(vault, unit, at, by=by)
        due = list(unit.data.execute(
            select(NoticeMessage.id).where(NoticeMessage.sent_at.is_(None), NoticeMessage.due_at <= at)
            .order_by(NoticeMessage.due_at)
        ).scalars())  # fmt: skip
    for notice_id in due:
        try:
            with vault.unit() as unit:
                _send(vault, unit, mailer, notice_id, at, base_url, report, by)
        except DeliveryError:
            report.failed += 1
    return report


def _send(vault: Vault, unit: Unit, mailer: Mailer, notice_id: int, at: datetime, base_url: str,
          report: NoticeReport, by: Principal) -> None:  # fmt: skip
    notice = unit.data.get(NoticeMessage, notice_id)
    spec = vault.register.activities.get(notice.activity) if notice else None
    if notice is None or notice.sent_at is not None or spec is None or spec.notice is None:
        return
    address = _email(vault, unit, notice.subject_id)
    if address is None:
        report.unreachable += 1
        return
    lang = vault.register.statement.language.value
    asks = bool(spec.notice.ask)
    urls = None
    if asks:
        urls = {reply: f"{base_url.rstrip('/')}/n/{answer_token(vault, notice, reply, at)}" for reply in ("yes", "no")}
    subject, text = compose(vault.register, spec, lang, urls)
    mailer.send(Mail(to=address, subject=subject, text=text, lang=lang))
    notice.sent_at = at
    if asks and spec.notice.answer_within:
        notice.answer_by = add_period(at, spec.notice.answer_within)
    vault.audit(unit, by.actor, NoticeSent(notice.subject_id, notice.activity, notice.id, notice.kind))
    report.sent += 1


def read_answer(vault: Vault, token: str, at: datetime) -> tuple[int, str, str]:
    """(notice id, subject id, 'yes' or 'no') from an answer link; UnauthorisedError when it is not one."""
    claims = signed.read(vault.ring.links_key, signed.NOTICE_ANSWER, token, at)
    if "n" not in claims or claims.get("r") not in ("yes", "no"):
        raise UnauthorisedError("this link is not valid")
    return int(str(claims["n"])), str(claims["s"]), str(claims["r"])


def answer(vault: Vault, unit: Unit, notice_id: int, subject_id: str, reply: str, at: datetime) -> bool:
    """Apply a yes or no; False when the question was answered (or lapsed) before."""
    notice = unit.data.get(NoticeMessage, notice_id)
    spec = vault.register.activities.get(notice.activity) if notice else None
    if notice is None or notice.subject_id != subject_id or spec is None or spec.notice is None:
        raise NotFoundError("this question is no longer open")
    if notice.answered_at is not None:
        return False
    by = Principal(f"notice:{notice.id}", frozenset({"add"}), frozenset({notice.activity}))
    rules = spec.notice
    if rules.ask:
        receipts.record(vault, unit, subject_id, notice.activity, [rules.ask], granted=reply == "yes", via="email",
                        at=at, lang=vault.register.statement.language.value, by=by)  # fmt: skip
    event = rules.yes_event if reply == "yes" else rules.no_event
    if event:
        vault.add_event(unit, subject_id, event, at=at, activity=notice.activity, by=by)
    notice.answer, notice.answered_at = reply, at
    if reply == "yes" and rules.again_every:
        unit.data.add(NoticeMessage(subject_id=subject_id, activity=notice.activity, kind="again",
                                    due_at=add_period(at, rules.again_every)))  # fmt: skip
    vault.audit(unit, by.actor, NoticeAnswered(subject_id, notice.activity, notice.id, reply))
    return True
