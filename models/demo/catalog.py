"""What the demo profile is made of: real providers, believable findings, real scripts."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from automation_admin.models.demo.story import STEPS

_ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class ProviderInfo:
    id: str
    name: str
    homepage: str
    docs: str
    dashboard: str
    api_base: str
    keys: tuple[str, ...]
    shape: str  # how its secret values look, for `secret_value`
    features: tuple[str, ...]
    scopes: tuple[str, ...]


PROVIDERS: tuple[ProviderInfo, ...] = (
    ProviderInfo(
        "openai",
        "OpenAI",
        "https://openai.com",
        "https://platform.openai.com/docs",
        "https://platform.openai.com/usage",
        "https://api.openai.com/v1",
        ("OPENAI_API_KEY", "OPENAI_EVAL_KEY"),
        "openai",
        ("chat.completions", "embeddings", "batch", "realtime"),
        ("model.request", "files.read", "fine_tuning.write"),
    ),
    ProviderInfo(
        "anthropic",
        "Anthropic",
        "https://www.anthropic.com",
        "https://docs.anthropic.com",
        "https://console.anthropic.com/settings/usage",
        "https://api.anthropic.com/v1",
        ("ANTHROPIC_API_KEY",),
        "anthropic",
        ("messages", "message_batches", "prompt_caching"),
        ("messages:write",),
    ),
    ProviderInfo(
        "github",
        "GitHub",
        "https://github.com",
        "https://docs.github.com",
        "https://github.com/settings/tokens",
        "https://api.github.com",
        ("GITHUB_TOKEN", "GH_DEPLOY_TOKEN"),
        "github",
        ("actions", "packages", "codespaces"),
        ("repo", "workflow", "read:org"),
    ),
    ProviderInfo(
        "stripe",
        "Stripe",
        "https://stripe.com",
        "https://docs.stripe.com",
        "https://dashboard.stripe.com/apikeys",
        "https://api.stripe.com/v1",
        ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
        "stripe",
        ("payments", "billing", "radar", "tax"),
        ("charges:write", "customers:read"),
    ),
    ProviderInfo(
        "twilio",
        "Twilio",
        "https://www.twilio.com",
        "https://www.twilio.com/docs",
        "https://console.twilio.com/us1/monitor/usage",
        "https://api.twilio.com/2010-04-01",
        ("TWILIO_AUTH_TOKEN", "TWILIO_API_KEY"),
        "twilio",
        ("sms", "voice", "verify"),
        ("messages:create", "calls:read"),
    ),
    ProviderInfo(
        "aws",
        "AWS",
        "https://aws.amazon.com",
        "https://docs.aws.amazon.com",
        "https://console.aws.amazon.com/billing/home",
        "https://sts.amazonaws.com",
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
        "aws",
        ("s3", "ses", "lambda", "bedrock"),
        ("s3:GetObject", "ses:SendEmail"),
    ),
    ProviderInfo(
        "sendgrid",
        "SendGrid",
        "https://sendgrid.com",
        "https://www.twilio.com/docs/sendgrid",
        "https://app.sendgrid.com/statistics",
        "https://api.sendgrid.com/v3",
        ("SENDGRID_API_KEY",),
        "sendgrid",
        ("mail.send", "marketing", "templates"),
        ("mail.send", "templates.read"),
    ),
    ProviderInfo(
        "cloudflare",
        "Cloudflare",
        "https://www.cloudflare.com",
        "https://developers.cloudflare.com",
        "https://dash.cloudflare.com",
        "https://api.cloudflare.com/client/v4",
        ("CLOUDFLARE_API_TOKEN",),
        "cloudflare",
        ("dns", "workers", "r2", "waf"),
        ("zone:dns:edit", "workers:write"),
    ),
    ProviderInfo(
        "mapbox",
        "Mapbox",
        "https://www.mapbox.com",
        "https://docs.mapbox.com",
        "https://account.mapbox.com/statistics",
        "https://api.mapbox.com",
        ("MAPBOX_ACCESS_TOKEN",),
        "mapbox",
        ("geocoding", "directions", "static_tiles"),
        ("styles:read", "fonts:read"),
    ),
    ProviderInfo(
        "google-maps",
        "Google Maps Platform",
        "https://mapsplatform.google.com",
        "https://developers.google.com/maps/documentation",
        "https://console.cloud.google.com/google/maps-apis/metrics",
        "https://maps.googleapis.com/maps/api",
        ("GOOGLE_MAPS_API_KEY",),
        "google",
        ("places", "routes", "geocoding"),
        ("maps.places", "maps.routes"),
    ),
)
PROVIDERS_BY_ID = {p.id: p for p in PROVIDERS}
ENVIRONMENTS = ("PROD", "STAGING", "CI", "DEV", "BATCH", "EU", "US", "BACKUP", "WORKER", "ADMIN")


def secret_value(shape: str, rng: random.Random) -> str:
    """A random value shaped like the provider's real keys (never a real key)."""

    def pick(n: int, alphabet: str = _ALNUM) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    if shape == "openai":
        return "sk-proj-" + pick(48)
    if shape == "anthropic":
        return "sk-ant-api03-" + pick(86, _ALNUM + "-_") + "AA"
    if shape == "github":
        return "ghp_" + pick(36)
    if shape == "stripe":
        return "sk_live_51" + pick(96)
    if shape == "twilio":
        return "SK" + pick(32, "0123456789abcdef")
    if shape == "aws":
        return "AKIA" + pick(16, string.ascii_uppercase + string.digits)
    if shape == "sendgrid":
        return "SG." + pick(22, _ALNUM + "-_") + "." + pick(43, _ALNUM + "-_")
    if shape == "mapbox":
        return "pk.eyJ1IjoiZGVtbyIsImEiOiJ" + pick(20) + "." + pick(22, _ALNUM + "-_")
    if shape == "google":
        return "AIza" + pick(35, _ALNUM + "-_")
    return pick(40, _ALNUM + "_")


