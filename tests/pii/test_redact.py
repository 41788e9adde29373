"""Redaction modes, the round trip to an AI tool against a local fake endpoint, the log filter, the CLI
from a cold start and the HTTP endpoint."""

from __future__ import annotations

import json
import logging
import logging.config
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.core.test_mail import free_port
from waarborg.core.errors import RefusedError
from waarborg.pii import guard, logfilter
from waarborg.pii.redact import redact, restore, seal, unseal
from waarborg.vault.apikeys import create_key
from waarborg.vault.service import Vault
from waarborg.web.app import create_app

TEXT = "Bel Jan de Vries op 06-12345678. Jan de Vries mailt later met Piet Bakker, BSN 111222333."


def test_mask_and_pseudonyms() -> None:
    assert redact(TEXT, "mask").text == "Bel [NAAM] op [TELEFOON]. [NAAM] mailt later met [NAAM], BSN [BSN]."
    assert redact(TEXT, "mask", lang="en").text.startswith("Bel [NAME] op [PHONE]")
    pseudo = redact(TEXT, "pseudonym")
    assert pseudo.text == ("Bel [PERSOON_1] op [TELEFOON_1]. [PERSOON_1] mailt later met [PERSOON_2], "
                           "BSN [BSN_1].")  # fmt: skip
    assert restore(pseudo.text, pseudo.mapping) == TEXT


def test_tokens_are_keyed_and_restorable() -> None:
    one, two = redact(TEXT, "token", b"k1"), redact(TEXT, "token", b"k1")
    assert one.text == two.text and "Jan" not in one.text
    assert redact(TEXT, "token", b"k2").text != one.text, "another key, other tokens"
    assert restore(one.text, unseal(seal(one.mapping, b"k1"), b"k1")) == TEXT
    report = redact(TEXT, "report").report()
    assert report["counts"] == {"NAME": 3, "PHONE": 1, "BSN": 1} and report["special"] is False


class FakeAI:
    """A chat endpoint that answers by repeating the names it was given: what a real model would do."""

    def __init__(self) -> None:
        self.port = free_port()
        self.prompts: list[str] = []
        ai = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                prompt = body["messages"][0]["content"]
                ai.prompts.append(prompt)
                tokens = [w.strip(".,") for w in prompt.split() if w.startswith("[")]
                answer = {"choices": [{"message": {"content": f"Samenvatting: {' en '.join(tokens[:2])} spraken af."}}]}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def fake_ai() -> Iterator[FakeAI]:
    ai = FakeAI()
    yield ai
    ai.server.shutdown()
    ai.server.server_close()


def test_the_round_trip_restores_the_names_in_the_answer(fake_ai: FakeAI) -> None:
    answer = guard.ask_http(f"http://127.0.0.1:{fake_ai.port}/v1/chat/completions",
                            "Notulen: Jan de Vries en mevrouw Öztürk bespraken het rooster.")  # fmt: skip
    assert "Jan de Vries" not in fake_ai.prompts[0] and "Öztürk" not in fake_ai.prompts[0]
    assert answer == "Samenvatting: Jan de Vries en mevrouw Öztürk spraken af."


def test_health_data_never_reaches_the_ai_tool(fake_ai: FakeAI) -> None:
    with pytest.raises(RefusedError, match="Art 9"):
        guard.ask_http(f"http://127.0.0.1:{fake_ai.port}/", "Jan de Vries heeft een depressie.")
    assert fake_ai.prompts == []


