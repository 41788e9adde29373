"""The Art 34 message to the people a high-risk breach concerns, mailed from the breach register."""

from __future__ import annotations

from collections.abc import Callable

from waarborg.access.breaches import SUBJECT, BreachMessaged, draft, get
from waarborg.access.policy import Principal
from waarborg.core.errors import InputError
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.register.render.words import Voice
from waarborg.vault.service import Vault


def send_message(vault: Vault, send: Callable[[Mail], None], breach_id: int, lang: str, *, by: Principal) -> int:
    """Mail the Art 34 message to every person the breach concerns who has an e-mail address; the number sent.

    A mail-sending workflow: commits on its own, with the mails sent inside the transaction, so a mail server
    that refuses leaves the breach as not yet messaged."""
    if lang not in ("nl", "en"):
        raise InputError(f"lang: '{lang}' is not nl or en")
    with vault.unit() as unit:
        breach = get(unit.data, breach_id)
        text = draft(vault.register, breach, lang)
        subject = Voice(lang, vault.register.statement.tone == "formal").say(*SUBJECT)
        subject = subject.format(organisation=vault.register.organisation.name)
        people = vault.affected_subjects(unit, breach.activities, breach.fields)
        addresses = sorted(
            {found["email"] for found in vault.identifiers_of(unit, people).values() if "email" in found}
        )
        for address in addresses:
            send(Mail(to=address, subject=subject, text=text, lang=lang))
        breach.messaged_at, breach.messaged_count = now(), len(addresses)
        vault.audit(unit, by.actor, BreachMessaged(breach_id, len(addresses)))
    return len(addresses)
