"""What the demo's reference library holds: notes the automation assistant downloaded about
the browser libraries it writes scripts with (a few KB of Markdown per file, as a real
documentation download would be). Written for the demo; no third-party text is copied."""

from __future__ import annotations

import hashlib

from automation_admin.models.store.paths import DataLayout

PLAYWRIGHT_README = """\
# Playwright for Python (reference copy)

Downloaded by the automation assistant as background for generated scripts. This copy
summarises the parts of the library the scripts use; the upstream project's documentation
remains the authority.

## What it is

Playwright drives Chromium, Firefox and WebKit through one API. The synchronous API
(`playwright.sync_api`) suits short scripts: each call blocks until the browser has done
what was asked, and every action waits for its element to be ready first.

## A minimal session

```python
from playwright.sync_api import sync_playwright

with sync_playwright() as p:
    browser = p.chromium.launch()
    page = browser.new_page()
    page.goto("https://example.com/login")
    page.get_by_label("Email").fill("{{ACCOUNT_EMAIL}}")
    page.get_by_label("Password").fill("{{ACCOUNT_PASSWORD}}")
    page.get_by_role("button", name="Sign in").click()
    browser.close()
```

Generated scripts never contain credentials: the runner replaces each `{{PLACEHOLDER}}`
with a value from the vault at run time, and the review refuses scripts that hold one.

## Conventions used by generated scripts

- Locate elements the way a person would: by role and accessible name, by label, by
  visible text. CSS and XPath selectors are a last resort, because they break when a
  dashboard is restyled.
- Assert with `expect(...)`, which retries until the condition holds or a timeout passes,
  instead of sleeping for a fixed time.
- Pause with `checkpoint(type, text)` before anything that spends money, creates or
  revokes keys, creates accounts or cannot be undone; the runner waits for a person.
- Return what was done with `record_result(...)`; the runner stores it with the run.

## Files in this copy

- `docs/locators.md`: finding elements, and why role-based locators last longer.
- `docs/auto-waiting.md`: what each action waits for, and the timeouts.
- `docs/downloads.md`: saving files a page offers, such as exported reports.

## Version

Pinned to the commit recorded in the manifest. The library changes quickly; when a
generated script fails on a renamed method, the assistant refreshes this copy first.
"""

PLAYWRIGHT_LOCATORS = """\
# Locators

A locator describes how to find an element; it is resolved again each time it is used, so
a locator made before the page changed still finds the element after it changed.

## Preferred locators, in order

1. `page.get_by_role("button", name="Save limits")`: the element's ARIA role and its
   accessible name. This is how assistive technology sees the page, and it survives most
   redesigns because the words on the button rarely change.
2. `page.get_by_label("Monthly budget")`: form fields by the text of their label.
3. `page.get_by_placeholder(...)`, `page.get_by_text(...)`: when a field has no label, or
   for static text.
4. `page.get_by_test_id("new-key-value")`: an attribute the site added for tests, when it
   has one. Stable, but many dashboards do not provide them.
5. `page.locator("css=...")` or `page.locator("xpath=...")`: only when nothing above works.
   The selectors library of each provider records these, with the date they were verified.

## Narrowing

Locators chain: `page.get_by_role("row", name="production-2026-08").get_by_role("button",
name="Revoke")` finds the Revoke button inside one row of a table, not the first Revoke
button on the page. Filtering with `has_text=` does the same for containers without a role.

## Strictness

An action on a locator that matches more than one element fails instead of guessing. This
is deliberate: a script that clicked the wrong "Delete" would do harm quietly. When a
locator is ambiguous, narrow it; do not reach for `.first` unless the order is meaningful.

## Reading values

`inner_text()`, `input_value()` and `get_attribute()` read from the element when called.
Values read from a page that look like credentials are handed to `record_result` for the
runner to store in the vault; they are never printed or written to a file.
"""

PLAYWRIGHT_WAITING = """\
# Auto-waiting

Before an action, Playwright checks that the element is ready for it and retries until it
is, or until the action's timeout (30 seconds by default) runs out.

| action | waits until the element is |
|---|---|
| `click()` | attached, visible, stable (not animating), enabled, receiving events |
| `fill()` | attached, visible, enabled, editable |
| `check()` | attached, visible, stable, enabled, receiving events |
| `inner_text()` | attached |

## Assertions

`expect(locator).to_be_visible()`, `to_have_text(...)`, `to_have_value(...)` and their
relatives retry the same way. Prefer them to reading a value and comparing it in Python,
which checks once and races the page.

## Navigation

`page.goto(url)` waits for the load event by default. Single-page dashboards often keep
loading data after that; wait for the element the script needs next rather than for the
network to go quiet, which some dashboards never do.

## Timeouts

- Set a longer timeout on the one step that needs it (`timeout=15_000` on a slow sign-in),
  not on the whole page.
- A timeout is reported with the locator that did not become ready; the runner keeps a
  screenshot of the page at that moment for the run history.

## Things that do not wait

`page.evaluate(...)` runs script in the page immediately. Generated scripts avoid it: what
it does cannot be checked by the review, and it does not wait for anything.
"""

