"""The round trip to an AI tool: redact the prompt, call the tool, restore the names in its answer.

    answer = guarded(prompt, ask)                    # ask: any str -> str call (an SDK, a function)
    answer = ask_http("https://ai.example/v1/chat", prompt, api_key=...)   # an OpenAI-style chat endpoint

Tokens are made under a fresh key per call, so the tool sees stable placeholders ("[NAAM_3f9a2c1b]") and
never the data; the answer's placeholders are put back. Special category data (health, religion, political
opinion, trade-union membership, sexual orientation, ethnic origin, biometric and genetic data: Art 9 AVG) and
criminal records (Art 10) are refused outright unless ``allow_special``: they must not reach an AI tool at all.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Callable

from waarborg.core.errors import RefusedError
from waarborg.pii.redact import redact, restore
from waarborg.pii.spans import KIND_WORDS


def guarded(prompt: str, ask: Callable[[str], str], *, lang: str = "nl", allow_special: bool = False) -> str:
    done = redact(prompt, "token", os.urandom(32), lang)
    special = sorted({KIND_WORDS["en"][span.kind] for span in done.spans if span.special})
    if special and not allow_special:
        raise RefusedError(f"the text holds {' and '.join(special)} (special category data, Art 9 or 10 AVG); "
                           "it may not go to an AI tool")  # fmt: skip
    return restore(ask(done.text), done.mapping)


def ask_http(url: str, prompt: str, *, api_key: str | None = None, model: str = "default", lang: str = "nl",
             timeout: float = 30.0) -> str:  # fmt: skip
    """The round trip against an OpenAI-style chat completions endpoint."""

    def call(text: str) -> str:
        body = json.dumps({"model": model, "messages": [{"role": "user", "content": text}]}).encode()
        headers = {"Content-Type": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
        return str(answer["choices"][0]["message"]["content"])

    return guarded(prompt, call, lang=lang)
