"""`waarborg mail test`: check the mail settings by sending one message."""

from __future__ import annotations

from typing import Annotated

import typer

from waarborg.cli.context import print_json

mail_app = typer.Typer(help="Outgoing mail (WAARBORG_SMTP_URL, WAARBORG_MAIL_FROM).", no_args_is_help=True)

TEST = {
    "nl": ("Testbericht van Waarborg", "Dit bericht laat zien dat Waarborg mail kan versturen met deze instellingen."),
    "en": ("Test message from Waarborg", "This message shows that Waarborg can send mail with these settings."),
}


@mail_app.command("test")
def mail_test(
    to: Annotated[str, typer.Option("--to", help="Where the test message goes.")],
    lang: Annotated[str, typer.Option("--lang", help="nl or en.")] = "nl",
) -> None:
    """Send one test message with the configured server (or into the outbox folder)."""
    from waarborg.cli.context import bad_input, runtime
    from waarborg.core.mail import Mail
    from waarborg.vault.validate import normalise_identifier

    if lang not in TEST:
        bad_input(f"--lang: '{lang}' is not nl or en")
    settings = runtime().settings
    address = normalise_identifier("email", to)
    subject, text = TEST[lang]
    runtime().send(Mail(to=address, subject=subject, text=text, lang=lang))
    print_json(
        {"sent": True, "via": settings.smtp_url.split("@")[-1] if "@" in settings.smtp_url else settings.smtp_url}
    )
