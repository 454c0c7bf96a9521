"""Run in a fresh process: export the findings to a sink, printing peak RSS early and at the end."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from automation_admin.models.jobs.export import write_export
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock


class Sink:
    """Discards the CSV; notes peak RSS once a tenth of the rows has been written."""

    def __init__(self, rows: int) -> None:
        self.lines, self.early, self.rows = 0, 0, rows

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        if not self.early and self.lines >= self.rows // 10:
            self.early = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return len(text)


def main() -> None:
    vault = unlock(DataLayout(Path(sys.argv[1])), sys.argv[2], "bench")
    sink = Sink(int(sys.argv[3]))
    write_export(vault, "discovery_findings", "csv", sink)  # type: ignore[arg-type]
    vault.lock()
    print(sink.early, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    main()
