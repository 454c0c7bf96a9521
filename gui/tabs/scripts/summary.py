"""A script in plain words: the heading of its detail pane."""

from __future__ import annotations

import html

from automation_admin.gui.formatting import exact, words
from automation_admin.models.scripts import service as scripts_data


def header_html(info: scripts_data.ScriptDetail, provider_name: str) -> str:
    """Title and version, description, provider, task, author, status, times and runs."""
    row = info.row
    e = html.escape
    last = (
        f"{words(row['last_execution_status'])} {exact(row['last_executed_at'])}"
        if row["last_executed_at"]
        else "never run"
    )
    return (
        f"<h3>{e(row['title'])} <small>v{row['version']}</small></h3>"
        f"<p>{e(row['description'])}</p><p>{e(provider_name)} · {e(words(row['task_type']))} · "
        f"written by {e(row['model_used'])} · <b>{e(words(row['approval_status']))}</b>"
        f"<br>created {e(exact(row['created_at']))} · updated {e(exact(row['updated_at']))}"
        f" · {row['execution_count']} run(s), last: {e(last)}</p>"
    )