# (title, snippet, impact, recommendation) per category; {p} is the provider's name.
FINDING_TEMPLATES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "deprecation": (
        (
            "{p} retires the {f} v1 endpoints on {d}",
            "Starting {d}, requests to the legacy {f} v1 endpoints will return 410 Gone. "
            "Migrate to v2, which adds pagination cursors and structured errors.",
            "{k} key(s) in this vault were used against v1 endpoints in the last 30 days.",
            "Update the client libraries to the v2 endpoints and re-run the smoke tests "
            "before {d}.",
        ),
        (
            "{p} deprecates legacy API keys without scopes",
            "Unscoped keys created before 2024 stop working on {d}. New keys must list the "
            "permissions they need.",
            "Keys created before 2024 lose access; {k} of your keys are unscoped.",
            "Create scoped replacement keys, roll them out, then revoke the old ones.",
        ),
    ),
    "pricing_update": (
        (
            "{p} changes {f} pricing from {d}",
            "The per-request price of {f} rises by 12% for the standard tier; committed-use "
            "discounts are unchanged.",
            "At last month's volume this adds about $38 a month to the bill.",
            "Review the spending cap and consider the committed-use tier.",
        ),
        (
            "{p} introduces a free tier for {f}",
            "Accounts now get the first 10,000 {f} calls each month at no cost.",
            "Your current usage of {f} fits within the new free allowance.",
            "No action needed; lower the budget alert threshold to catch regressions.",
        ),
    ),
    "security_advisory": (
        (
            "{p} security advisory: rotate keys exposed in CI logs",
            "A logging change in a popular CI action printed request headers. {p} recommends "
            "rotating any key used in affected workflows between two dates.",
            "{k} key(s) were used from CI during the affected window.",
            "Rotate the affected keys now and review the CI log retention policy.",
        ),
        (
            "{p} enforces IP allow-lists for admin keys",
            "Admin-scoped keys must be restricted to known IP ranges from {d}; requests from "
            "other addresses will be refused.",
            "Admin keys without IP restrictions will stop working.",
            "Add the office and CI egress ranges to the key restrictions.",
        ),
    ),
    "capability_change": (
        (
            "{p} adds batch processing to {f}",
            "{f} now accepts batches of up to 50,000 requests with results within 24 hours at "
            "half the price.",
            "Nightly jobs could move to batches and halve their cost.",
            "Evaluate the batch endpoint for the nightly export job.",
        ),
        (
            "{p} raises default rate limits for {f}",
            "Default limits for {f} double for accounts in good standing.",
            "Throttling seen last week on two keys should ease.",
            "Remove the client-side backoff override after confirming the new limits.",
        ),
    ),
    "new_alternative": (
        (
            "An open alternative to {p} {f} reaches general availability",
            "A self-hostable service with a compatible API for {f} is now generally available.",
            "Could replace part of the {p} spend for internal tools.",
            "Track it; revisit when the current contract renews.",
        ),
    ),
    "service_modification": (
        (
            "{p} moves {f} to a new regional endpoint",
            "Requests for EU customers must use the EU endpoint from {d} to keep data residency.",
            "Clients hard-coding the global endpoint will be redirected with added latency.",
            "Switch EU workloads to the regional base URL.",
        ),
        (
            "{p} changes the webhook signature format",
            "Webhook signatures move to a versioned header on {d}; the old header stays for 90 "
            "days.",
            "Webhook handlers that check the old header will need an update.",
            "Update the verification code to accept both headers during the transition.",
        ),
    ),
}
FINDING_PATHS = {
    "deprecation": "changelog",
    "pricing_update": "pricing",
    "security_advisory": "security",
    "capability_change": "blog",
    "new_alternative": "news",
    "service_modification": "changelog",
}
NOTES = (
    "Discussed in the weekly ops review.",
    "Owner: platform team. Ticket PLAT-{n}.",
    "Not used in production; ignoring.",
    "Already migrated in the last sprint.",
    "Waiting for the vendor to confirm dates.",
)

