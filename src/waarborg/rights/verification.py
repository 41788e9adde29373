"""Is it really them? A signed link and a six-digit code, sent to the address the request came from.

The address is the one the person wrote from; when it is an address Waarborg holds, confirming it proves the
person controls an identifier on file, and nothing more is asked (Art 12(6): only where there is doubt).
The link (``/r/<token>``) lasts seven days and names the request and how many codes were sent, so a new
message makes the old link useless; the code lasts a day and allows five tries, counted on the request in a
transaction the caller commits even when the code was wrong. The fifth wrong code locks that code and a new
one goes out by mail (:class:`CodeCheck`). At most three messages per request per day. Staff who identified
the person otherwise mark the request verified with the reason (``requests.verify_by_staff``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from waarborg.access import signed
from waarborg.access.policy import Principal
from waarborg.core.errors import RefusedError, TooManyError, UnauthorisedError, WaarborgError
from waarborg.core.mail import Mail
from waarborg.core.timeutil import now
from waarborg.rights.answers import Writer
from waarborg.rights.models import Request
from waarborg.rights.requests import contact_of, mark_verified, require, require_open, step
from waarborg.vault.service import Unit, Vault

CODE_LIFETIME = timedelta(hours=24)
MAX_SENDS_PER_DAY = 3
MAX_ATTEMPTS = 5
PATH = "/r/"
NO_CODE = "there is no valid code for this request; ask for a new confirmation message"


def _digest(vault: Vault, request_id: str, code: str) -> bytes:
    return hmac.new(vault.ring.links_key, f"request-code:{request_id}:{code}".encode(), hashlib.sha256).digest()


def new_challenge(vault: Vault, unit: Unit, request: Request, base_url: str, by: Principal) -> tuple[str, str]:
    """A fresh link and code for the request; refused after three in a day."""
    moment = now()
    if request.code_sent_at is not None and moment - request.code_sent_at < timedelta(days=1):
        if request.codes_sent >= MAX_SENDS_PER_DAY:
            raise TooManyError(
                f"request {request.id}: {MAX_SENDS_PER_DAY} verification messages were sent in the "
                "last day; try again tomorrow",
                retry_after=int((request.code_sent_at + timedelta(days=1) - moment).total_seconds()) + 1,
            )
    else:
        request.codes_sent = 0
    request.codes_sent += 1
    request.code_sent_at = moment
    request.code_attempts = 0
    code = f"{secrets.randbelow(1_000_000):06d}"
    request.code_digest = _digest(vault, request.id, code)
    token = signed.make(vault.ring.links_key, signed.CONFIRMATION, {"q": request.id, "v": request.codes_sent}, moment)
    step(vault, unit, request, "verification_sent", by)
    return f"{base_url.rstrip('/')}{PATH}{token}", code


def send(
    vault: Vault, unit: Unit, deliver: Callable[[Mail], None], request_id: str, base_url: str, by: Principal
) -> None:
    """Send a new verification message for an open, unverified request."""
    request = require_open(unit, request_id)
    if request.status == "verified":
        raise RefusedError(f"request {request_id} is verified already")
    address = contact_of(vault, request)
    if address is None:
        raise RefusedError(f"request {request_id} has no address to write to")
    url, code = new_challenge(vault, unit, request, base_url, by)
    deliver(Writer(vault.register, request.lang).verification(address, url, code))


def read_link(vault: Vault, token: str, at: datetime) -> tuple[str, int]:
    """(request id, message number) from a verification link; UnauthorisedError when it is not a valid one."""
    claims = signed.read(vault.ring.links_key, signed.CONFIRMATION, token, at)
    if "q" not in claims or "v" not in claims:
        raise UnauthorisedError("this confirmation link is not valid")
    return str(claims["q"]), int(str(claims["v"]))


def confirm_link(vault: Vault, unit: Unit, token: str, at: datetime) -> Request:
    """Verify the request a link names; a link from an earlier message no longer counts."""
    request_id, number = read_link(vault, token, at)
    request = require(unit, request_id)
    if request.status == "verified":
        return request
    if request.status != "unverified" or number != request.codes_sent:
        raise UnauthorisedError("this confirmation link is no longer valid; use the link in the latest message")
    mark_verified(vault, unit, request, "e-mail link", _requester(request))
    return request


@dataclass(frozen=True)
class CodeCheck:
    """What a code attempt came to. The caller commits the unit first (the attempt counts), then sends
    ``mail`` (a new code, after the last wrong try) and raises ``refusal`` if there is one."""

    request: Request
    refusal: WaarborgError | None = None
    mail: Mail | None = None

    def settle(self, deliver: Callable[[Mail], None]) -> Request:
        if self.mail is not None:
            deliver(self.mail)
        if self.refusal is not None:
            raise self.refusal
        return self.request


def confirm_code(vault: Vault, unit: Unit, request_id: str, code: str, at: datetime, base_url: str) -> CodeCheck:
    """Verify with the code from the message: five tries, within a day; the fifth wrong one locks the code
    and sends a new one (while the day's three messages allow)."""
    request = require_open(unit, request_id)
    if request.status == "verified":
        return CodeCheck(request)
    if request.code_digest is None or request.code_sent_at is None or at - request.code_sent_at > CODE_LIFETIME:
        return CodeCheck(request, UnauthorisedError(NO_CODE))
    request.code_attempts += 1
    if hmac.compare_digest(_digest(vault, request.id, code.strip()), request.code_digest):
        mark_verified(vault, unit, request, "e-mail code", _requester(request))
        return CodeCheck(request)
    left = MAX_ATTEMPTS - request.code_attempts
    if left > 0:
        return CodeCheck(request, UnauthorisedError(f"this code is not right; {left} tries left"))
    request.code_digest = None  # locked: this code no longer opens anything
    return _lock(vault, unit, request, base_url)


def _lock(vault: Vault, unit: Unit, request: Request, base_url: str) -> CodeCheck:
    address = contact_of(vault, request)
    try:
        if address is None:
            raise RefusedError("no address")
        url, code = new_challenge(vault, unit, request, base_url, _requester(request))
    except RefusedError:  # TooManyError included: three messages today already
        return CodeCheck(request, TooManyError("too many wrong codes: this code no longer works; ask for a new "
                                               "confirmation message tomorrow", retry_after=86400))  # fmt: skip
    mail = Writer(vault.register, request.lang).verification(address, url, code)
    return CodeCheck(request, TooManyError("too many wrong codes: this code no longer works; a new code is on its "
                                           "way to you by mail"), mail)  # fmt: skip


def _requester(request: Request) -> Principal:
    return Principal(f"requester:{request.id}", frozenset())
