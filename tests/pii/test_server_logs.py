"""The server's log lines carry no personal data: uvicorn's and Waarborg's loggers go through the PII filter."""

from __future__ import annotations

import logging
import logging.config

import pytest

from waarborg.pii.logfilter import server_log_config


def test_server_logs_are_scrubbed(capsys: pytest.CaptureFixture[str]) -> None:
    config = server_log_config()
    config["formatters"]["default"]["use_colors"] = True  # as on a terminal: uvicorn then prints color_message
    assert all("scrub_personal_data" in handler["filters"] for handler in config["handlers"].values())
    logging.config.dictConfig(config)
    try:
        logging.getLogger("waarborg.vault.example").warning("could not mail an@example.nl (06-12345678)")
        logging.getLogger("uvicorn.error").info(
            "client 10.1.2.3 sent BSN 111222333", extra={"color_message": "client \x1b[1m10.1.2.3\x1b[0m sent"}
        )
        logging.getLogger("uvicorn.error").info("Uvicorn running on %s://%s:%d", "http", "127.0.0.1", 8000)
    finally:
        for name in ("waarborg", "uvicorn", "uvicorn.error", "uvicorn.access"):
            for handler in list(logging.getLogger(name).handlers):
                logging.getLogger(name).removeHandler(handler)
        logging.getLogger("waarborg").propagate = True
    err = capsys.readouterr().err
    for value in ("an@example.nl", "12345678", "10.1.2.3", "111222333"):
        assert value not in err, err
    assert "could not mail [EMAIL] ([PHONE])" in err and "[BSN]" in err
    assert "Uvicorn running on http://127.0.0.1:8000" in err, "the server's own address is no one's"