TASK_TITLES = {
    "account_creation": "Create a sandbox account on {p}",
    "payment_config": "Set up invoice billing on {p}",
    "billing_restriction": "Cap monthly spend on {p}",
    "api_key_management": "Rotate the {p} production key",
    "dashboard_scrape": "Collect {p} usage from the dashboard",
    "custom": "Export {p} audit log",
}
# The first checkpoint each task's script reaches (its steps: models.demo.story.STEPS).
TASK_CHECKPOINT = {task: steps[0].kind for task, steps in STEPS.items()}
REJECT_REASONS = (
    "Clicks 'Delete' without a checkpoint before it",
    "Uses a selector that broke last week; regenerate after the dashboard redesign",
    "Wrong account: this must run against the staging organization",
    "The cap is set per project, not per organization; plan is wrong",
)
MODELS = ("claude-sonnet-4-5", "gpt-4.1", "claude-opus-4-1", "llama-3.3-70b-local")


# Mistakes an assistant makes, for a few pending demo scripts (the review flags each): a
# debugging screenshot saved in the current folder (a warning: a file outside the runner's
# temporary folder), and a key printed while debugging (a blocker: a credential in the log).
FLAWS = {
    "screenshot": '    page.screenshot(path="after-sign-in.png")\n',
    "log": '    print("Signed in; the key in use is {{{{{key}}}}}")\n',
}


