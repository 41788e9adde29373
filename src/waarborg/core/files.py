"""Files that hold keys or personal data: created readable by their owner only (0600), whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path``, created (or left) mode 0600 before a byte is written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT
    with os.fdopen(fd, "wb") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


def create_private(path: Path) -> None:
    """Create an empty file mode 0600 when it does not exist yet (a database SQLite is about to open: its
    journal and WAL files take the database file's mode)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
