"""The Findings filter in plain words: '1,204 new critical findings for OpenAI'."""

from __future__ import annotations

import html
from urllib.parse import urlparse

from automation_admin.gui.formatting import exact, words
from automation_admin.models.findings import service as findings_data

# Of each text in the detail pane: Qt lays out a whole document at once, and another program
# may write 10 MB into a title or a snippet (a frozen window).
DETAIL_CHARS = 20_000


def describe_filter(
    query: findings_data.FindingQuery, count: int | None, provider_name: str | None
) -> str:
    """A plain-words summary: '1,204 new critical findings for OpenAI'."""
    parts = [f"{count:,}" if count is not None else "Counting"]
    if query.statuses:
        parts.append(" or ".join(query.statuses))
    if query.urgencies:
        parts.append(" or ".join(words(u) for u in query.urgencies))
    if query.categories:
        parts.append(" or ".join(words(c) for c in query.categories))
    parts.append("finding" if count == 1 else "findings")
    if provider_name:
        parts.append(f"for {provider_name}")
    if query.date_from or query.date_to:
        parts.append(f"discovered {query.date_from or '…'} to {query.date_to or 'today'}")
    if query.min_relevance:
        parts.append(f"with relevance ≥ {query.min_relevance:.2f}")
    if query.text.strip():
        parts.append(f"matching “{query.text.strip()}”")
    return " ".join(parts)


def detail_html(info: findings_data.FindingDetail) -> str:
    """The finding in the detail pane: source link (domain shown), text, keys, times."""
    row = info.row

    def e(text: str) -> str:
        return html.escape(text if len(text) <= DETAIL_CHARS else text[: DETAIL_CHARS - 1] + "…")

    domain = urlparse(row["source_url"]).netloc or row["source_url"]
    keys = ", ".join(e(k) for k in info.provider_keys) or "no keys in this vault"
    reviewed = exact(row["reviewed_at"]) if row["reviewed_at"] else "not yet"
    return (
        f"<h3>{e(row['source_title'])}</h3>"
        f"<p><a href='{e(row['source_url'])}'>{e(domain)}</a> · {e(info.provider_name)} · "
        f"{e(words(row['category']))} · <b>{e(words(row['urgency']))}</b> · relevance "
        f"{row['relevance_score']:.2f} · {e(words(row['user_status']))}</p>"
        f"<blockquote>{e(row['source_snippet'])}</blockquote>"
        f"<h4>Impact</h4><p>{e(row['impact_summary'])}</p>"
        f"<h4>Recommendation</h4><p>{e(row['action_recommendation'])}</p>"
        f"<p><b>Keys for {e(info.provider_name)}:</b> {keys}</p>"
        f"<p>Discovered {e(exact(row['discovered_at']))} · created "
        f"{e(exact(row['created_at']))} · reviewed {e(reviewed)}</p>"
    )
