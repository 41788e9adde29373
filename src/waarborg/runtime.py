"""The one place a running Waarborg is put together, for the command line and the server alike.

A :class:`Runtime` holds the settings (read once from ``WAARBORG_*``), the mail sender, the public address
that links point to and the clock, and opens the vault. The CLI builds one per command, a server one per
process; everything below receives what it needs from it. No other module reads the settings itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from waarborg.core.config import Settings, keystore_url
from waarborg.core.db import check_url
from waarborg.core.mail import Mail, Mailer, mailer_for
from waarborg.core.mailqueue import MailQueue
from waarborg.core.timeutil import now
from waarborg.register.schema import Register
from waarborg.vault.masterkey import MasterKeySource, load_master_key
from waarborg.vault.service import Vault


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    clock: Callable[[], datetime] = field(default=now)

    @classmethod
    def from_environment(cls, **given: Any) -> Runtime:
        """Settings from the environment; ``given`` values (command-line options) win where not None."""
        return cls(Settings(**{name: value for name, value in given.items() if value is not None}))

    @cached_property
    def mailer(self) -> Mailer:
        """The configured mail server; built on first use, so a command that sends nothing never trips over
        a bad WAARBORG_SMTP_URL."""
        return mailer_for(self.settings.smtp_url, self.settings.mail_from)

    @property
    def send(self) -> Callable[[Mail], None]:
        return self.mailer.send

    @cached_property
    def later(self) -> MailQueue:
        """Mail sent by a worker thread, after the answer (the server closes it at shutdown)."""
        return MailQueue(self.send)

    @property
    def public_url(self) -> str:
        return self.settings.public_url

    @property
    def db(self) -> str:
        return self.settings.db

    def server_options(self) -> dict[str, Any]:
        """uvicorn's options for `waarborg serve` and `waarborg demo`: the scrubbing log configuration, and proxy
        headers (X-Forwarded-For, -Proto) believed only from the proxies the operator names (uvicorn would believe
        127.0.0.1 by default, so anything on the machine could pose as any client and dodge the rate limits)."""
        import ipaddress

        from waarborg.core.errors import InputError
        from waarborg.pii.logfilter import server_log_config

        proxies = [item.strip() for item in self.settings.trusted_proxies.split(",") if item.strip()]
        for item in proxies:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise InputError(f"WAARBORG_TRUSTED_PROXIES: '{item}' is not an address or network") from None
        return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or None, "access_log": False,
                "log_config": server_log_config()}  # fmt: skip

    def master_key(self, *, create: bool = False) -> MasterKeySource:
        """The master key; a new key file only with ``create`` (`waarborg db upgrade`)."""
        return load_master_key(self.settings.master_key, self.settings.key_file, create=create)

    def keystore_url(self) -> str:
        return keystore_url(self.settings.db, self.settings.keystore)

    def check_databases(self, *, exist: bool) -> None:
        """Both URLs usable (InputError naming the setting); with ``exist``, SQLite files already there: only
        `waarborg db upgrade` and the demo create them."""
        check_url(self.settings.db, "WAARBORG_DB (--db)", exists=exist)
        check_url(self.keystore_url(), "WAARBORG_KEYSTORE", exists=exist)

    def open_vault(self, register: Register, key: MasterKeySource | None = None) -> Vault:
        """The vault of the configured database and key store, under the master key (read when not given)."""
        source = key or self.master_key()
        keys = self.keystore_url()
        return Vault.open(register, self.settings.db, master_key=source.key, keystore_url=keys, pool=self.pool_size,
                          wait=self.settings.deadline)  # fmt: skip

    @property
    def pool_size(self) -> int:
        """Connections per database: one for each request worked on at once, two for the background jobs (the
        sweep, the mail queue, task delivery), so a request never waits for a connection another one holds."""
        return self.settings.concurrency + 2
