"""A subject's data key in use: the only way code above the vault reads or rewrites sealed values.

Record values are sealed with the record id as associated data, identifiers with ``subject:kind``, so a
sealed value moved to another row does not open. A subject whose key was destroyed has no cipher: its
values are unreadable everywhere, backups included. Text sealed for a request (its contact address and
details, kept apart from the subject's key so that an erasure can still be answered) uses the installation's
request key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from waarborg.core.errors import MasterKeyError
from waarborg.vault.crypto import Keyring, decrypt, encrypt, seal, unseal


@dataclass(frozen=True)
class SubjectCipher:
    subject_id: str
    cipher: AESGCM

    @classmethod
    def of(cls, subject_id: str, key: bytes) -> SubjectCipher:
        return cls(subject_id, AESGCM(key))

    def values(self, record_id: str, sealed: bytes) -> dict[str, Any]:
        """A record's values; InputError when they do not open (tampered with, or moved)."""
        opened: dict[str, Any] = json.loads(unseal(self.cipher, sealed, record_id))
        return opened

    def seal_values(self, record_id: str, values: dict[str, Any]) -> bytes:
        plain = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
        return seal(self.cipher, plain, record_id.encode())

    def identifier(self, kind: str, sealed: bytes) -> str:
        return unseal(self.cipher, sealed, f"{self.subject_id}:{kind}").decode()

    def seal_identifier(self, kind: str, value: str) -> bytes:
        return seal(self.cipher, value.encode(), f"{self.subject_id}:{kind}".encode())


def seal_request_text(ring: Keyring, request_id: str, what: str, text: str) -> bytes:
    return encrypt(ring.requests_key, text.encode(), f"request:{request_id}:{what}".encode())


def open_request_text(ring: Keyring, request_id: str, what: str, sealed: bytes) -> str:
    return decrypt(ring.requests_key, sealed, f"request:{request_id}:{what}".encode()).decode()


@dataclass(frozen=True)
class StaffSecrets:
    """Staff members' second-factor secrets, sealed under the installation's staff key (a key of the key
    store, wrapped by the master key): the database alone does not give them away."""

    ring: Keyring

    def seal(self, plain: bytes, label: str) -> bytes:
        return encrypt(self.ring.staff_key, plain, label.encode())

    def open(self, sealed: bytes, label: str) -> bytes:
        try:
            return decrypt(self.ring.staff_key, sealed, label.encode())
        except InvalidTag:
            raise MasterKeyError(
                f"{label}: the sealed secret does not open with this key store (another installation's?)"
            ) from None
