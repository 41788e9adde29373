"""The `waarborg` program: `redact` starts without the rest of the command line; everything else goes to
the full app (``cli.app``)."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["redact"] and "--help" not in sys.argv[2:]:
        from waarborg.cli.redact_cmd import fast

        fast(sys.argv[2:])
        return
    from waarborg.cli.app import main as full

    full()
