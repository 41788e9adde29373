"""Systems that hold an activity's data outside Waarborg, and how Waarborg reaches them.

    systems:
      hubspot: {name: HubSpot, owner: marketing, processor: hubspot, reach: webhook,
                webhook: {url: "https://hooks.example.nl/privacy", secret_env: WAARBORG_HOOK_HUBSPOT}}
      administration:
        name: Course administration
        owner: dpo
        reach: sql
        sql:
          url_env: WAARBORG_SQL_ADMINISTRATION
          tables:
            students: {identity: {email: email}, columns: {name: user.name, email: user.contact.email}}
            invoices: {links: {student_id: students.id}, fiscal: true, mask: {name: "fixed:[verwijderd]"}}

``manual``: a person does the work (the owner, a role or a person); ``webhook``: Waarborg posts a signed
message and the system calls back; ``sql``: Waarborg finds, exports and erases the rows itself. Secrets
and connection URLs come from the environment, never from the register.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from waarborg.register.base import EnvName, Key, Model, TaxonomyKey

Identifier = Literal["email", "phone", "customer_id"]
Column = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")


class Webhook(Model):
    url: str = Field(pattern=r"^https?://", description="Where Waarborg posts the signed task message.")
    secret_env: EnvName = Field(description="The environment variable holding the shared HMAC secret.")


class SqlTable(Model):
    key: str = Field("id", description="The primary-key column.")
    identity: dict[Identifier, str] = Field({}, description="Identifier kinds and the columns that hold them.")
    links: dict[str, str] = Field({}, description="Column -> 'table.column' it refers to (a foreign key).")
    columns: dict[str, TaxonomyKey] = Field({}, description="Columns with personal data -> data category.")
    fiscal: bool = Field(False, description="Part of the fiscal administration: masked, never deleted, on erasure.")
    mask: dict[str, str] = Field(
        {}, description="How a column is masked on erasure: 'null', 'hash' (keyed) or 'fixed:TEXT'; default null."
    )

    @model_validator(mode="after")
    def _masks(self) -> SqlTable:
        for column, how in self.mask.items():
            if how not in ("null", "hash") and not how.startswith("fixed:"):
                raise ValueError(f"mask.{column}: '{how}' is not null, hash or fixed:TEXT")
        return self


class SqlDataset(Model):
    url_env: EnvName = Field(description="The environment variable holding the database URL.")
    tables: dict[str, SqlTable] = Field(min_length=1)


class System(Model):
    name: str
    owner: str = Field(description="Who gets its tasks: a role key of the register, or a person (user name).")
    processor: Key | None = Field(None, description="The processor (under `processors`) that runs it, if any.")
    reach: Literal["manual", "webhook", "sql"] = "manual"
    webhook: Webhook | None = None
    sql: SqlDataset | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _reach(self) -> System:
        if self.reach == "webhook" and self.webhook is None:
            raise ValueError("reach webhook needs `webhook` (url and secret_env)")
        if self.reach == "sql" and self.sql is None:
            raise ValueError("reach sql needs `sql` (url_env and tables)")
        return self
