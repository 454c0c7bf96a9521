"""The safety review of an automation script, computed locally from its text: deny by default.

The review follows what the script does (every address it opens or sends to, every place a
placeholder's value flows, every file it writes, every import) and says "No problems found"
only when each of these is proven safe. Whatever it cannot prove is a warning that says so;
a credential reaching anything but a form field on the provider's own sites, a secret in the
text, a syntax error or a missing checkpoint is a blocker.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
from collections import OrderedDict

from automation_admin.models.scripts.review.analyzer import Analyzer
from automation_admin.models.scripts.review.items import (
    CLEAN_VERDICT,
    Review,
    ReviewItem,
    Severity,
)
from automation_admin.models.scripts.review.placeholders import (
    ReviewContext,
    placeholders_in,
    shown,
)
from automation_admin.models.scripts.review.state import TooComplex
from automation_admin.models.scripts.review.text import text_findings
from automation_admin.models.scripts.review.urls import host_of
from automation_admin.models.security import redaction

__all__ = [
    "CHECKPOINT_REQUIRED",
    "CLEAN_VERDICT",
    "Review",
    "ReviewContext",
    "ReviewItem",
    "Severity",
    "context_for",
    "review_script",
    "visited_hosts",
]

MAX_CHARACTERS = 400_000  # about 8,000 lines: beyond that, reading it would stall the worker
# Task types whose scripts must pause for a person before acting (seed: HITL checkpoints).
CHECKPOINT_REQUIRED = {
    "account_creation",
    "payment_config",
    "billing_restriction",
    "api_key_management",
}


def review_script(
    content: str,
    task_type: str,
    context: ReviewContext | None = None,
    redactor: redaction.Redactor | None = None,
) -> Review:
    """Everything a person approving the script should know, each with its line."""
    context = context or ReviewContext()
    review = Review()
    hit = (redactor or redaction.active()).find_secret(content)
    if hit is not None:
        line, kind = hit
        review.add(
            ReviewItem(
                Severity.BLOCKER,
                line,
                f"holds {kind}; use a placeholder",
                "Script text is stored and shown; the runner fills placeholders from the vault.",
                "secret",
            )
        )
    for item in text_findings(content):
        review.add(item)
    if len(content) > MAX_CHARACTERS:
        size = f"{len(content):,} characters"
        too_complex(
            review, context, content, f"is too large to review ({size}): it cannot be verified"
        )
        return review.finish()
    try:
        tree = ast.parse(content)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None) or 1
        message = getattr(exc, "msg", None) or "the text cannot be read as Python"
        review.add(
            ReviewItem(
                Severity.BLOCKER,
                line,
                f"Python syntax error: {message}",
                "The runner could not run it, and the review cannot read it.",
                "syntax",
            )
        )
        return review.finish()
    analyzer = Analyzer(context, review)
    try:
        analyzer.run_module(tree)
    except (TooComplex, RecursionError):
        too_complex(
            review,
            context,
            content,
            "is too large or too convoluted for the review to follow to the end: the rest "
            "cannot be verified",
        )
    if task_type in CHECKPOINT_REQUIRED and not analyzer.has_checkpoint:
        review.add(
            ReviewItem(
                Severity.BLOCKER,
                1,
                f"a {task_type.replace('_', ' ')} script must call checkpoint() before it acts",
                "The runner pauses at checkpoint() so a person confirms the action.",
                "checkpoint",
            )
        )
    return review.finish()


def too_complex(review: Review, context: ReviewContext, content: str, what: str) -> None:
    # Where credentials are involved, what the review could not follow may leak them.
    credentials = context.credentials(placeholders_in(content))
    review.add(
        ReviewItem(
            Severity.BLOCKER if credentials else Severity.WARNING,
            1,
            what,
            "The review cannot tell what the rest does"
            + (
                f", and it uses {shown(credentials)}."
                if credentials
                else ", so a person must judge it."
            ),
            "too-complex",
        )
    )


_HOSTS: OrderedDict[str, frozenset[str]] = OrderedDict()


def visited_hosts(content: str) -> frozenset[str]:
    """The hosts a script opens or sends to through literal addresses (for the hosts of a
    provider's approved scripts); remembered by content, since approved scripts rarely
    change."""
    digest = hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()
    found = _HOSTS.get(digest)
    if found is not None:
        _HOSTS.move_to_end(digest)
        return found
    try:
        tree = ast.parse(content)
    except (SyntaxError, ValueError):
        found = frozenset()
    else:
        analyzer = Analyzer(ReviewContext(), Review())
        with contextlib.suppress(TooComplex, RecursionError):
            analyzer.run_module(tree)
        found = frozenset(analyzer.targets)
    _HOSTS[digest] = found
    if len(_HOSTS) > 1024:
        _HOSTS.popitem(last=False)
    return found


def context_for(
    provider: str,
    urls: list[str],
    *,
    provider_id: str = "",
    approved_scripts: list[str] = (),  # type: ignore[assignment]
    secret_names: dict[str, frozenset[str]] | None = None,
    provider_names: dict[str, str] | None = None,
) -> ReviewContext:
    """The context from the provider's dashboard and API addresses, the contents of its
    approved scripts and the vault's secret names."""
    hosts = {h for h in (host_of(u) for u in urls if u) if h}
    for script in approved_scripts:
        hosts |= visited_hosts(script)
    return ReviewContext(
        provider=provider,
        provider_id=provider_id,
        known_hosts=frozenset(hosts),
        secret_names={k.upper(): v for k, v in (secret_names or {}).items()},
        provider_names=provider_names or {},
    )
