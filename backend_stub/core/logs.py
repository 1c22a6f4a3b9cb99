"""Service logs for several processes: one JSON object a line, with who and where.

Why: with `serve --workers N` (and several hosts) lines from many processes end up
in one stream; each line carries what is needed to put a request back together and
to find the till it came from: `request_id` (the client's X-Request-ID or a new
one), `store` and `terminal` (set when the terminal key is accepted) and `worker`
(the process id). Member and card numbers never reach a log: any run of 8 or more
digits in a message is masked to its last four (`mask_digits`), whatever logged it.
The per-request access log is off unless asked for (`serve --access-log`): at
chain scale it costs a write per request on the hot path; problems and errors are
logged, with their context.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
store: ContextVar[int | None] = ContextVar("store", default=None)
terminal: ContextVar[int | None] = ContextVar("terminal", default=None)

_LONG_NUMBER = re.compile(r"\d{8,}")


def mask_digits(text: str) -> str:
    """Every run of 8+ digits (card, member, national id, phone) → `*…1234`."""
    return _LONG_NUMBER.sub(lambda m: "*" * (len(m[0]) - 4) + m[0][-4:], text)


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line, with the request's context and masked numbers."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": mask_digits(record.getMessage()),
            "worker": os.getpid(),
        }
        for name, var in (("request_id", request_id), ("store", store), ("terminal", terminal)):
            value = var.get()
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["error"] = mask_digits(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


def uvicorn_log_config(level: str, fmt: str = "json") -> dict:
    """`log_config` for uvicorn (every worker applies it): our loggers and uvicorn's."""
    formatter = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "service",
        "stream": "ext://sys.stderr",
    }
    loggers = ("backend_stub", "uvicorn", "uvicorn.error", "uvicorn.access")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"service": formatter},
        "handlers": {"service": handler},
        "loggers": {
            name: {"handlers": ["service"], "level": level.upper(), "propagate": False}
            for name in loggers
        },
    }