def script_content(task: str, provider: ProviderInfo, version: int, flaw: str = "") -> str:
    """Playwright for Python, with {{PLACEHOLDERS}} for every credential and checkpoints."""
    head = (
        f'"""{TASK_TITLES[task].format(p=provider.name)} (version {version}).\n\n'
        "Generated by the automation assistant; every credential is a placeholder that the\n"
        'runner fills from the vault at run time."""\n\n'
        "from playwright.sync_api import Page, expect\n\n"
        "from automation_runtime import checkpoint, record_result\n\n\n"
        "def run(page: Page) -> dict:\n"
        f'    page.goto("{provider.dashboard}")\n'
        '    page.get_by_label("Email").fill("{{ACCOUNT_EMAIL}}")\n'
        '    page.get_by_label("Password").fill("{{ACCOUNT_PASSWORD}}")\n'
        '    page.get_by_role("button", name="Sign in").click()\n'
        '    expect(page.get_by_role("navigation")).to_be_visible(timeout=15_000)\n'
    )
    # @N@ marks where the script pauses for the task's step N (models.demo.story).
    bodies = {
        "account_creation": (
            '    page.get_by_role("link", name="Create organization").click()\n'
            '    page.get_by_label("Organization name").fill("{{ORG_NAME}}")\n'
            "@0@"
            '    page.get_by_role("button", name="Create").click()\n'
            '    page.get_by_role("link", name="Members").click()\n'
            '    page.get_by_label("Email").fill("{{ADMIN_EMAIL}}")\n'
            "@1@"
            '    page.get_by_role("button", name="Send invitation").click()\n'
            '    page.get_by_role("link", name="API keys").click()\n'
            '    page.get_by_label("Key name").fill("sandbox-ci")\n'
            "@2@"
            '    page.get_by_role("button", name="Create key").click()\n'
            '    page.get_by_role("link", name="Limits").click()\n'
            '    page.get_by_label("Monthly budget").fill("{{SANDBOX_CAP_USD}}")\n'
            "@3@"
            '    page.get_by_role("button", name="Save limits").click()\n'
            "    return record_result(created=page.url)\n"
        ),
        "payment_config": (
            '    page.get_by_role("link", name="Billing").click()\n'
            '    page.get_by_role("radio", name="Invoice").check()\n'
            '    page.get_by_label("Purchase order").fill("{{PO_NUMBER}}")\n'
            "@0@"
            '    page.get_by_role("button", name="Save").click()\n'
            '    page.get_by_label("Billing email").fill("{{BILLING_EMAIL}}")\n'
            "@1@"
            '    page.get_by_role("button", name="Save contact").click()\n'
            '    page.get_by_label("Budget alert").fill("{{ALERT_PERCENT}}")\n'
            "@2@"
            '    page.get_by_role("button", name="Save alert").click()\n'
            "@3@"
            '    page.get_by_role("row", name="card ending 4242").get_by_role(\n'
            '        "button", name="Remove"\n'
            "    ).click()\n"
            '    return record_result(billing="invoice")\n'
        ),
        "billing_restriction": (
            '    page.get_by_role("link", name="Limits").click()\n'
            '    page.get_by_label("Monthly budget").fill("{{MONTHLY_CAP_USD}}")\n'
            "@0@"
            '    page.get_by_role("button", name="Save limits").click()\n'
            '    page.get_by_label("Alert threshold").fill("{{ALERT_PERCENT}}")\n'
            "@1@"
            '    page.get_by_role("button", name="Save alert").click()\n'
            '    page.get_by_label("Apply to all projects").check()\n'
            "@2@"
            '    page.get_by_role("button", name="Apply").click()\n'
            '    return record_result(cap="{{MONTHLY_CAP_USD}}")\n'
        ),
        "api_key_management": (
            '    page.get_by_role("link", name="API keys").click()\n'
            '    page.get_by_role("button", name="Create new key").click()\n'
            '    page.get_by_label("Name").fill("{{NEW_LABEL}}")\n'
            "@0@"
            '    page.get_by_role("button", name="Create key").click()\n'
            '    new_key = page.get_by_test_id("new-key-value").inner_text()\n'
            "@1@"
            "@2@"
            '    page.get_by_role("row", name="{{OLD_LABEL}}").get_by_role(\n'
            '        "button", name="Revoke"\n'
            "    ).click()\n"
            '    return record_result(vault_update={"{{VAULT_ENTRY}}": new_key})\n'
        ),
        "dashboard_scrape": (
            '    page.get_by_role("link", name="Usage").click()\n'
            '    table = page.locator("table.usage-summary")\n'
            "    expect(table).to_be_visible()\n"
            "@0@"
            '    rows = table.locator("tbody tr").all_inner_texts()\n'
            "@1@"
            "    return record_result(usage_rows=rows)\n"
        ),
        "custom": (
            '    page.get_by_role("link", name="Audit log").click()\n'
            "@0@"
            "@1@"
            "    with page.expect_download() as download:\n"
            '        page.get_by_role("button", name="Export CSV").click()\n'
            "    return record_result(file=download.value.suggested_filename)\n"
        ),
    }
    body = bodies[task]
    for number, step in enumerate(STEPS[task]):
        body = body.replace(f"@{number}@", step.call)
    if flaw:
        head += FLAWS[flaw].format(key=provider.keys[0])
    return head + body


