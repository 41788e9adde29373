"""`waarborg user add|disable|list`: staff accounts with a role from the register."""

from __future__ import annotations

from typing import Annotated

import typer

from waarborg.cli.context import fail, open_vault, print_json
from waarborg.core.errors import WaarborgError

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
) -> None:
    """Create a staff user (the password is asked twice and stored only as an argon2 hash)."""
    from waarborg.access.users import add_user

    with open_vault() as vault:
        try:
            with vault.unit() as unit:
                user = add_user(
                    unit.data,
                    vault.register,
                    username,
                    role,
                    password,
                    [s.strip() for s in scope.split(",") if s.strip()],
                )
        except WaarborgError as error:
            fail(error)
    print_json({"username": user.username, "role": user.role, "scope": user.scope})


@user_app.command("disable")
def user_disable(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Disable a staff user at once."""
    from waarborg.access.users import disable_user

    with open_vault() as vault:
        try:
            with vault.unit() as unit:
                disable_user(unit.data, username)
        except WaarborgError as error:
            fail(error)
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
