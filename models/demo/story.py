"""The checkpoints of each demo task, one story for the script and its decisions.

Each task's steps are the `checkpoint()` calls its script makes, in order; a run reaches a
prefix of them, and each decision records the step's type, its text with the placeholders
filled in (provider names as they are written), the action the runner proposed and the form
it was about to submit. So a financial step proposes money matters, a key step a key change,
and every decision can be found in its script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What the demo runner typed into each placeholder that a decision shows (never a secret).
FILLED = {
    "ORG_NAME": "Demo Co sandbox",
    "ADMIN_EMAIL": "ops@demo.example",
    "SANDBOX_CAP_USD": "50",
    "PO_NUMBER": "PO-4711",
    "BILLING_EMAIL": "billing@demo.example",
    "MONTHLY_CAP_USD": "200",
    "ALERT_PERCENT": "80",
    "NEW_LABEL": "production-2026-11",
    "OLD_LABEL": "production-2026-08",
}
_PLACEHOLDER = re.compile(r"\{\{([A-Z0-9_]+)\}\}")


# Notes a reviewer might leave, by checkpoint type: when approving, and when changing the
# proposed value first.
NOTES = {
    "financial": ("Checked against the finance sheet.", "Changed the purchase order first."),
    "billing": ("Matches the budget agreed for this quarter.", "Lowered the amount first."),
    "account": ("Name agreed with the team.", "Fixed a typo in the name first."),
    "api_key": ("Old key still in use until tonight's deploy.", "Renamed the key first."),
    "irreversible": ("A copy is kept in the shared drive.", "Narrowed it to one item first."),
    "script_review": ("Columns match last week's layout.", "Dropped an empty row first."),
}


@dataclass(frozen=True)
class Step:
    kind: str  # checkpoint_type
    text: str  # the checkpoint() text in the script, with {{PLACEHOLDERS}}
    action: str  # what the runner proposes to do next
    field: str  # the form field the step is about
    value: str

    @property
    def call(self) -> str:
        """The script line that pauses for this step."""
        return f'    checkpoint("{self.kind}", "{self.text}")\n'

    def description(self, provider: str) -> str:
        return fill(self.text).replace("{p}", provider)

    def proposed(self, provider: str) -> str:
        return fill(self.action).replace("{p}", provider)


def fill(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: FILLED.get(m.group(1), m.group(0)), text)


STEPS: dict[str, tuple[Step, ...]] = {
    "account_creation": (
        Step(
            "account",
            "Create the organization {{ORG_NAME}}",
            "Create the organization {{ORG_NAME}} on {p}",
            "Organization name",
            "{{ORG_NAME}}",
        ),
        Step(
            "account",
            "Invite {{ADMIN_EMAIL}} as an administrator",
            "Send the invitation to {{ADMIN_EMAIL}}",
            "Email",
            "{{ADMIN_EMAIL}}",
        ),
        Step(
            "api_key",
            "Create the first API key of {{ORG_NAME}}",
            "Create the key sandbox-ci and copy it to the vault",
            "Key name",
            "sandbox-ci",
        ),
        Step(
            "billing",
            "Cap {{ORG_NAME}} at {{SANDBOX_CAP_USD}} USD a month",
            "Click 'Save limits' with a monthly cap of {{SANDBOX_CAP_USD}} USD",
            "Monthly budget",
            "{{SANDBOX_CAP_USD}}",
        ),
    ),
    "payment_config": (
        Step(
            "financial",
            "Switch the account to invoice billing",
            "Save invoice billing with purchase order {{PO_NUMBER}}",
            "Purchase order",
            "{{PO_NUMBER}}",
        ),
        Step(
            "financial",
            "Send invoices to {{BILLING_EMAIL}}",
            "Set the billing email to {{BILLING_EMAIL}}",
            "Billing email",
            "{{BILLING_EMAIL}}",
        ),
        Step(
            "billing",
            "Keep the budget alert at {{ALERT_PERCENT}} %",
            "Keep the spending alert at {{ALERT_PERCENT}} % of the monthly budget",
            "Budget alert",
            "{{ALERT_PERCENT}}",
        ),
        Step(
            "irreversible",
            "Remove the card on file",
            "Remove the card ending 4242 from {p}",
            "Payment method",
            "card ending 4242",
        ),
    ),
    "billing_restriction": (
        Step(
            "billing",
            "Set the hard monthly cap to {{MONTHLY_CAP_USD}} USD",
            "Click 'Save limits' with a hard cap of {{MONTHLY_CAP_USD}} USD",
            "Monthly budget",
            "{{MONTHLY_CAP_USD}}",
        ),
        Step(
            "billing",
            "Alert at {{ALERT_PERCENT}} % of the cap",
            "Email an alert when spend reaches {{ALERT_PERCENT}} % of the cap",
            "Alert threshold",
            "{{ALERT_PERCENT}}",
        ),
        Step(
            "financial",
            "Apply the cap to every project",
            "Apply the {{MONTHLY_CAP_USD}} USD cap to all 3 projects on {p}",
            "Scope",
            "all projects",
        ),
    ),
    "api_key_management": (
        Step(
            "api_key",
            "Create the key {{NEW_LABEL}}",
            "Create the key {{NEW_LABEL}} and copy it to the vault",
            "Name",
            "{{NEW_LABEL}}",
        ),
        Step(
            "api_key",
            "Store {{NEW_LABEL}} in the vault",
            "Replace the vault's {p} production key with {{NEW_LABEL}}",
            "Vault entry",
            "{{NEW_LABEL}}",
        ),
        Step(
            "irreversible",
            "Revoke the old key {{OLD_LABEL}}",
            "Revoke the previous key {{OLD_LABEL}}",
            "Key",
            "{{OLD_LABEL}}",
        ),
    ),
    "dashboard_scrape": (
        Step(
            "script_review",
            "Confirm the table still has the recorded columns",
            "Read the columns Date, Requests and Cost",
            "Columns",
            "Date, Requests, Cost",
        ),
        Step(
            "script_review",
            "Check the usage table before it is saved",
            "Save 30 rows of {p} usage to the dashboard",
            "Rows",
            "30",
        ),
    ),
    "custom": (
        Step(
            "account",
            "Confirm the organization whose log is exported",
            "Export the audit log of Demo Co on {p}",
            "Organization",
            "Demo Co",
        ),
        Step(
            "irreversible",
            "Export and archive the audit log",
            "Click 'Export CSV' and archive the {p} audit log",
            "Format",
            "CSV",
        ),
    ),
}