def test_the_log_filter_masks_every_line(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("waarborg.test.scrub")
    scrub = logfilter.ScrubFilter()
    logger.addFilter(scrub)
    try:
        with caplog.at_level(logging.INFO, logger="waarborg.test.scrub"):
            logger.info("mail to %s failed, phone %s", "an@example.nl", "06-12345678")
    finally:
        logger.removeFilter(scrub)
    assert "an@example.nl" not in caplog.text and "[EMAIL]" in caplog.text and "[PHONE]" in caplog.text


def test_a_logging_config_scrubs_what_child_loggers_pass_up(capsys: pytest.CaptureFixture[str]) -> None:
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    logger = {"handlers": ["out"], "level": "INFO", "propagate": False}
    config = {"version": 1, "disable_existing_loggers": False, "handlers": {"out": handler},
              "loggers": {"waarborg.test.dict": logger}}  # fmt: skip
    scrubbed = logfilter.scrubbing(config)
    assert "filters" not in config["handlers"]["out"], "the caller's config is left as it was"
    logging.config.dictConfig(scrubbed)
    parent = logging.getLogger("waarborg.test.dict")
    try:
        logging.getLogger("waarborg.test.dict.child").info("reset for an@example.nl from 10.1.2.3")
    finally:
        for handler in list(parent.handlers):
            parent.removeHandler(handler)
    err = capsys.readouterr().err
    assert "an@example.nl" not in err and "10.1.2.3" not in err and "[EMAIL]" in err, err


def test_the_command(tmp_path: Path) -> None:
    line = "Bel Jan de Vries op 06-12345678, BSN 111222333, klantnummer 123456789\n"
    waarborg = Path(sys.executable).parent / "waarborg"
    done = subprocess.run([str(waarborg), "redact"], input=line, capture_output=True, text=True, check=True)
    assert done.stdout == "Bel [NAAM] op [TELEFOON], BSN [BSN], klantnummer 123456789\n"
    report = subprocess.run([str(waarborg), "redact", "--format", "json", "-"], input=line, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert [s["type"] for s in json.loads(report.stdout)["spans"]] == ["NAME", "PHONE", "BSN"]
    bad = subprocess.run([str(waarborg), "redact", str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert bad.returncode == 2 and "no such file" in bad.stderr


def test_the_command_starts_without_the_database_web_or_pdf_stack() -> None:
    """What keeps a cold start quick (its time is measured in bench/pii): only the guard is imported."""
    code = (
        "import atexit, sys\n"
        "heavy = ('sqlalchemy', 'fastapi', 'weasyprint', 'waarborg.vault', 'waarborg.register', 'waarborg.cli.app')\n"
        "atexit.register(lambda: print(sorted({m for m in sys.modules if m.startswith(heavy)}), file=sys.stderr))\n"
        "sys.argv = ['waarborg', 'redact']\n"
        "from waarborg.cli.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input="Bel Jan op 06-12345678\n", capture_output=True,
                          text=True)  # fmt: skip
    assert done.stdout == "Bel [NAAM] op [TELEFOON]\n", done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_token_mode_and_restore_on_the_command_line(tmp_path: Path) -> None:
    waarborg = Path(sys.executable).parent / "waarborg"
    env = {"WAARBORG_PII_KEY": "a-key-for-this-test", "PATH": ""}
    out = subprocess.run([str(waarborg), "redact", "--mode", "token", "--format", "json"], input=TEXT,
                         capture_output=True, text=True, check=True, env=env)  # fmt: skip
    result = json.loads(out.stdout)
    back = subprocess.run([str(waarborg), "redact", "--restore", result["mapping"]], input=result["text"],
                          capture_output=True, text=True, check=True, env=env)  # fmt: skip
    assert back.stdout == TEXT
    no_key = subprocess.run([str(waarborg), "redact", "--mode", "token"], input=TEXT, capture_output=True, text=True,
                            env={"PATH": ""})  # fmt: skip
    assert no_key.returncode == 2 and "WAARBORG_PII_KEY" in no_key.stderr


def test_the_http_endpoint_needs_a_key(vault: Vault) -> None:
    with vault.unit() as unit:
        token = create_key(unit.data, vault.register, "chatbot", ["newsletter"], False)
    with TestClient(create_app(vault)) as client:
        assert client.post("/api/v1/redact", json={"text": TEXT}).status_code == 401
        response = client.post("/api/v1/redact", json={"text": TEXT, "lang": "en"},
                               headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert response.status_code == 200 and response.json()["text"].startswith("Bel [NAME] op [PHONE]")
        assert client.post("/api/v1/redact", json={"text": TEXT, "mode": "token"},
                           headers={"Authorization": f"Bearer {token}"}).status_code == 422  # fmt: skip
