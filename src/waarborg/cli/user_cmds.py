"""`waarborg user add|disable|list`: staff accounts with a role from the register."""

from __future__ import annotations

from typing import Annotated

import typer

from waarborg.cli.context import open_vault, print_json

user_app = typer.Typer(help="Staff users: roles from the register, argon2 passwords.", no_args_is_help=True)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str, typer.Option("--role", help="A role of the register, or 'dpo'.")],
    scope: Annotated[str, typer.Option("--scope", help="Comma-separated values of the role's linked_by field.")] = "",
    password: Annotated[
        str,
        typer.Option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Asked if left out."),
    ] = "",
    totp: Annotated[
        bool, typer.Option("--totp", help="Require a six-digit code at sign-in (for the DPO and administrators).")
    ] = False,
) -> None:
    """Create a staff user (the password is asked twice and stored only as an argon2 hash)."""
    from waarborg.access.users import add_user, enable_totp

    uri = None
    scopes = [s.strip() for s in scope.split(",") if s.strip()]
    with open_vault() as vault, vault.unit() as unit:
        user = add_user(unit.data, vault.register, username, role, password, scopes)
        if totp:
            uri = enable_totp(user, vault.register.organisation.name, vault.staff_secrets)
    if uri:
        typer.echo("add this to an authenticator app (it is shown once):", err=True)
        typer.echo(uri, err=True)
    print_json({"username": user.username, "role": user.role, "scope": user.scope, "totp": uri is not None})


@user_app.command("token")
def user_token(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    days: Annotated[int, typer.Option("--days", min=1, max=365, help="Valid for this many days.")] = 30,
) -> None:
    """A token for the user's scripts (HTTP API with the user's role); shown once, expires."""
    from sqlalchemy import select

    from waarborg.access.tokens import issue_token
    from waarborg.access.users import StaffUser
    from waarborg.core.errors import NotFoundError

    with open_vault() as vault, vault.unit() as unit:
        user = unit.data.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
        if user is None or user.disabled:
            raise NotFoundError(f"no active user '{username}'")
        token = issue_token(unit.data, user, days)
    typer.echo(f"store this token now; it cannot be shown again and expires in {days} days:", err=True)
    typer.echo(token)


@user_app.command("disable")
def user_disable(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Disable a staff user at once."""
    from waarborg.access.users import disable_user

    with open_vault() as vault, vault.unit() as unit:
        disable_user(unit.data, username)
    typer.echo(f"disabled {username}", err=True)


@user_app.command("list")
def user_list() -> None:
    """Staff users with their role and scope (never their password hash)."""
    from waarborg.access.users import list_users

    with open_vault() as vault, vault.unit() as unit:
        rows = [
            {"username": u.username, "role": u.role, "scope": u.scope, "disabled": u.disabled}
            for u in list_users(unit.data)
        ]
    print_json(rows)
