"""What every page of the privacy office shares: the signed-in staff member, the officer check, the page
with its CSRF token, and the words of the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from waarborg.access import policy, sessions
from waarborg.access.policy import Principal
from waarborg.access.users import DPO, StaffUser
from waarborg.core.errors import ForbiddenError
from waarborg.core.timeutil import AMSTERDAM
from waarborg.vault.service import Vault
from waarborg.web import pagekit

COOKIE = "wb_office"


def vault_of(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


def staff(request: Request, vault: Vault) -> tuple[StaffUser, Principal]:
    token = request.cookies.get(COOKIE, "")
    with vault.unit() as unit:
        user = sessions.user_for_session(unit.data, vault.ring.session_key, token)
        unit.data.expunge(user)
    return user, policy.for_user(vault.register, user)


def officer(request: Request, vault: Vault) -> tuple[StaffUser, Principal]:
    user, who = staff(request, vault)
    if user.role != DPO:
        raise ForbiddenError("this page is for the privacy officer")
    return user, who


def auditor(request: Request, vault: Vault) -> tuple[StaffUser, Principal]:
    """The staff member for a page of the privacy officer and roles with ``audit`` (the audit trail, scans)."""
    user, who = staff(request, vault)
    role = vault.register.roles.get(user.role)
    if user.role != DPO and not (role and role.audit):
        raise ForbiddenError("this page is for the privacy officer and roles with `audit`")
    return user, who


async def checked(request: Request, form: dict[str, str], *, dpo: bool = False) -> tuple[StaffUser, Principal]:
    """The staff member behind a posted form, its CSRF token checked; with ``dpo`` only the privacy officer."""
    vault = vault_of(request)
    user, who = await run_in_threadpool(staff, request, vault)
    pagekit.check_csrf(vault.ring.session_key, request.cookies.get(COOKIE), form)
    if dpo and user.role != DPO:
        raise ForbiddenError("this is for the privacy officer")
    return user, who


def page(request: Request, template: str, title: str, user: StaffUser, **context: Any) -> HTMLResponse:
    vault = vault_of(request)
    csrf = pagekit.csrf(vault.ring.session_key, request.cookies.get(COOKIE, ""))
    status = context.pop("status", 200)
    return pagekit.page(
        request, vault, template, status, title=title, user=user, officer=user.role == DPO, csrf=csrf, **context
    )


def lang_of(request: Request) -> str:
    return pagekit.lang_of(request, vault_of(request))


def words(request: Request) -> dict[str, str]:
    """The page words in the reader's language and the register's tone."""
    return pagekit.words_of(vault_of(request), lang_of(request))


def flash(request: Request, message: str | None) -> str | None:
    """The word for a ``?message=`` after an action (never the raw key); None for an unknown one."""
    return words(request).get(f"flash_{message}") if message else None


def day(value: date | datetime, lang: str) -> str:
    """A date as people read it in a table ("4 jan. 2027"), in Amsterdam time for a moment."""
    return pagekit.day_words(value, lang, "medium")


def moment(value: datetime, lang: str) -> str:
    """A moment as people read it, in Amsterdam time: the day and the time of day."""
    local = value.astimezone(AMSTERDAM)
    return f"{day(local.date(), lang)} {local:%H:%M}"


def actor_word(t: dict[str, str], actor: str) -> str:
    """Who did it, in words: a staff member by user name, the person themselves, an API key, or Waarborg."""
    kind, _, name = actor.partition(":")
    if kind == "user":
        return name
    if kind in ("subject", "portal"):
        return t["actor_subject"]
    if kind == "api":
        return f"{t['actor_api']} {name}".strip()
    if kind == "cli":
        return f"{t['actor_cli']} ({name})" if name else t["actor_cli"]
    return t["actor_system"]