PLAYWRIGHT_DOWNLOADS = """\
# Downloads

A file the page offers (an exported CSV, an invoice PDF) arrives as a download event.
Start waiting for it before the click that causes it:

```python
with page.expect_download() as download_info:
    page.get_by_role("button", name="Export CSV").click()
download = download_info.value
print(download.suggested_filename)
```

## Where files go

Downloads are kept in a temporary folder that is deleted when the browser context closes.
`download.save_as(path)` copies one elsewhere. The runner gives each run its own temporary
folder; generated scripts save only there, and the review flags writes anywhere else.

## Large files

`download.path()` waits for the download to finish. Exports of a year of usage can take a
while to be prepared by the provider; raise the timeout of the click, not of the page.

## Failed downloads

`download.failure()` returns the reason when the browser could not complete it. Record it
with the run's result so the history shows why no file was archived, and let the run fail
rather than retry on its own: an export that failed once often fails the same way again.
"""

PUPPETEER_README = """\
# Puppeteer (reference copy)

Downloaded by the automation assistant for comparison: some providers publish examples
for Puppeteer only, and the assistant translates them into Playwright for Python.

## What it is

Puppeteer is a Node.js library that drives Chrome or Firefox over the DevTools or WebDriver
BiDi protocol. Its API is asynchronous: every call returns a promise.

## The same steps as a Playwright script

```js
const browser = await puppeteer.launch();
const page = await browser.newPage();
await page.goto("https://example.com/login");
await page.locator("input[name=email]").fill(process.env.ACCOUNT_EMAIL);
await page.locator("button[type=submit]").click();
await browser.close();
```

## Translating examples

| Puppeteer | Playwright for Python |
|---|---|
| `page.locator("::-p-aria(Save)")` | `page.get_by_role("button", name="Save")` |
| `page.waitForSelector(sel)` | `expect(page.locator(sel)).to_be_visible()` |
| `page.$eval(sel, fn)` | `page.locator(sel).evaluate(...)` (avoided: not reviewable) |
| `page.waitForNavigation()` | usually unnecessary: actions and assertions wait |

## Files in this copy

- `docs/selectors.md`: selector syntax, including the ARIA and text query handlers.
- `docs/network.md`: waiting for responses, and why scripts should not intercept them.

## Caution

Examples found online often read credentials from environment variables or paste them
into the page with `evaluate`. Translated scripts always use `{{PLACEHOLDERS}}` typed into
fields, so the review can prove where each credential goes.
"""

PUPPETEER_SELECTORS = """\
# Selectors

`page.locator(selector)` and the older `page.$(selector)` accept CSS by default, plus query
handlers chosen with a prefix:

- `::-p-aria(Name)` or `::-p-aria([name="Name"][role="button"])`: by accessible name and
  role, the closest match to Playwright's `get_by_role`.
- `::-p-text(Sign in)`: by visible text.
- `::-p-xpath(//section[@id='billing'])`: XPath, for pages without better hooks.

## Stability

As in Playwright, prefer accessible names to structure. The provider selectors recorded in
the vault note which form each selector takes; when a dashboard is redesigned, the CSS ones
are the first to break, and the Library tab shows them as broken.

## Waiting

Locators wait for the element to be visible and enabled before acting. `waitForSelector`
remains for older code. Fixed sleeps (`waitForTimeout`) appear in many examples and are
removed in translation.

## Shadow DOM

CSS queries pierce open shadow roots with `>>>`. Playwright pierces them by default, so
the combinator is dropped in translation.
"""

PUPPETEER_NETWORK = """\
# Network

Scripts can watch responses the page receives:

```js
const response = await page.waitForResponse(
  (r) => r.url().endsWith("/api/usage") && r.status() === 200,
);
const usage = await response.json();
```

This reads the same data the dashboard renders, which is sometimes easier than scraping the
table. The translated Playwright form is `page.expect_response(...)`.

Match responses by their path and status, not by their order: dashboards load panels in
parallel, and the usage call may arrive before or after the one for the account's plan.
A response body read this way is handed to `record_result` as it is; the runner keeps the
numbers it knows (requests, quota, cost) and ignores the rest.

## Request interception

`page.setRequestInterception(true)` lets a script change or block requests. Generated
scripts never do this: a script that can rewrite requests can also send a credential to any
host, which the review could not rule out. The review marks interception as "cannot be
verified".

## Cookies and sessions

Examples that save cookies to a file to skip the sign-in next time are not translated as
they are: a saved session is a credential. The runner signs in on every run instead, with
the credentials from the vault.
"""

SOURCES = (
    (
        "playwright-python",
        "https://github.com/microsoft/playwright-python",
        {
            "README.md": PLAYWRIGHT_README,
            "docs/locators.md": PLAYWRIGHT_LOCATORS,
            "docs/auto-waiting.md": PLAYWRIGHT_WAITING,
            "docs/downloads.md": PLAYWRIGHT_DOWNLOADS,
        },
    ),
    (
        "puppeteer",
        "https://github.com/puppeteer/puppeteer",
        {
            "README.md": PUPPETEER_README,
            "docs/selectors.md": PUPPETEER_SELECTORS,
            "docs/network.md": PUPPETEER_NETWORK,
        },
    ),
)


def write_reference_library(layout: DataLayout) -> None:
    """The files on disk and their manifest rows (the commit is a stand-in digest)."""
    from automation_admin.models.library.references import ReferenceLibrary

    library = ReferenceLibrary(layout)
    for name, url, files in SOURCES:
        folder = library.folder / name
        for relative, text in files.items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        library.record(name, url, hashlib.sha1(name.encode()).hexdigest(), name)
