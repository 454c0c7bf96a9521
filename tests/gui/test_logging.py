"""Operational logs are written to <root>/logs/ and scrubbed like the vault's writes."""

from __future__ import annotations

import logging

from automation_admin.models.security import redaction
from automation_admin.models.store.paths import DataLayout


def test_log_lines_are_redacted(layout: DataLayout) -> None:
    from automation_admin.gui.logging_setup import configure

    layout.ensure_root()
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        configure(layout.logs_dir)
        redaction.activate(lambda: ["vault-secret-value-123"])
        logging.getLogger("test").warning(
            "request failed with key %s and %s", "vault-secret-value-123", "sk-proj-" + "a1B2" * 8
        )
        for handler in root.handlers:
            handler.flush()
        text = (layout.logs_dir / "automation-admin.log").read_text()
        assert "request failed with key [REDACTED] and [REDACTED]" in text
        assert "vault-secret-value-123" not in text
        assert (layout.logs_dir / "automation-admin.log").stat().st_mode & 0o777 == 0o600
    finally:
        redaction.deactivate()
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