EXECUTION_ERRORS = (
    "TimeoutError: locator.click: Timeout 30000ms exceeded waiting for "
    "get_by_role('button', name='Save')",
    "Error: net::ERR_CONNECTION_RESET at {dashboard}",
    "AssertionError: expected navigation to be visible; the login page asked for a second factor",
    "HTTP 429 Too Many Requests from {api}; retry after 60 s",
    "Login failed: Authorization: Bearer {leak} was rejected",
)
SEARCH_ERRORS = (
    "HTTP 429 Too Many Requests from the search API; retry after 60 s",
    "Timeout after 20 s fetching {homepage}/changelog",
    "TLS handshake failed for {homepage}",
)
SELECTOR_TYPES = {
    "usage_requests": ("css", "table.usage-summary tbody tr:first-child td.requests"),
    "usage_cost": ("xpath", "//section[@id='billing']//span[contains(@class,'amount')]"),
    "config_region": ("css", "[data-testid='project-region']"),
    "restriction_rate_limit": ("json_path", "$.limits.requests_per_minute"),
    "config_tier": ("css", "div.plan-badge > span"),
    "usage_quota_percent": ("json_path", "$.usage.quota.percent_used"),
}
RECOMMENDATIONS = (
    (
        "Send transactional email (password resets, receipts)",
        "transactional email",
        "sendgrid",
        "SendGrid",
        "Mature deliverability tooling and templates.",
        "Free up to 100 emails/day; from $19.95/month",
        True,
    ),
    (
        "Geocode customer addresses on import",
        "geocoding",
        "mapbox",
        "Mapbox Geocoding",
        "Batch geocoding with permissive storage terms.",
        "100,000 free requests/month",
        True,
    ),
    (
        "Summarise support tickets nightly",
        "LLM summarisation",
        "anthropic",
        "Anthropic Claude",
        "Strong long-context summaries; batch API halves cost.",
        "Usage-based; batch at 50% off",
        False,
    ),
    (
        "Store user uploads with signed URLs",
        "object storage",
        "aws",
        "Amazon S3",
        "Already used for backups; IAM policies in place.",
        "Pay per GB stored and transferred",
        True,
    ),
    (
        "Protect the signup form from bots",
        "bot protection",
        "cloudflare",
        "Cloudflare Turnstile",
        "Invisible challenge, no image puzzles.",
        "Free",
        True,
    ),
    (
        "Two-factor codes by SMS",
        "SMS verification",
        "twilio",
        "Twilio Verify",
        "Handles retries and fraud checks.",
        "$0.05 per verification",
        False,
    ),
    (
        "Route delivery drivers",
        "routing",
        "google-maps",
        "Google Routes API",
        "Traffic-aware routes with waypoints optimisation.",
        "$5 per 1,000 routes",
        False,
    ),
    (
        "Run CI for pull requests",
        "continuous integration",
        "github",
        "GitHub Actions",
        "Repositories already live on GitHub.",
        "2,000 free minutes/month",
        True,
    ),
)
# A second service for some requirements (requirement text -> (provider id, service,
# rationale, pricing, free tier)), recommended beside the first, never instead of it.
ALTERNATIVES: dict[str, tuple[tuple[str, str, str, str, bool], ...]] = {
    "Send transactional email (password resets, receipts)": (
        (
            "aws",
            "Amazon SES",
            "Lowest price per message at volume; the account is already on AWS.",
            "$0.10 per 1,000 emails",
            False,
        ),
    ),
    "Geocode customer addresses on import": (
        (
            "google-maps",
            "Google Geocoding API",
            "Best match rate on rural addresses in the test set.",
            "$5 per 1,000 requests after the monthly credit",
            True,
        ),
    ),
    "Summarise support tickets nightly": (
        (
            "openai",
            "OpenAI Batch API",
            "Half price for jobs that can wait a day.",
            "Usage-based; batch at 50% off",
            False,
        ),
    ),
    "Route delivery drivers": (
        (
            "mapbox",
            "Mapbox Directions",
            "Cheaper for short urban routes; no traffic model.",
            "100,000 free requests/month",
            True,
        ),
    ),
}
PROJECTS = (
    ("Storefront", "/home/demo/src/storefront"),
    ("Support Desk", "/home/demo/src/support-desk"),
    ("Logistics", "/home/demo/src/logistics"),
)
