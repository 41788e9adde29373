"""Taking a request in and writing back: the request is stored first (it arrived, whatever happens to the
mail), then the receipt with the deadline (and, unless staff verified the person already, the link and code)
goes out in a transaction of its own. A mail that cannot be sent leaves the request and a step saying so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from waarborg.access.policy import Principal
from waarborg.core.errors import DeliveryError
from waarborg.core.mail import Mail
from waarborg.rights import requests, verification
from waarborg.rights.answers import Writer
from waarborg.vault.service import Vault


@dataclass(frozen=True)
class Opened:
    request: requests.RequestView
    mail_error: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.request.id,
            "due_at": self.request.due_at.isoformat(),
            "due_on": self.request.due_on.isoformat(),
            "status": self.request.status,
            "type": self.request.kind,
            "mail": "failed: " + self.mail_error if self.mail_error else "sent",
        }


def intake(
    vault: Vault,
    send: Callable[[Mail], None],
    kind: str,
    email: str,
    *,
    base_url: str,
    by: Principal,
    received_at: datetime | None = None,
    channel: str = "email",
    lang: str | None = None,
    details: dict[str, Any] | None = None,
    verified: str | None = None,
) -> Opened:
    """Store the request (verified at once when staff give how they identified the person), then the receipt.

    Commits the request before the receipt goes out, and the receipt's outcome (sent, or why not) in a
    transaction of its own: a mail server that is down never loses a request."""
    with vault.unit() as unit:
        view = requests.open_request(
            vault, unit, kind, email, received_at=received_at, channel=channel, lang=lang, details=details, by=by
        )
        if verified is not None:
            view = requests.verify_by_staff(vault, unit, view.id, verified, by=by)
    try:
        with vault.unit() as unit:
            request = requests.require(unit, view.id)
            address = requests.contact_of(vault, request)
            assert address is not None
            challenge = None if verified else verification.new_challenge(vault, unit, request, base_url, by)
            send(
                Writer(vault.register, request.lang).receipt(
                    address, request.kind, request.id, request.due_on, challenge
                )
            )
            requests.step(vault, unit, request, "receipt_sent", by)
            view = requests.view(unit, request)
    except DeliveryError as error:
        with vault.unit() as unit:
            request = requests.require(unit, view.id)
            requests.step(vault, unit, request, "mail_failed", by, error.message)
            view = requests.view(unit, request)
        return Opened(view, error.message)
    return Opened(view)


def resend(vault: Vault, send: Callable[[Mail], None], request_id: str, *, base_url: str, by: Principal) -> None:
    """A new confirmation message (a new link and code; the old ones stop working); commits on its own."""
    with vault.unit() as unit:
        verification.send(vault, unit, send, request_id, base_url, by)
