"""Operational logs in `<root>/logs/`, scrubbed by the same redactor as the vault's writes."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from automation_admin.models.security import redaction
from automation_admin.models.store.paths import ensure_private_dir, ensure_private_file


class RedactingFilter(logging.Filter):
    """Formats the message first, then scrubs it: arguments never reach the file unscrubbed."""

    def filter(self, record: logging.LogRecord) -> bool:
        # current(): the policy as last built; building it may read the vault, and this
        # runs on any thread, the UI thread included.
        record.msg = redaction.current().scrub_text(record.getMessage())
        record.args = None
        return True


def configure(logs_dir: Path) -> None:
    ensure_private_dir(logs_dir)
    path = ensure_private_file(logs_dir / "automation-admin.log")
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
