"""The Findings tab: triage list, detail, summary and the search log."""
