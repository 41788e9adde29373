"""Encryption at rest: AES-GCM under a per-subject data key, data keys wrapped by the master key.

    master key (env WAARBORG_MASTER_KEY or a 0600 key file)
      └── wraps ── subject data keys (key store)  ── encrypt ── field values, identifiers (database)
      └── wraps ── system keys (key store): the blind-index key, later signing keys

Erasing a subject deletes its data key from the key store: every copy of its values, in the database
or in a backup of it, becomes unreadable (crypto-shredding). Identifiers are found through a keyed
blind index (HMAC-SHA256), so lookups need no decryption and the database holds no plain e-mail address.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from waarborg.core.errors import InputError, MasterKeyError

KEY_BYTES = 32
NONCE_BYTES = 12


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def seal(cipher: AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    """Like :func:`encrypt` with a cipher made once per key (bulk intake encrypts many values per key)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + cipher.encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise MasterKeyError(f"{where}: the master key is not base64") from None
    if len(key) != KEY_BYTES:
        raise MasterKeyError(f"{where}: the master key must be {KEY_BYTES} bytes, got {len(key)}")
    return key


class Keyring:
    """The master key and the system keys it unwraps; hands out per-subject ciphers."""

    def __init__(
        self,
        master: bytes,
        blind_index_key: bytes,
        audit_key: bytes = b"",
        session_key: bytes = b"",
        links_key: bytes = b"",
        requests_key: bytes = b"",
        staff_key: bytes = b"",
    ) -> None:
        self._master = master
        self._blind = blind_index_key
        self.audit_key = audit_key
        self.session_key = session_key
        self.links_key = links_key  # signs one-click unsubscribe links; replacing it revokes them all
        self.requests_key = requests_key  # seals requesters' addresses and what they wrote
        self.staff_key = staff_key  # seals staff members' second-factor secrets

    def wrap(self, key: bytes, label: str) -> bytes:
        return encrypt(self._master, key, label.encode())

    def unwrap(self, blob: bytes, label: str) -> bytes:
        try:
            return decrypt(self._master, blob, label.encode())
        except InvalidTag:
            raise MasterKeyError(
                "the master key does not open the key store (wrong key, or a key store of another installation)"
            ) from None

    def blind_index(self, kind: str, value: str) -> bytes:
        """A keyed hash of a normalised identifier: equal values give equal indexes, nothing else leaks."""
        return hmac.new(self._blind, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()


def unwrap_system_key(master: bytes, blob: bytes, name: str) -> bytes:
    try:
        return decrypt(master, blob, f"system:{name}".encode())
    except InvalidTag:
        raise MasterKeyError(
            "the master key does not open the key store (wrong WAARBORG_MASTER_KEY or key file?)"
        ) from None


def wrap_system_key(master: bytes, key: bytes, name: str) -> bytes:
    return encrypt(master, key, f"system:{name}".encode())


def unseal(cipher: AESGCM, blob: bytes, aad: str) -> bytes:
    """Decrypt a value; a wrong key or tampered blob is an error, never garbage."""
    try:
        return cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode())
    except InvalidTag:
        raise InputError("stored value cannot be decrypted (tampered, or its key was destroyed)") from None
