"""The Checkpoints filter and a decision in plain words."""

from __future__ import annotations

import html

from automation_admin.gui.formatting import exact, week_label, words
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.checkpoints.service import Weeks
from automation_admin.models.schema.enums import DECISIONS


def describe_filter(
    query: checkpoints_data.CheckpointQuery,
    weeks: Weeks | None,
    week: str | None,
    names: dict[str, str],
) -> str:
    """'312 decisions (290 approved, 20 rejected, 2 modified) on billing checkpoints for
    Stripe, in the week 12 Oct to 18 Oct 2026'. `names` maps provider and script
    ids to what the user sees."""
    if weeks is None:
        head = "Counting decisions"
    else:
        counts = dict.fromkeys(DECISIONS, 0)
        for monday, bucket in weeks:
            if week is None or monday == week:
                for decision, count in bucket.items():
                    counts[decision] = counts.get(decision, 0) + count
        total = sum(counts.values())
        # A decision another (newer) program wrote is counted and named, not dropped.
        order = [*DECISIONS, *sorted(set(counts) - set(DECISIONS))]
        split = ", ".join(f"{counts[d]:,} {words(d)}" for d in order if counts[d])
        head = f"{total:,} decision{'s' if total != 1 else ''}" + (f" ({split})" if split else "")
    parts = [head]
    if query.types:
        parts.append(f"on {' or '.join(words(t) for t in query.types)} checkpoints")
    if query.provider:
        parts.append(f"for {names.get(query.provider, query.provider)}")
    if query.script_id:
        parts.append(f"in “{names.get(query.script_id, 'one script')}”")
    if query.execution_id:
        parts.append("in one run")
    if week is not None:
        parts.append(f"in the week {week_label(week)}")
    elif query.date_from or query.date_to:
        parts.append(f"decided {query.date_from or '…'} to {query.date_to or 'today'}")
    if query.text.strip():
        parts.append(f"matching “{query.text.strip()}”")
    return " ".join(parts)


def detail_html(info: checkpoints_data.CheckpointDetail) -> str:
    row = info.row
    e = html.escape
    notes = row["user_notes"] or ""
    return (
        f"<h3>{e(row['checkpoint_description'])}</h3>"
        f"<p>{e(words(row['checkpoint_type']))} checkpoint · <b>{e(words(row['decision']))}</b>"
        f" · decided {e(exact(row['decided_at']))}</p>"
        f"<h4>Proposed action</h4><p>{e(row['proposed_action'])}</p>"
        f"<h4>Notes</h4><p>{e(notes) if notes.strip() else '<i>No notes.</i>'}</p>"
    )


# How a run's status reads in a sentence ("This run …"); a newer status is named as it is.
RUN_STATES = {
    "running": "is still running",
    "paused_at_checkpoint": "is paused at a checkpoint",
    "success": "succeeded",
    "failure": "failed",
    "aborted": "was aborted",
}


def run_text(run: dict[str, object]) -> str:
    if not run:
        return "The run this decision belongs to is no longer in the vault."
    status = str(run["status"])
    state = RUN_STATES.get(status, f"ended as “{words(status)}”")
    completed = f", finished {exact(str(run['completed_at']))}" if run["completed_at"] else ""
    return (
        f"This run {state}: started {exact(str(run['started_at']))}{completed}. "
        f"{run['checkpoints_reached']} checkpoint(s) reached, {run['checkpoints_approved']} "
        f"approved, {run['checkpoints_rejected']} rejected."
    )
