"""Settings from the environment (``WAARBORG_*``), with the defaults DESIGN.md promises."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where things are and how big they may be. Secrets are read here and never printed."""

    model_config = SettingsConfigDict(env_prefix="WAARBORG_", extra="ignore")

    db: str = Field("sqlite:///waarborg.db", description="SQLAlchemy URL of the database.")
    keystore: str | None = Field(
        None, description="SQLAlchemy URL of the key store; default: a file beside a SQLite database."
    )
    master_key: str | None = Field(None, description="Base64 master key; else read from key_file.", repr=False)
    key_file: Path = Path("waarborg.key")
    max_body_bytes: int = Field(1_000_000, ge=1_000)
    smtp_url: str = Field(
        "outbox:outbox", description="smtp://[user:password@]host:port[?starttls=true], smtps://..., or outbox:DIR."
    )
    mail_from: str = Field("privacy@localhost", description="The sender of the messages Waarborg sends.")
    public_url: str = Field("http://127.0.0.1:8000", description="Where people reach the server (unsubscribe links).")
    sweep_at: str = Field("03:00", description="Daily retention sweep in `serve`, Amsterdam time; 'off' for none.")
    concurrency: int = Field(
        8,
        ge=1,
        le=256,
        description="Requests a server process works on at once. The database connections (this "
        "many and 2 for its background jobs), the worker threads and the admission queue are sized from it.",
    )
    deadline: float = Field(
        2.5,
        gt=0,
        le=60,
        description="Seconds a request may wait before its work starts (for a turn, a connection, "
        "a lock); past it the server answers 503 with Retry-After, nothing done. Shorter than clients' timeouts.",
    )
    trusted_proxies: str = Field(
        "", description="Addresses or networks (comma-separated) of proxies whose X-Forwarded-For is believed; none."
    )


def keystore_url(db_url: str, keystore: str | None) -> str:
    """The key store URL: given, or ``x.keys.db`` beside a SQLite file, or the same PostgreSQL database.

    Subject keys live apart from the data so that a restored backup of the data cannot be decrypted
    after an erasure (crypto-shredding); see docs/deploy.md.
    """
    if keystore:
        return keystore
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        path = db_url.removeprefix("sqlite:///")
        stem = path[:-3] if path.endswith(".db") else path
        return f"sqlite:///{stem}.keys.db"
    return db_url
